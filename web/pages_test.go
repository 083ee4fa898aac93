package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"zapisy/intake"
	"zapisy/storage"
	"zapisy/web"
)

func TestDashboard(t *testing.T) {
	eachDB(t, func(t *testing.T, db *storage.DB) {
		seed(t, db)
		signUp(t, db, "m2", "Klub Seniora „Złota Jesień”", "a@ngo.example", "", 2)
		signUp(t, db, "m2", "Stowarzyszenie Wędrowników", "b@ngo.example", "", 1)
		signUp(t, db, "m1", "Fundacja Pomocy", "c@ngo.example", "", 3)
		storeReview(t, db, 1, reviewMail)
		d := newDesk(t, db, web.Options{})
		r := d.get("/")
		wantCode(t, r, 200)
		wantBody(t, r,
			"Konsultacje programu współpracy — Podgórze", "środa, 19 listopada 2014, godz. 16:00–18:00",
			"3 / 60", "2 / 2", "komplet", "1 (1 osoba)", // m2: full, one group waiting
			"<strong>1</strong> wiadomość czeka", "<strong>0</strong> powiadomień",
			"Spotkania, które się odbyły (1)", "Hasło dla pracowników nie jest ustawione")
		if ct := r.header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("content type %q", ct)
		}
	})
}

func TestMeetingPageAndExports(t *testing.T) {
	eachDB(t, func(t *testing.T, db *storage.DB) {
		seed(t, db)
		signUp(t, db, "m1", "Fundacja Łąka", "anna@ngo.example", "", 2)
		phoneOnly := signUp(t, db, "m1", "Koło Gospodyń Wiejskich", "", "+48601234567", 1)
		d := newDesk(t, db, web.Options{})

		r := d.get("/spotkania/m1")
		wantCode(t, r, 200)
		wantBody(t, r, "Fundacja Łąka", "anna@ngo.example", "zapisany", "e-mail", "3 / 60",
			"601 234 567", "brak adresu e-mail", `value="`+phoneOnly.ID+`"`,
			"/spotkania/m1/eksport.csv", "/spotkania/m1/eksport.json", "/spotkania/m1/eksport.xlsx")

		r = d.get("/spotkania/m9")
		wantCode(t, r, 404)

		csv := d.get("/spotkania/m1/eksport.csv")
		wantCode(t, csv, 200)
		if !strings.HasPrefix(csv.body, "\ufeffLp.,Spotkanie,Organizacja") || !strings.Contains(csv.body, "Fundacja Łąka") || !strings.Contains(csv.body, "\r\n") {
			t.Errorf("CSV export:\n%q", csv.body)
		}
		if cd := csv.header.Get("Content-Disposition"); cd != `attachment; filename="zapisy-m1.csv"` {
			t.Errorf("disposition %q", cd)
		}
		js := d.get("/spotkania/m1/eksport.json")
		wantCode(t, js, 200)
		var regs []map[string]any
		if err := json.Unmarshal([]byte(js.body), &regs); err != nil || len(regs) != 2 || regs[0]["organization"] != "Fundacja Łąka" {
			t.Errorf("JSON export %v: %s", err, js.body)
		}
		xlsx := d.get("/spotkania/m1/eksport.xlsx")
		wantCode(t, xlsx, 200)
		book, err := excelize.OpenReader(strings.NewReader(xlsx.body))
		if err != nil {
			t.Fatalf("XLSX export does not open: %v", err)
		}
		defer book.Close()
		if rows, err := book.GetRows("Zapisy"); err != nil || len(rows) != 3 || rows[1][2] != "Fundacja Łąka" {
			t.Errorf("XLSX rows %q %v", rows, err)
		}
		wantCode(t, d.get("/spotkania/m9/eksport.csv"), 404)
	})
}

func TestStaffWithdraw(t *testing.T) {
	eachDB(t, func(t *testing.T, db *storage.DB) {
		seed(t, db)
		first := signUp(t, db, "m2", "Klub Seniora", "a@ngo.example", "", 2)
		waiting := signUp(t, db, "m2", "Stowarzyszenie Wędrowników", "b@ngo.example", "", 1)
		other := signUp(t, db, "m1", "Fundacja Pomocy", "c@ngo.example", "", 1)
		d := newDesk(t, db, web.Options{})
		ctx := context.Background()

		tests := []struct {
			name, reg, staff string
			code             int
			page             string
		}{
			{"no staff name", first.ID, "", 422, "Wpisz swoje imię"},
			{"registration of another meeting", other.ID, "Ala", 404, "Nie ma takiego zapisu"},
			{"unknown registration", "nope", "Ala", 404, "Nie ma takiego zapisu"},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				r := d.post("/spotkania/m2/wycofaj", url.Values{"registration": {tc.reg}, "staff": {tc.staff}})
				wantCode(t, r, tc.code)
				wantBody(t, r, tc.page)
			})
		}
		if reg, _ := db.GetRegistration(ctx, first.ID); reg.Status != storage.StatusRegistered {
			t.Fatalf("withdrawn on error: %s", reg.Status)
		}
		d.wantNudges(0)

		r := d.post("/spotkania/m2/wycofaj", url.Values{"registration": {first.ID}, "staff": {"Martyna Niedośpiał"}})
		wantCode(t, r, 303)
		d.wantNudges(1) // the withdrawal's confirmation and the promotion go out at once
		if r.location != "/spotkania/m2?wypisano="+first.ID {
			t.Errorf("redirect to %q", r.location)
		}
		reg, _ := db.GetRegistration(ctx, first.ID)
		if reg.Status != storage.StatusWithdrawn {
			t.Fatalf("status %s", reg.Status)
		}
		evs, _ := db.Events(ctx, first.ID)
		if last := evs[len(evs)-1]; last.Actor != "staff: Martyna Niedośpiał" {
			t.Errorf("actor %q", last.Actor)
		}
		if reg, _ := db.GetRegistration(ctx, waiting.ID); reg.Status != storage.StatusRegistered {
			t.Errorf("waiting list not promoted: %s", reg.Status)
		}
		page := d.do("GET", r.location, nil, map[string]string{"Cookie": strings.Split(r.header.Get("Set-Cookie"), ";")[0]})
		wantBody(t, page, "Wypisano: Klub Seniora.", `value="Martyna Niedośpiał"`)
	})
}

func TestPhoneSignUp(t *testing.T) {
	eachDB(t, func(t *testing.T, db *storage.DB) {
		seed(t, db)
		d := newDesk(t, db, web.Options{})
		ctx := context.Background()

		r := d.get("/telefon")
		wantCode(t, r, 200)
		wantBody(t, r, `<label for="phone">Telefon`, `<option value="m1"`, "Pracownik")
		wantNotBody(t, r, `<option value="m0"`) // past

		good := url.Values{"meeting": {"m1"}, "org": {"Stowarzyszenie Łąka"}, "name": {"Jan Żółw"},
			"phone": {"600 123 456"}, "email": {""}, "attendees": {"2"}, "note": {"dojazd wózkiem"}, "staff": {"Ala"}}
		with := func(k, v string) url.Values { return withField(good, k, v) }
		bad := []struct {
			name, field string
			form        url.Values
			want        string
		}{
			{"no meeting", "meeting", with("meeting", ""), "Wybierz spotkanie."},
			{"unknown meeting", "meeting", with("meeting", "m9"), "Nie ma takiego spotkania."},
			{"past meeting", "meeting", with("meeting", "m0"), "już się zaczęło"},
			{"bad phone", "phone", with("phone", "12"), "To nie jest poprawny numer telefonu"},
			{"letters in phone", "phone", with("phone", "600 123 456 wew. 12"), "To nie jest poprawny numer telefonu"},
			{"no phone", "phone", with("phone", ""), "Podaj numer telefonu."},
			{"bad email", "email", with("email", "anna@"), "To nie jest adres e-mail"},
			{"too many people", "attendees", with("attendees", "80"), "od 1 do 50"},
			{"no staff", "staff-phone", with("staff", ""), "Wpisz swoje imię i nazwisko"},
		}
		for _, tc := range bad {
			t.Run(tc.name, func(t *testing.T) {
				r := d.post("/telefon", tc.form)
				wantCode(t, r, 422)
				wantBody(t, r, `id="`+tc.field+`-err"`, tc.want, "Nie zapisano", `value="Stowarzyszenie Łąka"`)
			})
		}
		t.Run("no organisation nor name", func(t *testing.T) {
			f := with("org", "")
			f.Set("name", "")
			r := d.post("/telefon", f)
			wantCode(t, r, 422)
			wantBody(t, r, `id="org-err"`, "Podaj nazwę organizacji albo imię i nazwisko")
		})
		if regs, _ := db.Registrations(ctx, storage.RegistrationFilter{}); len(regs) != 0 {
			t.Fatalf("stored on error: %d registrations", len(regs))
		}

		d.wantNudges(0)
		r = d.post("/telefon", good)
		wantCode(t, r, 303)
		if !strings.HasPrefix(r.location, "/telefon?zapisano=") {
			t.Fatalf("redirect %q", r.location)
		}
		d.wantNudges(1) // the confirmation goes out at once
		regs, _ := db.Registrations(ctx, storage.RegistrationFilter{MeetingID: "m1"})
		if len(regs) != 1 || regs[0].Phone != "+48600123456" || regs[0].Source != storage.SourcePhone || regs[0].Attendees != 2 || regs[0].Note != "dojazd wózkiem" {
			t.Fatalf("registrations %+v", regs)
		}
		evs, _ := db.Events(ctx, regs[0].ID)
		if evs[0].Actor != "phone: Ala" {
			t.Errorf("actor %q", evs[0].Actor)
		}
		page := d.get(r.location)
		wantBody(t, page, "Zapisano", "Stowarzyszenie Łąka", "2 osoby", "liście do obdzwonienia")

		// The same caller again (same phone, other notation): found, not added.
		again := with("phone", "+48 600-123-456")
		r = d.post("/telefon", again)
		wantCode(t, r, 303)
		if r.location != "/telefon?juz="+regs[0].ID {
			t.Fatalf("redirect %q", r.location)
		}
		page = d.get(r.location)
		wantBody(t, page, "Ta osoba jest już zapisana", "Nowego zapisu nie dodano", "zapisany")
		if regs, _ := db.Registrations(ctx, storage.RegistrationFilter{}); len(regs) != 1 {
			t.Errorf("%d registrations after a repeat", len(regs))
		}
		d.wantNudges(1) // a repeat queues nothing
	})
}

func TestReviewQueue(t *testing.T) {
	eachDB(t, func(t *testing.T, db *storage.DB) {
		seed(t, db)
		ctx := context.Background()
		toRegister := storeReview(t, db, 1, reviewMail)
		toIgnore := storeReview(t, db, 2, reviewMail)
		d := newDesk(t, db, web.Options{})

		r := d.get("/przeglad")
		wantCode(t, r, 200)
		wantBody(t, r, "/przeglad/"+toRegister.ID, "/przeglad/"+toIgnore.ID, "grazyna@fundacja-lak.example", "nie wskazano spotkania", "9 listopada 2014, 21:00")

		r = d.get("/przeglad/" + toRegister.ID)
		wantCode(t, r, 200)
		wantBody(t, r,
			"Zgłoszenie na konsultacje",                        // decoded subject
			"chciałabym zgłosić Fundację Łąka na konsultacje.", // decoded ISO-8859-2 text
			"Grażyna Łącka &lt;grazyna@fundacja-lak.example&gt;",
			"do decyzji pracownika", `value="Grażyna Łącka"`, `value="grazyna@fundacja-lak.example"`,
			`<option value="m1"`)
		wantCode(t, d.get("/przeglad/nope"), 404)

		base := url.Values{"meeting": {"m1"}, "org": {"Fundacja Łąka"}, "name": {"Grażyna Łącka"},
			"email": {"grazyna@fundacja-lak.example"}, "phone": {""}, "krs": {"123456"}, "attendees": {"2"}, "staff": {"Ola"}}
		with := func(k, v string) url.Values { return withField(base, k, v) }
		bad := []struct {
			name, field string
			form        url.Values
			want        string
		}{
			{"no meeting", "meeting", with("meeting", ""), "Wybierz spotkanie."},
			{"bad KRS", "krs", with("krs", "12a"), "Numer KRS"},
			{"bad phone", "phone", with("phone", "abc"), "poprawny numer"},
			{"no address", "email", with("email", ""), "Podaj adres e-mail albo telefon"},
			{"bad people", "attendees", with("attendees", "0"), "od 1 do 50"},
			{"no staff", "staff-register", with("staff", ""), "Wpisz swoje imię"},
		}
		for _, tc := range bad {
			t.Run(tc.name, func(t *testing.T) {
				r := d.post("/przeglad/"+toRegister.ID+"/zapisz", tc.form)
				wantCode(t, r, 422)
				wantBody(t, r, `id="`+tc.field+`-err"`, tc.want)
			})
		}
		if regs, _ := db.Registrations(ctx, storage.RegistrationFilter{}); len(regs) != 0 {
			t.Fatalf("stored on error: %d", len(regs))
		}

		d.wantNudges(0)
		r = d.post("/przeglad/"+toRegister.ID+"/zapisz", base)
		wantCode(t, r, 303)
		d.wantNudges(1)
		regs, _ := db.Registrations(ctx, storage.RegistrationFilter{MeetingID: "m1"})
		if len(regs) != 1 || regs[0].KRS != "0000123456" || regs[0].Attendees != 2 || regs[0].Email != "grazyna@fundacja-lak.example" {
			t.Fatalf("registrations %+v", regs)
		}
		if r.location != "/przeglad?zapisano="+regs[0].ID {
			t.Errorf("redirect %q", r.location)
		}
		in, _ := db.GetInbound(ctx, toRegister.ID)
		if in.ReviewState != "done" || in.ReviewedBy != "Ola" {
			t.Errorf("review state %q by %q", in.ReviewState, in.ReviewedBy)
		}
		ns, _ := db.Notices(ctx, storage.NoticeFilter{RegistrationID: regs[0].ID, Kind: storage.KindConfirmation})
		if len(ns) != 1 || ns[0].InReplyTo == "" {
			t.Errorf("confirmation %+v", ns)
		}
		wantBody(t, d.get(r.location), "Zapisano: Fundacja Łąka — Konsultacje programu współpracy — Podgórze (zapisany).")

		// Closed: a second submission changes nothing.
		r = d.post("/przeglad/"+toRegister.ID+"/zapisz", base)
		wantCode(t, r, 409)
		wantBody(t, r, "już rozpatrzono (Ola)")

		// Ignore: closed, nothing sent.
		before, _ := db.Notices(ctx, storage.NoticeFilter{})
		r = d.post("/przeglad/"+toIgnore.ID+"/pomin", url.Values{"staff": {""}})
		wantCode(t, r, 422)
		r = d.post("/przeglad/"+toIgnore.ID+"/pomin", url.Values{"staff": {"Ola"}})
		wantCode(t, r, 303)
		in, _ = db.GetInbound(ctx, toIgnore.ID)
		if in.ReviewState != "done" || in.ReviewedBy != "Ola" {
			t.Errorf("ignored: state %q by %q", in.ReviewState, in.ReviewedBy)
		}
		after, _ := db.Notices(ctx, storage.NoticeFilter{})
		if len(after) != len(before) {
			t.Errorf("ignore queued %d notices", len(after)-len(before))
		}
		r = d.get("/przeglad?pominieto=1")
		wantBody(t, r, "Wiadomość zamknięta bez odpowiedzi.", "Nic nie czeka.")
	})
}

func TestFailedNotices(t *testing.T) {
	eachDB(t, func(t *testing.T, db *storage.DB) {
		seed(t, db)
		signUp(t, db, "m1", "Fundacja Łąka", "nikt@ngo.example", "", 1)
		n := failNotice(t, db, "550 5.1.1 <nikt@ngo.example>: Recipient address rejected")
		nudged := 0
		d := newDesk(t, db, web.Options{OnQueued: func() { nudged++ }})

		r := d.get("/powiadomienia")
		wantCode(t, r, 200)
		wantBody(t, r, "potwierdzenie zapisu", "nikt@ngo.example", "odrzucone", "550 5.1.1 &lt;nikt@ngo.example&gt;: Recipient address rejected",
			"/powiadomienia/"+n.ID+"/wyslij", "Konsultacje programu współpracy")
		wantBody(t, d.get("/"), "<strong>1</strong> powiadomienie nie doszło")

		wantCode(t, d.post("/powiadomienia/"+n.ID+"/wyslij", url.Values{"staff": {""}}), 422)
		r = d.post("/powiadomienia/"+n.ID+"/wyslij", url.Values{"staff": {"Ola"}})
		wantCode(t, r, 303)
		got, _ := db.GetNotice(context.Background(), n.ID)
		if got.Status != storage.NoticeQueued || got.MessageID != n.MessageID || nudged != 1 {
			t.Errorf("after resend: status %s, message id %q (was %q), nudged %d", got.Status, got.MessageID, n.MessageID, nudged)
		}
		wantBody(t, d.get(r.location), "Powiadomienie wróciło do kolejki", "Wszystkie powiadomienia doszły")
		r = d.post("/powiadomienia/"+n.ID+"/wyslij", url.Values{"staff": {"Ola"}})
		wantCode(t, r, 409)
	})
}

func TestUnsubscribeLink(t *testing.T) {
	eachDB(t, func(t *testing.T, db *storage.DB) {
		seed(t, db)
		ctx := context.Background()
		reg := signUp(t, db, "m1", "Fundacja Łąka", "anna@ngo.example", "", 2)
		other := signUp(t, db, "m1", "Klub", "k@ngo.example", "", 1)
		d := newDesk(t, db, web.Options{StaffPassword: "tajne"}) // public page needs no login
		link := "/wypisz/" + reg.Token

		for range 2 { // a link scanner fetching twice withdraws no one
			r := d.get(link)
			wantCode(t, r, 200)
			wantBody(t, r, "Wypisanie ze spotkania", "Konsultacje programu współpracy — Podgórze", "środa, 19 listopada 2014, godz. 16:00–18:00",
				"Fundacja Łąka", "2 osoby", `<form method="post" action="`+link+`">`, "Tak, wypisuję się")
			for _, h := range []string{"X-Robots-Tag", "Cache-Control", "Referrer-Policy"} {
				if r.header.Get(h) == "" {
					t.Errorf("no %s header", h)
				}
			}
		}
		wantCode(t, d.do("HEAD", link, nil, nil), 200)
		if got, _ := db.GetRegistration(ctx, reg.ID); got.Status != storage.StatusRegistered {
			t.Fatalf("GET withdrew: %s", got.Status)
		}
		// Before withdrawing, the thank-you address leads back to the button.
		wantCode(t, d.get(link+"/gotowe"), 303)

		d.wantNudges(0)
		r := d.do("POST", link, url.Values{}, map[string]string{"Sec-Fetch-Site": "same-origin"})
		wantCode(t, r, 303)
		d.wantNudges(1) // the withdrawal's confirmation goes out at once
		if r.location != link+"/gotowe" {
			t.Errorf("redirect %q", r.location)
		}
		got, _ := db.GetRegistration(ctx, reg.ID)
		if got.Status != storage.StatusWithdrawn {
			t.Fatalf("status %s", got.Status)
		}
		evs, _ := db.Events(ctx, reg.ID)
		if evs[len(evs)-1].Actor != "link" {
			t.Errorf("actor %q", evs[len(evs)-1].Actor)
		}
		wantBody(t, d.get(link+"/gotowe"), "Dziękujemy — wypisano")
		r = d.get(link)
		wantBody(t, r, "Ten zapis został już wycofany.")
		wantNotBody(t, r, "Tak, wypisuję się")
		// A repeated POST is harmless.
		wantCode(t, d.do("POST", link, url.Values{}, nil), 303)
		d.wantNudges(1)

		wantCode(t, d.get("/wypisz/nieznany"), 404)
		wantCode(t, d.do("POST", "/wypisz/nieznany", url.Values{}, nil), 404)

		// After the meeting began, the link no longer withdraws.
		late := newDesk(t, db, web.Options{Clock: func() time.Time { return time.Date(2014, 11, 19, 16, 30, 0, 0, storage.Warsaw) }})
		lateLink := "/wypisz/" + other.Token
		wantBody(t, late.get(lateLink), "To spotkanie już się odbyło.")
		wantCode(t, late.do("POST", lateLink, url.Values{}, nil), 303)
		if got, _ := db.GetRegistration(ctx, other.ID); got.Status != storage.StatusRegistered {
			t.Errorf("withdrawn after the meeting began: %s", got.Status)
		}
	})
}

func TestEnglishUnsubscribe(t *testing.T) {
	eachDB(t, func(t *testing.T, db *storage.DB) {
		seed(t, db)
		out, err := db.Apply(context.Background(), storage.Change{
			Decision: decisionEN("m1", "jane@ngo.example"), Source: storage.SourceEmail, Actor: "mail", SourceRef: "x", Now: now,
		})
		if err != nil {
			t.Fatal(err)
		}
		d := newDesk(t, db, web.Options{})
		r := d.get("/wypisz/" + out.Registrations[0].Token)
		wantCode(t, r, 200)
		wantBody(t, r, `<html lang="en">`, "Withdraw from the meeting", "Wednesday, 19 November 2014", "Yes, withdraw me")
	})
}

func TestCSVHasBOM(t *testing.T) {
	// The BOM lets Excel read Polish letters; checked byte by byte.
	eachDB(t, func(t *testing.T, db *storage.DB) {
		seed(t, db)
		signUp(t, db, "m1", "Fundacja Łąka", "anna@ngo.example", "", 1)
		d := newDesk(t, db, web.Options{})
		r := d.get("/spotkania/m1/eksport.csv")
		if !bytes.HasPrefix([]byte(r.body), []byte{0xEF, 0xBB, 0xBF}) {
			t.Errorf("no BOM: % x", []byte(r.body)[:8])
		}
	})
}

func decisionEN(meetingID, email string) intake.Decision {
	return intake.Decision{Action: intake.Register, Lang: "en", Registrations: []intake.Registration{{
		MeetingID: meetingID, Organization: "Open Doors Foundation", ContactName: "Jane Doe", Email: email, Attendees: 1,
	}}}
}
