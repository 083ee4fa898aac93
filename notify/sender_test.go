package notify

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset"
	gosmtp "github.com/emersion/go-smtp"

	"zapisy/intake"
	"zapisy/notify/smtptest"
	"zapisy/storage"
	"zapisy/storage/storagetest"
	"zapisy/templates"
)

func TestMain(m *testing.M) { storagetest.Main(m) }

var t0 = time.Date(2014, 11, 10, 9, 0, 0, 0, storage.Warsaw)

// opener opens (again) the test's database: a restart is closing it and
// calling the opener once more.
type opener func(t *testing.T) *storage.DB

// eachDB runs fn on SQLite and on PostgreSQL.
func eachDB(t *testing.T, fn func(t *testing.T, open opener)) {
	t.Run("sqlite", func(t *testing.T) {
		dir := t.TempDir()
		fn(t, func(t *testing.T) *storage.DB { return openDB(t, "", dir) })
	})
	t.Run("postgres", func(t *testing.T) {
		url := storagetest.PostgresURL(t)
		fn(t, func(t *testing.T) *storage.DB { return openDB(t, url, "") })
	})
}

func openDB(t *testing.T, url, dir string) *storage.DB {
	t.Helper()
	db, err := storage.Open(context.Background(), url, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// rig is one test's world: database, SMTP server, clock and sender.
type rig struct {
	t      *testing.T
	db     *storage.DB
	srv    *smtptest.Server
	clock  *ManualClock
	cfg    Config
	sender *Sender
	dials  *atomic.Int32
	mu     sync.Mutex
	sent   []Sent
}

func newRig(t *testing.T, db *storage.DB, ms ...storage.Meeting) *rig {
	t.Helper()
	r := &rig{t: t, db: db, srv: smtptest.Start(t), clock: NewManualClock(t0), dials: new(atomic.Int32)}
	host, port, _ := net.SplitHostPort(r.srv.Addr)
	p, _ := strconv.Atoi(port)
	r.cfg = Config{
		SMTPHost: host, SMTPPort: p, TLS: TLSNone, SMTPTimeout: 5 * time.Second,
		FromAddress: "zapisy@bis.example", FromName: "Fundacja BIS – zapisy", ReplyTo: "biuro@bis.example",
		PublicBaseURL: "https://zapisy.bis.example/", SenderID: "test-sender",
	}
	if len(ms) > 0 {
		if _, err := db.ImportMeetings(context.Background(), ms, t0); err != nil {
			t.Fatal(err)
		}
	}
	r.sender = r.newSender(r.cfg)
	return r
}

func (r *rig) newSender(cfg Config) *Sender {
	r.t.Helper()
	rd, err := NewRenderer(templates.FS)
	if err != nil {
		r.t.Fatal(err)
	}
	var d net.Dialer
	s, err := NewSender(r.db, rd, cfg, Options{
		Clock:  r.clock,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		OnSent: func(s Sent) {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.sent = append(r.sent, s)
		},
		Dial: func(ctx context.Context, network, addr string) (net.Conn, error) {
			r.dials.Add(1)
			return d.DialContext(ctx, network, addr)
		},
	})
	if err != nil {
		r.t.Fatal(err)
	}
	return s
}

func (r *rig) sendDue() Report {
	r.t.Helper()
	rep, err := r.sender.SendDue(context.Background())
	if err != nil {
		r.t.Fatalf("SendDue: %v", err)
	}
	return rep
}

func (r *rig) notices(f storage.NoticeFilter) []storage.Notice {
	r.t.Helper()
	ns, err := r.db.Notices(context.Background(), f)
	if err != nil {
		r.t.Fatal(err)
	}
	return ns
}

func (r *rig) notice(regID, kind string) storage.Notice {
	r.t.Helper()
	ns := r.notices(storage.NoticeFilter{RegistrationID: regID, Kind: kind})
	if len(ns) != 1 {
		r.t.Fatalf("%d %s notices for %s, want 1", len(ns), kind, regID)
	}
	return ns[0]
}

func (r *rig) signUp(meetingID, email string, attendees int, now time.Time) storage.Registration {
	r.t.Helper()
	out, err := r.db.Apply(context.Background(), storage.Change{
		Decision: intake.Decision{Action: intake.Register, Registrations: []intake.Registration{{
			MeetingID: meetingID, Organization: "Stowarzyszenie Łąka", ContactName: "Anna Żółć", Email: email, Attendees: attendees,
		}}},
		Source: storage.SourceEmail, Actor: "test", SourceRef: "signup-" + email, ReplyTo: "signup-" + email,
		References: []string{"earlier@ngo.example"}, Now: now,
	})
	if err != nil {
		r.t.Fatal(err)
	}
	return out.Registrations[0]
}

func meetingOn(id string, day, capacity int) storage.Meeting {
	start := time.Date(2014, 11, day, 16, 0, 0, 0, storage.Warsaw)
	return storage.Meeting{ID: id, Title: "Program współpracy 2015 – " + id, StartsAt: start, EndsAt: start.Add(2 * time.Hour),
		Location: "Fundacja BIS, ul. Józefińska 18, Kraków", Capacity: capacity}
}

// parsed is a received message taken apart.
type parsed struct {
	header             *message.Header
	text, html, ics    string
	icsCT, textCharset string
	attachments        []string
}

func parse(t *testing.T, raw []byte) parsed {
	t.Helper()
	e, err := message.Read(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("read message: %v", err)
	}
	p := parsed{header: &e.Header}
	var walk func(e *message.Entity)
	walk = func(e *message.Entity) {
		if mr := e.MultipartReader(); mr != nil {
			for {
				part, err := mr.NextPart()
				if err == io.EOF {
					return
				}
				if err != nil {
					t.Fatalf("next part: %v", err)
				}
				walk(part)
			}
		}
		ct, params, _ := e.Header.ContentType()
		body, _ := io.ReadAll(e.Body)
		disp, dparams, _ := e.Header.ContentDisposition()
		switch {
		case disp == "attachment":
			p.attachments = append(p.attachments, dparams["filename"]+" "+ct)
		case ct == "text/plain":
			p.text, p.textCharset = string(body), params["charset"]
		case ct == "text/html":
			p.html = string(body)
		case ct == "text/calendar":
			p.ics, p.icsCT = string(body), ct+"; method="+params["method"]
		}
	}
	walk(e)
	return p
}

func (r *rig) received(n int) []parsed {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	msgs, err := r.srv.WaitMessages(ctx, n)
	if err != nil {
		r.t.Fatalf("waiting for %d messages: %v (got %d)", n, err, len(msgs))
	}
	if len(msgs) != n {
		r.t.Fatalf("received %d messages, want %d", len(msgs), n)
	}
	var out []parsed
	for _, m := range msgs {
		out = append(out, parse(r.t, m.Data))
	}
	return out
}

func wantContains(t *testing.T, what, got string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(got, s) {
			t.Errorf("%s does not contain %q:\n%s", what, s, got)
		}
	}
}

func TestConfirmationMessage(t *testing.T) {
	eachDB(t, func(t *testing.T, open opener) {
		r := newRig(t, open(t), meetingOn("m2", 19, 60))
		reg := r.signUp("m2", "anna@ngo.example", 2, t0)
		if rep := r.sendDue(); rep.Sent != 1 {
			t.Fatalf("report %v, want 1 sent", rep)
		}
		n := r.notice(reg.ID, storage.KindConfirmation)
		if n.Status != storage.NoticeSent || !n.SentAt.Valid {
			t.Errorf("notice %+v, want sent", n)
		}
		m := r.received(1)[0]
		h := m.header
		checks := map[string]string{
			"Message-Id":               "<" + n.MessageID + ">",
			"In-Reply-To":              "<signup-anna@ngo.example>",
			"References":               "<earlier@ngo.example> <signup-anna@ngo.example>",
			"Auto-Submitted":           "auto-replied",
			"X-Auto-Response-Suppress": "All",
		}
		for k, want := range checks {
			if got := h.Get(k); got != want {
				t.Errorf("%s = %q, want %q", k, got, want)
			}
		}
		wantContains(t, "From", h.Get("From"), "<zapisy@bis.example>")
		wantContains(t, "Reply-To", h.Get("Reply-To"), "<biuro@bis.example>")
		wantContains(t, "To", h.Get("To"), "<anna@ngo.example>")
		if subj, _ := h.Text("Subject"); subj != "Potwierdzenie zapisu na spotkanie 19 listopada" {
			t.Errorf("Subject %q", subj)
		}
		if strings.ToLower(m.textCharset) != "utf-8" {
			t.Errorf("text charset %q", m.textCharset)
		}
		wantContains(t, "text part", m.text, "środa, 19 listopada 2014, godz. 16:00–18:00", "Fundacja BIS, ul. Józefińska 18",
			"Stowarzyszenie Łąka", "Liczba osób:  2", "„rezygnuję”", "https://zapisy.bis.example/wypisz/"+reg.Token)
		wantContains(t, "HTML part", m.html, "<html", "środa, 19 listopada 2014", "href=\"https://zapisy.bis.example/wypisz/"+reg.Token+"\"")
		wantContains(t, "calendar", m.ics, "METHOD:REQUEST", "UID:m2."+reg.ID+"@", "SEQUENCE:0",
			"DTSTART:20141119T150000Z", "DTEND:20141119T170000Z", "ORGANIZER;CN=Fundacja BIS:mailto:zapisy@bis.example", "\r\n")
		if m.icsCT != "text/calendar; method=REQUEST" {
			t.Errorf("calendar part %q", m.icsCT)
		}
		if len(m.attachments) != 1 || !strings.HasPrefix(m.attachments[0], "zaproszenie.ics text/calendar") {
			t.Errorf("attachments %q", m.attachments)
		}
		if rep := r.sendDue(); rep != (Report{}) {
			t.Errorf("second round %v, want nothing", rep)
		}
		if len(r.sent) != 1 || r.sent[0].Recipient != "anna@ngo.example" || !strings.HasPrefix(r.sent[0].Subject, "Potwierdzenie") {
			t.Errorf("OnSent got %+v", r.sent)
		}
	})
}

func TestRetryScheduleThenGiveUp(t *testing.T) {
	eachDB(t, func(t *testing.T, open opener) {
		r := newRig(t, open(t), meetingOn("m2", 28, 60))
		reg := r.signUp("m2", "anna@ngo.example", 1, t0)
		r.srv.FailNext(smtptest.AtRcpt, smtptest.Always, &gosmtp.SMTPError{Code: 451, Message: "greylisted, try later"})
		var delays []time.Duration
		for i := 0; i < 100; i++ {
			before := r.clock.Now()
			if rep := r.sendDue(); rep.Retried+rep.Failed != 1 {
				t.Fatalf("round %d: %v", i, rep)
			}
			n := r.notice(reg.ID, storage.KindConfirmation)
			if n.Status == storage.NoticeFailed {
				wantContains(t, "last error", n.LastError, "gave up after 24h0m0s", "451")
				break
			}
			if n.Status != storage.NoticeQueued || !strings.Contains(n.LastError, "greylisted") {
				t.Fatalf("round %d: %+v", i, n)
			}
			delays = append(delays, n.NotBefore.Sub(before))
			r.clock.Set(n.NotBefore)
		}
		want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour}
		if len(delays) < len(want) {
			t.Fatalf("delays %v", delays)
		}
		for i, w := range want {
			if delays[i] != w {
				t.Errorf("delay %d = %s, want %s (all: %v)", i+1, delays[i], w, delays)
			}
		}
		var total time.Duration
		for _, d := range delays {
			total += d
		}
		if total > 24*time.Hour || total < 23*time.Hour {
			t.Errorf("retried for %s, want just under 24h", total)
		}
		// One temporary failure, then success.
		r.srv.FailNext(smtptest.AtRcpt, 1, &gosmtp.SMTPError{Code: 421, Message: "busy"})
		reg2 := r.signUp("m2", "jan@ngo.example", 1, r.clock.Now())
		r.sendDue()
		r.clock.Advance(time.Minute)
		if rep := r.sendDue(); rep.Sent != 1 {
			t.Errorf("after the backoff: %v", rep)
		}
		if n := r.notice(reg2.ID, storage.KindConfirmation); n.Status != storage.NoticeSent || n.Attempts != 2 {
			t.Errorf("second notice %+v", n)
		}
	})
}

func TestPermanentFailureAndResend(t *testing.T) {
	eachDB(t, func(t *testing.T, open opener) {
		r := newRig(t, open(t), meetingOn("m2", 19, 60))
		reg := r.signUp("m2", "nikt@ngo.example", 1, t0)
		ok := r.signUp("m2", "anna@ngo.example", 1, t0)
		r.srv.FailNext(smtptest.AtRcpt, 1, &gosmtp.SMTPError{Code: 550, EnhancedCode: gosmtp.EnhancedCode{5, 1, 1}, Message: "no such user"})
		if rep := r.sendDue(); rep.Failed != 1 || rep.Sent != 1 {
			t.Fatalf("report %v, want 1 failed and 1 sent on the same connection", rep)
		}
		if d := r.dials.Load(); d != 1 {
			t.Errorf("%d connections, want 1", d)
		}
		n := r.notice(reg.ID, storage.KindConfirmation)
		if n.Status != storage.NoticeFailed {
			t.Fatalf("notice %+v", n)
		}
		wantContains(t, "last error", n.LastError, "550", "no such user")
		if r.notice(ok.ID, storage.KindConfirmation).Status != storage.NoticeSent {
			t.Error("the other notice was not sent")
		}
		probs, err := Problems(context.Background(), r.db)
		if err != nil || len(probs) != 1 || probs[0].ID != n.ID {
			t.Fatalf("Problems: %+v %v", probs, err)
		}
		r.clock.Advance(time.Hour) // not retried on its own
		if rep := r.sendDue(); rep != (Report{}) {
			t.Errorf("failed notice retried: %v", rep)
		}
		if err := Resend(context.Background(), r.db, n.ID, "Martyna", r.clock.Now()); err != nil {
			t.Fatal(err)
		}
		if again := r.notice(n.RegistrationID.String, n.Kind); !strings.HasPrefix(again.LastError, "sent again by Martyna after: ") {
			t.Errorf("who resent it is not recorded: %q", again.LastError)
		}
		if rep := r.sendDue(); rep.Sent != 1 {
			t.Errorf("after Resend: %v", rep)
		}
		msgs := r.received(2)
		if got := msgs[1].header.Get("Message-Id"); got != "<"+n.MessageID+">" {
			t.Errorf("resent with Message-ID %s, want the same %s", got, n.MessageID)
		}
	})
}

func TestUncertainNotResent(t *testing.T) {
	eachDB(t, func(t *testing.T, open opener) {
		r := newRig(t, open(t), meetingOn("m2", 19, 60))
		a := r.signUp("m2", "anna@ngo.example", 1, t0)
		b := r.signUp("m2", "jan@ngo.example", 1, t0)
		r.srv.DropAfterData(1)
		rep := r.sendDue()
		if rep.Uncertain != 1 || rep.Sent != 1 {
			t.Fatalf("report %v, want 1 uncertain, 1 sent", rep)
		}
		na := r.notice(a.ID, storage.KindConfirmation)
		if na.Status != storage.NoticeUncertain {
			t.Errorf("first notice %+v, want uncertain", na)
		}
		wantContains(t, "last error", na.LastError, "not sent again")
		if r.notice(b.ID, storage.KindConfirmation).Status != storage.NoticeSent {
			t.Error("second notice not sent after the reconnect")
		}
		r.clock.Advance(48 * time.Hour)
		if rep := r.sendDue(); rep.Sent != 0 {
			t.Errorf("uncertain notice sent again: %v", rep)
		}
		if got := len(r.srv.Messages()); got != 1 {
			t.Errorf("server recorded %d messages, want 1", got)
		}
	})
}

func TestServerDownThenUp(t *testing.T) {
	eachDB(t, func(t *testing.T, open opener) {
		r := newRig(t, open(t), meetingOn("m2", 19, 60))
		reg := r.signUp("m2", "anna@ngo.example", 1, t0)
		cfg := r.cfg
		_, port, _ := net.SplitHostPort(smtptest.RefusedAddr(t))
		cfg.SMTPPort, _ = strconv.Atoi(port)
		r.sender = r.newSender(cfg)
		if rep := r.sendDue(); rep.Retried != 1 {
			t.Fatalf("report %v, want a retry", rep)
		}
		n := r.notice(reg.ID, storage.KindConfirmation)
		wantContains(t, "last error", n.LastError, "cannot reach the mail server")
		r.sender = r.newSender(r.cfg)
		r.clock.Set(n.NotBefore)
		if rep := r.sendDue(); rep.Sent != 1 {
			t.Errorf("report %v after the server came back", rep)
		}
	})
}

func TestRateCapOneConnection(t *testing.T) {
	eachDB(t, func(t *testing.T, open opener) {
		r := newRig(t, open(t), meetingOn("m2", 19, 0))
		for i := 0; i < 25; i++ {
			r.signUp("m2", fmt.Sprintf("org%d@ngo.example", i), 1, t0)
		}
		cfg := r.cfg
		cfg.BatchSize = 10 // three batches, still one connection
		r.sender = r.newSender(cfg)
		if rep := r.sendDue(); rep.Sent != 25 {
			t.Fatalf("report %v", rep)
		}
		if got, want := r.clock.Slept(), 2400*time.Millisecond; got != want {
			t.Errorf("waited %s for 25 messages at 10/s, want %s", got, want)
		}
		if d := r.dials.Load(); d != 1 {
			t.Errorf("%d connections, want 1", d)
		}
	})
}

func TestPerRecipientCapPostpones(t *testing.T) {
	eachDB(t, func(t *testing.T, open opener) {
		var ms []storage.Meeting
		for i := 0; i < 7; i++ {
			ms = append(ms, meetingOn(fmt.Sprintf("m%d", i), 20+i, 60))
		}
		r := newRig(t, open(t), ms...)
		for _, m := range ms {
			r.signUp(m.ID, "anna@ngo.example", 1, t0)
		}
		rep := r.sendDue()
		if rep.Sent != 5 || rep.Postponed != 2 {
			t.Fatalf("report %v, want 5 sent and 2 postponed", rep)
		}
		queued := r.notices(storage.NoticeFilter{Status: storage.NoticeQueued, Kind: storage.KindConfirmation})
		if len(queued) != 2 {
			t.Fatalf("%d queued", len(queued))
		}
		first := r.notices(storage.NoticeFilter{Status: storage.NoticeSent})[0].SentAt.Time
		if want := first.Add(time.Hour + time.Second); !queued[0].NotBefore.Equal(want) {
			t.Errorf("postponed to %s, want %s", queued[0].NotBefore, want)
		}
		r.clock.Set(queued[0].NotBefore)
		if rep := r.sendDue(); rep.Sent != 2 {
			t.Errorf("an hour later: %v", rep)
		}
	})
}

func TestRestartBetweenEnqueueAndSend(t *testing.T) {
	eachDB(t, func(t *testing.T, open opener) {
		db := open(t)
		r := newRig(t, db, meetingOn("m2", 19, 60))
		a := r.signUp("m2", "anna@ngo.example", 1, t0)
		b := r.signUp("m2", "jan@ngo.example", 1, t0)
		// A daemon claimed both, began transmitting a's, and died.
		claimed, err := db.ClaimDue(context.Background(), "dead-daemon", t0, DefaultLease, 10)
		if err != nil || len(claimed) != 2 {
			t.Fatalf("claim: %d %v", len(claimed), err)
		}
		if err := db.MarkStarted(context.Background(), r.notice(a.ID, storage.KindConfirmation).ID, "dead-daemon", t0); err != nil {
			t.Fatal(err)
		}
		db.Close()

		r.db = open(t) // the restart
		r.sender = r.newSender(r.cfg)
		if rep := r.sendDue(); rep != (Report{}) {
			t.Errorf("while the dead daemon's claim holds: %v", rep)
		}
		r.clock.Advance(DefaultLease + time.Second)
		if rep := r.sendDue(); rep.Sent != 1 {
			t.Errorf("after the lease: %v, want b sent", rep)
		}
		if n := r.notice(a.ID, storage.KindConfirmation); n.Status != storage.NoticeUncertain {
			t.Errorf("a: %s, want uncertain (its transmission had begun)", n.Status)
		}
		if n := r.notice(b.ID, storage.KindConfirmation); n.Status != storage.NoticeSent {
			t.Errorf("b: %s, want sent", n.Status)
		}
		r.sender = r.newSender(r.cfg)
		r.sendDue()
		if got := len(r.srv.Messages()); got != 1 {
			t.Errorf("%d messages, want exactly 1", got)
		}
	})
}

func TestSeveralSendersNeverSendTwice(t *testing.T) {
	eachDB(t, func(t *testing.T, open opener) {
		r := newRig(t, open(t), meetingOn("m2", 19, 0))
		for i := 0; i < 30; i++ {
			r.signUp("m2", fmt.Sprintf("org%d@ngo.example", i), 1, t0)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 3)
		for i := 0; i < 3; i++ {
			cfg := r.cfg
			cfg.SenderID, cfg.BatchSize, cfg.RatePerSecond = fmt.Sprintf("daemon-%d", i), 4, 1000
			s := r.newSender(cfg)
			s.clock = NewManualClock(t0) // each daemon its own clock, the same time
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := s.SendDue(context.Background())
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
		msgs := r.srv.Messages()
		seen := map[string]bool{}
		for _, m := range msgs {
			id := parse(t, m.Data).header.Get("Message-Id")
			if seen[id] {
				t.Errorf("%s sent twice", id)
			}
			seen[id] = true
		}
		if len(seen) != 30 {
			t.Errorf("%d distinct messages, want 30", len(seen))
		}
	})
}

func TestHangAfterDataIsUncertain(t *testing.T) {
	eachDB(t, func(t *testing.T, open opener) {
		r := newRig(t, open(t), meetingOn("m2", 19, 60))
		reg := r.signUp("m2", "anna@ngo.example", 1, t0)
		cfg := r.cfg
		cfg.SMTPTimeout = 300 * time.Millisecond // a deadline, not a sleep
		r.sender = r.newSender(cfg)
		r.srv.Hang(true)
		defer r.srv.Hang(false)
		if rep := r.sendDue(); rep.Uncertain != 1 {
			t.Fatalf("report %v, want uncertain", rep)
		}
		if n := r.notice(reg.ID, storage.KindConfirmation); n.Status != storage.NoticeUncertain {
			t.Errorf("notice %s, want uncertain", n.Status)
		}
	})
}

// TestLongRoundKeepsItsClaims: a round that lasts longer than the lease (here
// a server slow to answer after the data) renews its claims, so no other
// sender takes the notice meanwhile. (TestRestartBetweenEnqueueAndSend has
// the claims of a sender that died, which run out after one lease.)
func TestLongRoundKeepsItsClaims(t *testing.T) {
	eachDB(t, func(t *testing.T, open opener) {
		r := newRig(t, open(t), meetingOn("m2", 19, 60))
		reg := r.signUp("m2", "anna@ngo.example", 1, t0)
		cfg := r.cfg
		cfg.Lease, cfg.SMTPTimeout = time.Minute, time.Minute
		r.sender = r.newSender(cfg)
		r.sender.renewEvery = 5 * time.Millisecond
		r.srv.Hang(true)
		defer r.srv.Hang(false) // lets the round end when the test fails early
		done := make(chan Report, 1)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		go func() {
			rep, err := r.sender.SendDue(ctx)
			if err != nil {
				rep.Failed = -1 // reported below
			}
			done <- rep
		}()
		if err := r.srv.WaitHanging(ctx, 1); err != nil {
			t.Fatalf("the message never reached the server: %v", err)
		}

		// Two leases later by the clock, the claim has been renewed.
		r.clock.Advance(2 * cfg.Lease)
		want := r.clock.Now().Add(cfg.Lease)
		for {
			n := r.notice(reg.ID, storage.KindConfirmation)
			if n.ClaimedUntil.Valid && !n.ClaimedUntil.Time.Before(want) {
				break
			}
			select {
			case <-ctx.Done():
				t.Fatalf("claim not renewed: held until %v, want %v", n.ClaimedUntil, want)
			case <-time.After(5 * time.Millisecond):
			}
		}
		other := r.newSender(r.cfg)
		other.cfg.SenderID = "other-sender"
		if rep, err := other.SendDue(context.Background()); err != nil || rep != (Report{}) {
			t.Errorf("another sender during the round: %v %v, want nothing to do", rep, err)
		}

		r.srv.Hang(false)
		select {
		case rep := <-done:
			if rep.Sent != 1 {
				t.Errorf("report %v, want sent", rep)
			}
		case <-ctx.Done():
			t.Fatal("the round did not end after the server answered")
		}
		if got := len(r.srv.Messages()); got != 1 {
			t.Errorf("%d messages, want exactly 1", got)
		}
	})
}
