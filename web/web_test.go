package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"zapisy/intake"
	"zapisy/storage"
	"zapisy/storage/storagetest"
	"zapisy/web"
)

func TestMain(m *testing.M) { storagetest.Main(m) }

// now is the desk's clock in every test: nine days before meeting m1.
var now = time.Date(2014, 11, 10, 9, 0, 0, 0, storage.Warsaw)

// eachDB runs fn against a fresh SQLite database and a fresh PostgreSQL one.
var eachDB = storagetest.EachDB

func meetingOn(id, title string, day, capacity int) storage.Meeting {
	start := time.Date(2014, 11, day, 16, 0, 0, 0, storage.Warsaw)
	return storage.Meeting{ID: id, Title: title, StartsAt: start, EndsAt: start.Add(2 * time.Hour),
		Location: "ul. Józefińska 18, Kraków", Capacity: capacity}
}

// seed adds the meetings every test uses: m1 (roomy), m2 (two places), and
// m0, which took place already.
func seed(t *testing.T, db *storage.DB) {
	t.Helper()
	ms := []storage.Meeting{
		meetingOn("m0", "Spotkanie otwierające", 5, 40),
		meetingOn("m1", "Konsultacje programu współpracy — Podgórze", 19, 60),
		meetingOn("m2", "Konsultacje dla organizacji seniorów", 26, 2),
	}
	if _, err := db.ImportMeetings(context.Background(), ms, now.Add(-30*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
}

// desk is a running staff desk and a client that does not follow redirects.
type desk struct {
	t    *testing.T
	db   *storage.DB
	srv  *httptest.Server
	c    *http.Client
	user string // Basic-auth user, "" for none
	pass string
	// nudges counts the calls of OnQueued when the test gave none.
	nudges *atomic.Int32
}

// wantNudges checks how often the desk told the sender that notices were
// queued.
func (d *desk) wantNudges(n int32) {
	d.t.Helper()
	if got := d.nudges.Load(); got != n {
		d.t.Errorf("sender nudged %d times, want %d", got, n)
	}
}

func newDesk(t *testing.T, db *storage.DB, opts web.Options) *desk {
	t.Helper()
	if opts.Clock == nil {
		opts.Clock = func() time.Time { return now }
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	nudges := new(atomic.Int32)
	if opts.OnQueued == nil {
		opts.OnQueued = func() { nudges.Add(1) }
	}
	h, err := web.New(db, opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c := srv.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &desk{t: t, db: db, srv: srv, c: c, nudges: nudges}
}

type response struct {
	code     int
	body     string
	location string
	header   http.Header
}

func (d *desk) do(method, path string, form url.Values, hdr map[string]string) response {
	d.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, d.srv.URL+path, body)
	if err != nil {
		d.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if d.user != "" {
		req.SetBasicAuth(d.user, d.pass)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := d.c.Do(req)
	if err != nil {
		d.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		d.t.Fatal(err)
	}
	return response{code: resp.StatusCode, body: string(b), location: resp.Header.Get("Location"), header: resp.Header}
}

func (d *desk) get(path string) response { d.t.Helper(); return d.do("GET", path, nil, nil) }

// post sends a form the way a browser on the desk's own page does.
func (d *desk) post(path string, form url.Values) response {
	d.t.Helper()
	return d.do("POST", path, form, map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": d.srv.URL})
}

func wantCode(t *testing.T, r response, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("status %d, want %d; body:\n%s", r.code, code, r.body)
	}
}

func wantBody(t *testing.T, r response, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(r.body, p) {
			t.Errorf("page lacks %q; body:\n%s", p, r.body)
		}
	}
}

func wantNotBody(t *testing.T, r response, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(r.body, p) {
			t.Errorf("page has %q, should not", p)
		}
	}
}

// signUp registers by mail, as the daemon would.
func signUp(t *testing.T, db *storage.DB, meetingID, org, email, phone string, attendees int) storage.Registration {
	t.Helper()
	out, err := db.Apply(context.Background(), storage.Change{
		Decision: intake.Decision{Action: intake.Register, Registrations: []intake.Registration{{
			MeetingID: meetingID, Organization: org, ContactName: "Anna Żółć", Email: email, Phone: phone, Attendees: attendees,
		}}},
		Source: storage.SourceEmail, Actor: "mail <x@example.org>", SourceRef: "x@example.org", Now: now.Add(-time.Hour),
	})
	if err != nil {
		t.Fatal(err)
	}
	return out.Registrations[0]
}

// reviewMail is a sign-up that names no meeting and no address in its text, in ISO-8859-2 and
// quoted-printable, as Polish mail clients still send it.
const reviewMail = "From: =?ISO-8859-2?Q?Gra=BFyna_=A3=B1cka?= <grazyna@fundacja-lak.example>\r\n" +
	"To: martyna.niedospial@bis-krakow.pl\r\n" +
	"Subject: =?ISO-8859-2?Q?Zg=B3oszenie_na_konsultacje?=\r\n" +
	"Date: Sun, 9 Nov 2014 20:15:00 +0100\r\n" +
	"Message-ID: <zgloszenie-1@fundacja-lak.example>\r\n" +
	"MIME-Version: 1.0\r\n" +
	"Content-Type: text/plain; charset=ISO-8859-2\r\n" +
	"Content-Transfer-Encoding: quoted-printable\r\n" +
	"\r\n" +
	"Dzie=F1 dobry,\r\n" +
	"chcia=B3abym zg=B3osi=E6 Fundacj=EA =A3=B1ka na konsultacje.\r\n" +
	"Pozdrawiam, Gra=BFyna =A3=B1cka\r\n"

// storeReview stores a message and records that it waits for staff.
func storeReview(t *testing.T, db *storage.DB, uid int64, raw string) storage.Inbound {
	t.Helper()
	ctx := context.Background()
	msgID := "zgloszenie-" + string(rune('0'+uid)) + "@fundacja-lak.example"
	raw = strings.Replace(raw, "zgloszenie-1@fundacja-lak.example", msgID, 1)
	in := storage.Inbound{Mailbox: "INBOX", UIDValidity: 1, UID: uid, Raw: []byte(raw),
		Sender: "grazyna@fundacja-lak.example", Subject: "Zgłoszenie na konsultacje"}
	in.MessageID.String, in.MessageID.Valid = msgID, true
	stored, _, err := db.StoreInbound(ctx, in, now.Add(-12*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = db.Settle(ctx, storage.Settlement{
		Inbound:  stored,
		Envelope: intake.Envelope{MessageID: msgID, From: "grazyna@fundacja-lak.example", Subject: "Zgłoszenie na konsultacje"},
		// No registration proposed: one with an address but no meeting
		// would be asked about by mail (storage's clarification) instead.
		Decision: intake.Decision{Action: intake.Review, Reason: "no meeting named"},
		Now:      now.Add(-12 * time.Hour),
	})
	if err != nil {
		t.Fatal(err)
	}
	return stored
}

// failNotice makes the registration's queued confirmation fail with a 5xx.
func failNotice(t *testing.T, db *storage.DB, answer string) storage.Notice {
	t.Helper()
	ctx := context.Background()
	cl, err := db.ClaimDue(ctx, "test-sender", now, time.Minute, 10)
	if err != nil || len(cl) == 0 {
		t.Fatalf("claim: %v %d", err, len(cl))
	}
	for _, c := range cl {
		st := storage.NoticeSent
		if c.Kind == storage.KindConfirmation {
			st = storage.NoticeFailed
		}
		if err := db.FinishNotice(ctx, c.ID, "test-sender", storage.NoticeResult{Status: st, Error: answer, Attempted: true, At: now}); err != nil {
			t.Fatal(err)
		}
	}
	ns, err := db.Notices(ctx, storage.NoticeFilter{Status: storage.NoticeFailed})
	if err != nil || len(ns) != 1 {
		t.Fatalf("failed notices: %v %d", err, len(ns))
	}
	return ns[0]
}

// withField is a copy of form with field k set to v.
func withField(form url.Values, k, v string) url.Values {
	f := url.Values{}
	for kk, vv := range form {
		f[kk] = vv
	}
	f.Set(k, v)
	return f
}
