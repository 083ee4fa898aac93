package mailbox

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/mail"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"zapisy/intake"
	"zapisy/intake/imaptest"
	"zapisy/storage"
	"zapisy/storage/storagetest"
)

func TestMain(m *testing.M) {
	if os.Getenv(envChild) == "1" {
		os.Exit(childMain())
	}
	storagetest.Main(m)
}

// testNow is the fixed "now" of the tests; the meeting is a month later.
var testNow = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

func testClock() time.Time { return testNow }

// openDB opens a migrated database with the test meeting: SQLite in a
// temporary directory, or a fresh PostgreSQL database when pg is true.
func openDB(t testing.TB, pg bool) (*storage.DB, string, string) {
	t.Helper()
	url, dir := "", t.TempDir()
	if pg {
		url = storagetest.PostgresURL(t)
	}
	db := openAt(t, url, dir)
	_, err := db.ImportMeetings(context.Background(), []storage.Meeting{{
		ID: "m1", Title: "Konsultacje", StartsAt: testNow.AddDate(0, 1, 0), EndsAt: testNow.AddDate(0, 1, 0).Add(2 * time.Hour),
	}}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	return db, url, dir
}

func openAt(t testing.TB, url, dir string) *storage.DB {
	t.Helper()
	db, err := storage.Open(context.Background(), url, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// signup is a sign-up mail from organisation i.
func signup(i int) []byte {
	return message(fmt.Sprintf("signup-%d@test.example", i), fmt.Sprintf("org%d@example.org", i), "Zgłoszenie na konsultacje", "Zapisuję się na konsultacje m1.\r\n")
}

func message(msgID, from, subject, body string) []byte {
	return []byte("Message-ID: <" + msgID + ">\r\nFrom: Fundacja <" + from + ">\r\nTo: zapisy@test.example\r\n" +
		"Subject: " + subject + "\r\nDate: Mon, 2 Mar 2026 09:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body)
}

// testDecide is a small decider: subjects say what to do ("ignore",
// "review", "panic"), everything else registers the sender for m1, and mail
// that net/mail cannot read is an error.
func testDecide(_ context.Context, raw []byte, _ time.Time) (intake.Envelope, intake.Decision, error) {
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return intake.Envelope{}, intake.Decision{}, fmt.Errorf("nieczytelna wiadomość: %w", err)
	}
	from, err := mail.ParseAddress(m.Header.Get("From"))
	if err != nil {
		return intake.Envelope{}, intake.Decision{}, fmt.Errorf("brak nadawcy: %w", err)
	}
	env := intake.Envelope{MessageID: strings.Trim(m.Header.Get("Message-ID"), "<>"), From: from.Address, Subject: m.Header.Get("Subject")}
	switch subj := m.Header.Get("Subject"); {
	case strings.Contains(subj, "panic"):
		panic("test decider panics")
	case strings.Contains(subj, "ignore"):
		return env, intake.Decision{Action: intake.Ignore, Reason: "autoresponder"}, nil
	case strings.Contains(subj, "review"):
		return env, intake.Decision{Action: intake.Review, Reason: "niejasne"}, nil
	}
	return env, intake.Decision{Action: intake.Register, Reason: "zgłoszenie", Registrations: []intake.Registration{{
		MeetingID: "m1", Organization: "Fundacja", Email: from.Address, Attendees: 1,
	}}}, nil
}

// configFor points a Config at a test server.
func configFor(t testing.TB, srv *imaptest.Server, name string) Config {
	t.Helper()
	host, port, err := net.SplitHostPort(srv.Addr)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := strconv.Atoi(port)
	// A short poll interval also makes IDLE end every second to look for
	// mail: go-imap's test server can miss mail that arrives just as IDLE
	// starts (Dovecot does not; TestDovecotIdleLatency uses the default).
	return Config{Name: name, Host: host, Port: p, TLS: TLSNone, User: srv.User, Password: srv.Password,
		PollInterval: time.Second, StartSince: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)}
}

// events are a running watcher's signals.
type events struct {
	handled chan Handled
	waiting chan string
}

// start runs a watcher until the test ends (or stop is called), and
// returns its signals.
func start(t testing.TB, db *storage.DB, cfg Config, opts ...Option) (*events, func()) {
	t.Helper()
	ev := &events{handled: make(chan Handled, 1000), waiting: make(chan string, 1000)}
	opts = append([]Option{
		WithClock(testClock),
		WithBackoff(10*time.Millisecond, 100*time.Millisecond),
		WithHandled(func(h Handled) { ev.handled <- h }),
		WithWaiting(func(n string) { ev.waiting <- n }),
	}, opts...)
	if os.Getenv("ZAPISY_TEST_IMAP_DEBUG") == "1" {
		opts = append(opts, func(o *options) { o.hooks.debug = tWriter{t} })
	}
	w, err := New(db, cfg, testDecide, testLogger(t), opts...)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Run: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return ev, stop
}

// waitTimeout bounds every wait for a signal: a hang fails, not blocks.
const waitTimeout = 20 * time.Second

func (ev *events) next(t testing.TB) Handled {
	t.Helper()
	select {
	case h := <-ev.handled:
		return h
	case <-time.After(waitTimeout):
		t.Fatal("no message handled in time")
	}
	return Handled{}
}

func (ev *events) nextN(t testing.TB, n int) []Handled {
	t.Helper()
	var hs []Handled
	for range n {
		hs = append(hs, ev.next(t))
	}
	return hs
}

func (ev *events) idle(t testing.TB) {
	t.Helper()
	select {
	case <-ev.waiting:
	case <-time.After(waitTimeout):
		t.Fatal("the watcher never got to waiting for mail")
	}
}

// drainWaiting forgets earlier waiting signals.
func (ev *events) drainWaiting() {
	for {
		select {
		case <-ev.waiting:
		default:
			return
		}
	}
}

func testLogger(t testing.TB) *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

type tWriter struct{ t testing.TB }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// ledger summarises the database after a run.
type ledger struct {
	inbound, decided, serverPending, registrations, notices int
	dupRegistrations                                        int // inbound messages with more than one registration
}

func readLedger(t testing.TB, db *storage.DB) ledger {
	t.Helper()
	var l ledger
	q := func(dst *int, sql string) {
		if err := db.X.Get(dst, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	q(&l.inbound, `SELECT COUNT(*) FROM inbound_messages`)
	q(&l.decided, `SELECT COUNT(*) FROM inbound_messages WHERE decided_at IS NOT NULL`)
	q(&l.serverPending, `SELECT COUNT(*) FROM inbound_messages WHERE server_done_at IS NULL`)
	q(&l.registrations, `SELECT COUNT(*) FROM registrations`)
	q(&l.notices, `SELECT COUNT(*) FROM outbox`)
	q(&l.dupRegistrations, `SELECT COUNT(*) FROM (SELECT inbound_id FROM registrations GROUP BY inbound_id HAVING COUNT(*) > 1) d`)
	return l
}

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: true} }

func checkpointOf(t testing.TB, db *storage.DB, name string) storage.Checkpoint {
	t.Helper()
	cp, err := db.GetCheckpoint(context.Background(), name)
	if err != nil && !errors.Is(err, storage.ErrNotFound) {
		t.Fatal(err)
	}
	return cp
}
