package mailbox

import (
	"slices"
	"sort"
	"testing"

	"zapisy/intake"
	"zapisy/intake/imaptest"
)

// TestDovecotIdle: a sign-up appended to the mailbox is noticed over IDLE.
// The poll interval is the default minute and the wait for each message is
// bounded well below it, so every message arriving proves IDLE at work; how
// fast is measured by BenchmarkDovecotIdle, not asserted here.
func TestDovecotIdle(t *testing.T) {
	srv := imaptest.StartDovecot(t)
	db, _, _ := openDB(t, false)
	cfg := configFor(t, srv, "dovecot/INBOX")
	cfg.PollInterval = DefaultPollInterval // a poll would come only after a minute
	ev, _ := start(t, db, cfg)
	for i := range 3 {
		ev.idle(t) // waiting for mail (again, after the previous message)
		srv.Append(t, "INBOX", signup(i))
		if h := ev.next(t); h.Action != intake.Register {
			t.Fatalf("handled %+v, want a registration", h)
		}
	}
}

// BenchmarkDovecotIdle measures append → stored, decided and filed over
// IDLE on a real Dovecot (which itself waits about half a second before it
// tells an idling client of new mail).
//
//	go test ./intake/mailbox -run '^$' -bench DovecotIdle -benchtime 10x
func BenchmarkDovecotIdle(b *testing.B) {
	srv := imaptest.StartDovecot(b)
	db, _, _ := openDB(b, false)
	cfg := configFor(b, srv, "dovecot/INBOX")
	cfg.PollInterval = DefaultPollInterval
	ev, _ := start(b, db, cfg)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		ev.idle(b)
		b.StartTimer()
		srv.Append(b, "INBOX", signup(i))
		if h := ev.next(b); h.Action != intake.Register {
			b.Fatalf("handled %+v, want a registration", h)
		}
	}
}

// TestDovecotFolders: mail is filed in folders created on first use, named
// with "/" whatever Dovecot's separator.
func TestDovecotFolders(t *testing.T) {
	srv := imaptest.StartDovecot(t)
	db, _, _ := openDB(t, false)
	ev, _ := start(t, db, configFor(t, srv, "dovecot/INBOX"))
	ev.idle(t)
	srv.Append(t, "INBOX", signup(1))
	srv.Append(t, "INBOX", message("r@x", "a@example.org", "review", "?"))
	srv.Append(t, "INBOX", message("i@x", "b@example.org", "ignore", "auto"))
	ev.nextN(t, 3)
	for _, f := range []string{DefaultProcessedFolder, DefaultReviewFolder, DefaultIgnoredFolder} {
		if got := srv.List(t, f); len(got) != 1 {
			t.Errorf("%s holds %v, want one message", f, got)
		}
	}
	if got := srv.List(t, "INBOX"); len(got) != 0 {
		t.Errorf("INBOX holds %v", got)
	}
}

// TestDovecotRestartMidFetch: Dovecot restarts while a message body is
// being read.
func TestDovecotRestartMidFetch(t *testing.T) {
	testRestartMidFetch(t, imaptest.StartDovecot(t))
}

// TestDovecotUIDValidity: the folder is deleted and created again (a new
// UIDVALIDITY) with the old mail put back and one new message: the old
// mail is recognised by Message-ID, the new one handled.
func TestDovecotUIDValidity(t *testing.T) {
	srv := imaptest.StartDovecot(t)
	srv.CreateMailbox(t, "Zgloszenia")
	db, _, _ := openDB(t, false)
	cfg := configFor(t, srv, "dovecot/Zgloszenia")
	cfg.Folder = "Zgloszenia"
	cfg.FlagOnly = true // the old mail stays in the folder
	ev, stop := start(t, db, cfg)
	ev.idle(t)
	for i := range 3 {
		srv.Append(t, "Zgloszenia", signup(i))
	}
	ev.nextN(t, 3)
	stop()
	uv := srv.UIDValidity(t, "Zgloszenia")

	srv.DeleteMailbox(t, "Zgloszenia")
	srv.CreateMailbox(t, "Zgloszenia")
	if srv.UIDValidity(t, "Zgloszenia") == uv {
		t.Fatal("UIDVALIDITY did not change")
	}
	for i := range 4 {
		srv.Append(t, "Zgloszenia", signup(i))
	}
	ev, _ = start(t, db, cfg)
	hs := ev.nextN(t, 4)
	var results []string
	for _, h := range hs {
		results = append(results, resultName(h.Result))
	}
	if !slices.Equal(results, []string{"duplicate", "duplicate", "duplicate", "stored"}) {
		t.Errorf("results %v, want the old three recognised and the new one stored", results)
	}
	if l := readLedger(t, db); l.inbound != 4 || l.registrations != 4 || l.dupRegistrations != 0 {
		t.Errorf("ledger %+v, want 4 messages and 4 registrations", l)
	}
	if cp := checkpointOf(t, db, cfg.Name); cp.UIDValidity == int64(uv) || cp.LastUID != 4 {
		t.Errorf("checkpoint %+v, want the new UIDVALIDITY at UID 4", cp)
	}
}

// TestLeaseTakeover: two daemons on one PostgreSQL database watch the same
// mailbox; only one works it, and the other takes over when it stops.
func TestLeaseTakeover(t *testing.T) {
	srv := imaptest.StartMem(t, imaptest.MemOptions{})
	db1, url, _ := openDB(t, true)
	db2 := openAt(t, url, t.TempDir())
	cfg := configFor(t, srv, "test/INBOX")
	ev1, stop1 := start(t, db1, cfg)
	ev1.idle(t) // the first holds the lease
	ev2, _ := start(t, db2, cfg)
	for i := range 10 {
		srv.Append(t, "INBOX", signup(i))
	}
	ev1.nextN(t, 10)
	stop1()
	srv.Append(t, "INBOX", signup(10))
	if h := ev2.next(t); h.UID != 11 {
		t.Errorf("the second daemon handled %+v, want UID 11", h)
	}
	select {
	case h := <-ev2.handled:
		t.Errorf("the second daemon handled %+v too", h)
	default:
	}
	if l := readLedger(t, db1); l.inbound != 11 || l.registrations != 11 {
		t.Errorf("ledger %+v, want 11 messages and registrations", l)
	}
	var uids []int
	if err := db1.X.Select(&uids, `SELECT uid FROM inbound_messages ORDER BY uid`); err != nil {
		t.Fatal(err)
	}
	sort.Ints(uids)
	if len(uids) != 11 || uids[0] != 1 || uids[10] != 11 {
		t.Errorf("stored UIDs %v", uids)
	}
}
