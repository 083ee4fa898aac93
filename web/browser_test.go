package web_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zapisy/storage"
	"zapisy/storage/storagetest"
	"zapisy/web"
)

// browserTimeout bounds the whole browser session (a deadline, not a wait:
// every step waits for the element it needs).
const browserTimeout = 90 * time.Second

// chromium finds the browser: $ZAPISY_TEST_CHROMIUM, /usr/bin/chromium, or
// chromium on the PATH. Without one the test is skipped, or fails under
// ZAPISY_TEST_STRICT=1.
func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("ZAPISY_TEST_CHROMIUM"), "/usr/bin/chromium"} {
		if p == "" {
			continue
		}
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	msg := "no Chromium for the browser test: apt-get install chromium (or set ZAPISY_TEST_CHROMIUM)"
	if os.Getenv(storagetest.EnvStrict) == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// browser starts a headless Chromium with a fresh profile and the switches
// this machine's closed network needs.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	t.Cleanup(cancel)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(bcancel)
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return bctx
}

// screenshot keeps a full-page PNG in $ZAPISY_WEB_SCREENSHOTS, when set,
// for a person to look at.
func screenshot(name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		dir := os.Getenv("ZAPISY_WEB_SCREENSHOTS")
		if dir == "" {
			return nil
		}
		png, err := chromedp.FullScreenshot(100)(ctx, t)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	})
}

// css is a CSS selector (a plain string would be a DOM search).
func css(s string) chromedp.CSS { return chromedp.CSS(s) }

// value runs one reading action, failing the test on error.
func value[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestBrowserPhoneAndReview drives the desk as staff do: a phone sign-up
// with a mistake corrected, then a message of the review queue registered.
func TestBrowserPhoneAndReview(t *testing.T) {
	ctx := browser(t)
	db := seededSQLite(t)
	signUp(t, db, "m2", "Klub Seniora „Złota Jesień”", "a@ngo.example", "", 2)
	signUp(t, db, "m2", "Stowarzyszenie Wędrowników", "b@ngo.example", "", 1)
	in := storeReview(t, db, 1, reviewMail)
	d := newDesk(t, db, web.Options{})
	u := d.srv.URL

	err := chromedp.Do(ctx,
		chromedp.Navigate(u+"/telefon"),
		chromedp.WaitVisible(css(`#meeting`)),
		chromedp.SetValue(css(`#meeting`), "m1"),
		chromedp.SendKeys(css(`#staff-phone`), "Martyna Niedośpiał"),
		// SendKeys drops "ą" (chromedp's key table), so Polish names are set.
		chromedp.SetValue(css(`#org`), "Stowarzyszenie Łąka"),
		chromedp.SendKeys(css(`#name`), "Jan Żółw"),
		chromedp.SendKeys(css(`#phone`), "12"),
		chromedp.SetValue(css(`#attendees`), "2"),
		chromedp.Click(css(`form[action="/telefon"] button[type=submit]`)),
		chromedp.WaitVisible(css(`#phone-err`)),
		screenshot("phone-error"),
	)
	if err != nil {
		t.Fatalf("phone sign-up with a mistake: %v", err)
	}
	if errText := value(t, ctx, chromedp.Text(css(`#phone-err`))); !strings.Contains(errText, "poprawny numer telefonu") {
		t.Errorf("phone error %q", errText)
	}
	err = chromedp.Do(ctx,
		chromedp.SetValue(css(`#phone`), "600 123 456"),
		chromedp.Click(css(`form[action="/telefon"] button[type=submit]`)),
		chromedp.WaitVisible(css(`section.notice.ok`)),
	)
	if err != nil {
		t.Fatalf("phone sign-up corrected: %v", err)
	}
	okText := value(t, ctx, chromedp.Text(css(`section.notice.ok`)))
	if !strings.Contains(okText, "Zapisano") || !strings.Contains(okText, "Stowarzyszenie Łąka") || !strings.Contains(okText, "2 osoby") {
		t.Errorf("confirmation %q", okText)
	}
	regs, _ := db.Registrations(context.Background(), storage.RegistrationFilter{MeetingID: "m1"})
	if len(regs) != 1 || regs[0].Phone != "+48600123456" || regs[0].Organization != "Stowarzyszenie Łąka" || regs[0].ContactName != "Jan Żółw" {
		t.Fatalf("registrations after the form: %+v", regs)
	}

	item := `a[href="/przeglad/` + in.ID + `"]`
	err = chromedp.Do(ctx,
		chromedp.Navigate(u+"/"),
		chromedp.WaitVisible(css(`table`)),
		screenshot("dashboard"),
		chromedp.Navigate(u+"/przeglad"),
		chromedp.WaitVisible(css(item)),
		screenshot("review-list"),
		chromedp.Click(css(item)),
		chromedp.WaitVisible(css(`form[action$="/zapisz"]`)),
		screenshot("review-item"),
	)
	if err != nil {
		t.Fatalf("review queue: %v", err)
	}
	staffTyped := value(t, ctx, chromedp.Value(css(`#staff-register`)))
	err = chromedp.Do(ctx,
		chromedp.SetValue(css(`#meeting`), "m1"),
		chromedp.SetValue(css(`#org`), "Fundacja Łąka"),
		chromedp.SetValue(css(`#krs`), "0000123456"),
		chromedp.Click(css(`form[action$="/zapisz"] button[type=submit]`)),
		chromedp.WaitVisible(css(`.flash`)),
	)
	if err != nil {
		t.Fatalf("review: %v", err)
	}
	flash := value(t, ctx, chromedp.Text(css(`.flash`)))
	if staffTyped != "Martyna Niedośpiał" {
		t.Errorf("staff field not remembered: %q", staffTyped)
	}
	if !strings.Contains(flash, "Zapisano: Fundacja Łąka") {
		t.Errorf("flash %q", flash)
	}
	got, _ := db.GetInbound(context.Background(), in.ID)
	if got.ReviewState != "done" || got.ReviewedBy != "Martyna Niedośpiał" {
		t.Errorf("review: state %q by %q", got.ReviewState, got.ReviewedBy)
	}
	regs, _ = db.Registrations(context.Background(), storage.RegistrationFilter{MeetingID: "m1"})
	if len(regs) != 2 || regs[1].Email != "grazyna@fundacja-lak.example" || regs[1].KRS != "0000123456" || regs[1].ContactName != "Grażyna Łącka" {
		t.Errorf("registration from review: %+v", regs)
	}
}

func TestBrowserWithdrawalLink(t *testing.T) {
	ctx := browser(t)
	db := seededSQLite(t)
	reg := signUp(t, db, "m2", "Klub Seniora „Złota Jesień”", "a@ngo.example", "", 2)
	waiting := signUp(t, db, "m2", "Stowarzyszenie Wędrowników", "b@ngo.example", "+48601234567", 1)
	d := newDesk(t, db, web.Options{})

	err := chromedp.Do(ctx,
		chromedp.Navigate(d.srv.URL+"/spotkania/m2"),
		chromedp.WaitVisible(css(`table`)),
		screenshot("meeting"),
		chromedp.Navigate(d.srv.URL+"/wypisz/"+reg.Token),
		chromedp.WaitVisible(css(`button.danger`)),
		screenshot("withdraw-link"),
		chromedp.Click(css(`button.danger`)),
		chromedp.WaitVisible(css(`#wypisano`)), // on the thank-you page only
		screenshot("withdraw-done"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if h := value(t, ctx, chromedp.Text(css(`#wypisano`))); h != "Dziękujemy — wypisano" {
		t.Errorf("heading %q", h)
	}
	if got, _ := db.GetRegistration(context.Background(), waiting.ID); got.Status != storage.StatusRegistered {
		t.Errorf("waiting list not moved up: %s", got.Status)
	}
}

// TestBrowserMoveMeeting moves a meeting to another hour through the form,
// as staff do: the change is shown back, confirmed, and the registrants are
// owed a "changed" notice.
func TestBrowserMoveMeeting(t *testing.T) {
	ctx := browser(t)
	db := seededSQLite(t)
	reg := signUp(t, db, "m1", "Fundacja Łąka", "anna@ngo.example", "", 2)
	signUp(t, db, "m1", "Koło Gospodyń Wiejskich", "", "+48601234567", 1)
	d := newDesk(t, db, web.Options{})
	edit := `a[href="/spotkania/m1/zmien"]`
	submit := `form[action="/spotkania/m1/zmien"] button[type=submit]`

	err := chromedp.Do(ctx,
		chromedp.Navigate(d.srv.URL+"/spotkania/m1"),
		chromedp.WaitVisible(css(edit)),
		chromedp.Click(css(edit)),
		chromedp.WaitVisible(css(`#start`)),
		screenshot("meeting-edit"),
		chromedp.SendKeys(css(`#staff-meeting`), "Martyna Niedośpiał"),
		chromedp.SetValue(css(`#start`), "17:30"),
		chromedp.SetValue(css(`#end`), "19:00"),
		chromedp.Click(css(submit)),
		chromedp.WaitVisible(css(`#potwierdz`)),
		screenshot("meeting-edit-confirm"),
	)
	if err != nil {
		t.Fatalf("edit form: %v", err)
	}
	warn := value(t, ctx, chromedp.Text(css(`section.notice.warn`)))
	for _, want := range []string{"godz. 17:30–19:00", "1 osoba dostanie e-mail z nowym terminem", "1 zapis nie ma adresu e-mail"} {
		if !strings.Contains(warn, want) {
			t.Errorf("confirmation lacks %q: %q", want, warn)
		}
	}
	if m, _ := db.GetMeeting(context.Background(), "m1"); m.Sequence != 0 {
		t.Fatalf("saved before the confirmation: %+v", m)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(css(submit)),
		chromedp.WaitVisible(css(`.flash`)),
		screenshot("meeting-moved"),
	)
	if err != nil {
		t.Fatalf("confirm: %v", err)
	}
	if flash := value(t, ctx, chromedp.Text(css(`.flash`))); !strings.Contains(flash, "Zapisano nowy termin lub miejsce. 1 osoba dostanie e-mail") {
		t.Errorf("flash %q", flash)
	}
	m, _ := db.GetMeeting(context.Background(), "m1")
	if want := time.Date(2014, 11, 19, 17, 30, 0, 0, storage.Warsaw); !m.StartsAt.Equal(want) || m.Sequence != 1 {
		t.Errorf("after the move: %v, sequence %d", m.StartsAt, m.Sequence)
	}
	if ns, _ := db.Notices(context.Background(), storage.NoticeFilter{RegistrationID: reg.ID, Kind: "changed-1"}); len(ns) != 1 {
		t.Errorf("changed notices %d", len(ns))
	}
}

// seededSQLite is a fresh SQLite database with the test meetings: the
// browser tests need one database, not both.
func seededSQLite(t *testing.T) *storage.DB {
	t.Helper()
	db, err := storage.Open(context.Background(), "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	seed(t, db)
	return db
}
