package mailbox

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"zapisy/intake"
	"zapisy/intake/imaptest"
	"zapisy/storage"
)

// TestFiling: mail is noticed while idling, stored, decided and filed in
// the folder for its decision (MOVE, the COPY fallback, or a keyword), and
// \Seen is never set by reading it.
func TestFiling(t *testing.T) {
	for _, tc := range []struct {
		name     string
		opts     imaptest.MemOptions
		flagOnly bool
	}{
		{"move", imaptest.MemOptions{}, false},
		{"copy-fallback", imaptest.MemOptions{NoMove: true}, false},
		{"copy-fallback-no-uidplus", imaptest.MemOptions{NoMove: true, NoUIDPlus: true}, false},
		{"flag-only", imaptest.MemOptions{}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := imaptest.StartMem(t, tc.opts)
			db, _, _ := openDB(t, false)
			cfg := configFor(t, srv, "test/INBOX")
			cfg.FlagOnly = tc.flagOnly
			ev, _ := start(t, db, cfg)
			ev.idle(t)

			mails := []struct {
				raw    []byte
				action intake.Action
				folder string
				kw     string
			}{
				{signup(1), intake.Register, DefaultProcessedFolder, KeywordProcessed},
				{message("r@x", "a@example.org", "review me", "?"), intake.Review, DefaultReviewFolder, KeywordReview},
				{message("i@x", "b@example.org", "ignore me", "auto"), intake.Ignore, DefaultIgnoredFolder, KeywordIgnored},
			}
			for _, m := range mails {
				uid := srv.Append(t, "INBOX", m.raw)
				h := ev.next(t)
				if h.UID != uid || h.Action != m.action || h.Result != storage.Stored {
					t.Fatalf("handled %+v, want UID %d action %s stored", h, uid, m.action)
				}
				if tc.flagOnly {
					flags := srv.Flags(t, "INBOX", uid)
					if !slices.ContainsFunc(flags, func(f imap.Flag) bool { return strings.EqualFold(string(f), m.kw) }) || slices.Contains(flags, imap.FlagSeen) {
						t.Errorf("flags of UID %d = %v, want %s and no \\Seen", uid, flags, m.kw)
					}
					continue
				}
				got := srv.List(t, m.folder)
				if len(got) != 1 {
					t.Fatalf("%s holds %v, want one message", m.folder, got)
				}
				if flags := srv.Flags(t, m.folder, got[0]); slices.Contains(flags, imap.FlagSeen) {
					t.Errorf("filed message has \\Seen: %v", flags)
				}
				if !bytes.Equal(srv.Fetch(t, m.folder, got[0]), m.raw) {
					t.Errorf("filed message differs from the one sent")
				}
			}
			if !tc.flagOnly {
				if got := srv.List(t, "INBOX"); len(got) != 0 {
					t.Errorf("INBOX still holds %v", got)
				}
			}
			l := readLedger(t, db)
			if l.inbound != 3 || l.decided != 3 || l.serverPending != 0 || l.registrations != 1 {
				t.Errorf("ledger %+v, want 3 inbound, all decided and filed, 1 registration", l)
			}
		})
	}
}

// TestPolling: without IDLE the folder is polled (and the password comes
// from a file).
func TestPolling(t *testing.T) {
	srv := imaptest.StartMem(t, imaptest.MemOptions{})
	db, _, _ := openDB(t, false)
	cfg := configFor(t, srv, "test/INBOX")
	cfg.PollInterval = time.Second
	cfg.Password, cfg.PasswordFile = "", filepath.Join(t.TempDir(), "haslo")
	if err := os.WriteFile(cfg.PasswordFile, []byte(srv.Password+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ev, _ := start(t, db, cfg, func(o *options) { o.hooks.noIdle = true })
	ev.idle(t)
	uid := srv.Append(t, "INBOX", signup(1))
	if h := ev.next(t); h.UID != uid {
		t.Fatalf("handled UID %d, want %d", h.UID, uid)
	}
}

// TestFirstRun: mail already in the folder when the watcher first starts
// is left alone, except what arrived from StartSince on.
func TestFirstRun(t *testing.T) {
	old := time.Now().Add(-48 * time.Hour)
	recent := time.Now().Add(-1 * time.Hour)
	for _, tc := range []struct {
		name        string
		since       time.Time
		onlyNew     bool
		wantHandled int
	}{
		{"only-new", time.Time{}, true, 0},
		{"default-is-only-new", time.Time{}, false, 0},
		{"since-between", time.Now().Add(-24 * time.Hour), false, 2},
		{"since-before-all", old.Add(-time.Hour), false, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := imaptest.StartMem(t, imaptest.MemOptions{})
			c := srv.Dial(t)
			for i, date := range []time.Time{old, old, recent, recent} {
				raw := signup(i)
				cmd := c.Append("INBOX", int64(len(raw)), &imap.AppendOptions{Time: date})
				cmd.Write(raw)
				cmd.Close()
				if _, err := cmd.Wait(); err != nil {
					t.Fatal(err)
				}
			}
			db, _, _ := openDB(t, false)
			cfg := configFor(t, srv, "test/INBOX")
			cfg.StartSince, cfg.StartOnlyNew = tc.since, tc.onlyNew
			ev, _ := start(t, db, cfg)
			ev.nextN(t, tc.wantHandled)
			ev.idle(t)
			if l := readLedger(t, db); l.inbound != tc.wantHandled {
				t.Errorf("stored %d messages, want %d", l.inbound, tc.wantHandled)
			}
			if got := srv.List(t, "INBOX"); len(got) != 4-tc.wantHandled {
				t.Errorf("INBOX holds %v, want %d left alone", got, 4-tc.wantHandled)
			}
			// New mail is handled whatever the start point.
			uid := srv.Append(t, "INBOX", signup(99))
			if h := ev.next(t); h.UID != uid {
				t.Errorf("handled UID %d, want the new %d", h.UID, uid)
			}
		})
	}
}

// TestResume: a restarted watcher goes on from its checkpoint; a message
// re-sent with the same Message-ID is recognised and filed, not repeated.
func TestResume(t *testing.T) {
	srv := imaptest.StartMem(t, imaptest.MemOptions{})
	db, _, _ := openDB(t, false)
	cfg := configFor(t, srv, "test/INBOX")
	ev, stop := start(t, db, cfg)
	ev.idle(t)
	srv.Append(t, "INBOX", signup(1))
	srv.Append(t, "INBOX", signup(2))
	ev.nextN(t, 2)
	stop()

	srv.Append(t, "INBOX", signup(3))
	srv.Append(t, "INBOX", signup(1)) // sent again
	ev, _ = start(t, db, cfg)
	hs := ev.nextN(t, 2)
	if hs[0].Result != storage.Stored || hs[1].Result != storage.Duplicate {
		t.Errorf("results %v, %v; want stored then duplicate", resultName(hs[0].Result), resultName(hs[1].Result))
	}
	ev.idle(t)
	l := readLedger(t, db)
	if l.inbound != 3 || l.registrations != 3 || l.serverPending != 0 {
		t.Errorf("ledger %+v, want 3 inbound, 3 registrations, none pending", l)
	}
	if got := srv.List(t, DefaultProcessedFolder); len(got) != 4 {
		t.Errorf("%s holds %v, want all 4 messages", DefaultProcessedFolder, got)
	}
	if cp := checkpointOf(t, db, cfg.Name); cp.LastUID != 4 {
		t.Errorf("checkpoint %+v, want last UID 4", cp)
	}
}

// TestSeveralFolders: RunAll watches two folders, each with its own
// checkpoint; a copy of a message in both is handled once.
func TestSeveralFolders(t *testing.T) {
	srv := imaptest.StartMem(t, imaptest.MemOptions{})
	srv.CreateMailbox(t, "Zgloszenia")
	db, _, _ := openDB(t, false)
	a := configFor(t, srv, "test/INBOX")
	b := configFor(t, srv, "test/Zgloszenia")
	b.Folder = "Zgloszenia"

	handled := make(chan Handled, 100)
	waiting := make(chan string, 100)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- RunAll(ctx, db, []Config{a, b}, testDecide, testLogger(t), WithClock(testClock),
			WithHandled(func(h Handled) { handled <- h }), WithWaiting(func(n string) { waiting <- n }))
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	ev := &events{handled: handled, waiting: waiting}
	ev.idle(t)
	ev.idle(t)

	srv.Append(t, "INBOX", signup(1))
	first := ev.next(t)
	srv.Append(t, "Zgloszenia", signup(1))
	second := ev.next(t)
	if first.Mailbox != a.Name || first.Result != storage.Stored || second.Mailbox != b.Name || second.Result != storage.Duplicate {
		t.Errorf("handled %+v then %+v; want stored from %s, duplicate from %s", first, second, a.Name, b.Name)
	}
	if l := readLedger(t, db); l.inbound != 1 || l.registrations != 1 {
		t.Errorf("ledger %+v, want one message and one registration", l)
	}
	if got := srv.List(t, DefaultProcessedFolder); len(got) != 2 {
		t.Errorf("%s holds %v, want both copies", DefaultProcessedFolder, got)
	}
	if cp := checkpointOf(t, db, b.Name); cp.LastUID != 1 {
		t.Errorf("checkpoint of %s = %+v, want last UID 1", b.Name, cp)
	}

	err := RunAll(context.Background(), db, []Config{a, a}, testDecide, testLogger(t))
	if err == nil || !strings.Contains(err.Error(), "name") {
		t.Errorf("RunAll with a name twice: %v, want an error naming the setting", err)
	}
}

// TestUnreadable: oversized mail, mail that cannot be parsed and a decider
// that panics all end in review with a reason, and the loop goes on.
func TestUnreadable(t *testing.T) {
	srv := imaptest.StartMem(t, imaptest.MemOptions{})
	db, _, _ := openDB(t, false)
	cfg := configFor(t, srv, "test/INBOX")
	cfg.MaxSize = 64 << 10
	ev, _ := start(t, db, cfg)
	ev.idle(t)

	big := message("big@x", "c@example.org", "duży załącznik", strings.Repeat("0123456789abcdef\r\n", 10000))
	garbage := []byte("to nie jest list, tylko \x01 śmieci\r\n\r\n\xff\xfe\r\n")
	for _, tc := range []struct {
		name   string
		raw    []byte
		reason string
	}{
		{"oversize", big, "za duża"},
		{"garbage", garbage, "Nie udało się odczytać"},
		{"panic", message("p@x", "d@example.org", "panic", "x"), "błąd programu"},
	} {
		srv.Append(t, "INBOX", tc.raw)
		h := ev.next(t)
		if h.Action != intake.Review || !strings.Contains(h.Reason, tc.reason) || h.Target != DefaultReviewFolder {
			t.Errorf("%s: handled %+v, want review in %s with a reason containing %q", tc.name, h, DefaultReviewFolder, tc.reason)
		}
		in, err := db.GetInbound(context.Background(), h.InboundID)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := db.InboundRaw(context.Background(), in.ID)
		if err != nil {
			t.Fatal(err)
		}
		switch tc.name {
		case "oversize":
			if !bytes.Equal(raw, headerBytes(big)) {
				t.Errorf("oversize: stored %d bytes, want its %d-byte header", len(raw), len(headerBytes(big)))
			}
		case "garbage": // go-imap's test server serves it as it can
			got := srv.List(t, DefaultReviewFolder)
			if served := srv.Fetch(t, DefaultReviewFolder, got[len(got)-1]); !bytes.Equal(raw, served) {
				t.Errorf("garbage: stored %q, the server serves %q", raw, served)
			}
		default:
			if !bytes.Equal(raw, tc.raw) {
				t.Errorf("%s: stored %q, want %q", tc.name, raw, tc.raw)
			}
		}
	}
	// The loop goes on.
	srv.Append(t, "INBOX", signup(1))
	if h := ev.next(t); h.Action != intake.Register {
		t.Errorf("after the bad mail: %+v, want a registration", h)
	}
}

// TestFinishPending: a run that died between the commit and the move is
// finished by the next: the message is moved, nothing is decided again.
func TestFinishPending(t *testing.T) {
	srv := imaptest.StartMem(t, imaptest.MemOptions{})
	db, _, _ := openDB(t, false)
	cfg := configFor(t, srv, "test/INBOX")
	uid := srv.Append(t, "INBOX", signup(1))
	ctx := context.Background()
	uv := srv.UIDValidity(t, "INBOX")
	in, _, err := db.StoreInbound(ctx, storage.Inbound{Mailbox: cfg.Name, UIDValidity: int64(uv), UID: int64(uid),
		MessageID: nullString("signup-1@test.example"), Raw: signup(1)}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	env, d, _ := testDecide(ctx, signup(1), testNow)
	if _, _, err := db.Settle(ctx, storage.Settlement{Inbound: in, Envelope: env, Decision: d, Now: testNow, Checkpoint: true}); err != nil {
		t.Fatal(err)
	}
	srv.CreateMailbox(t, "Zapisy")
	srv.CreateMailbox(t, DefaultProcessedFolder)

	ev, _ := start(t, db, cfg)
	if h := ev.next(t); h.UID != uid || h.Result != storage.Known || h.Target != DefaultProcessedFolder {
		t.Errorf("handled %+v, want UID %d finished into %s", h, uid, DefaultProcessedFolder)
	}
	ev.idle(t)
	if got := srv.List(t, DefaultProcessedFolder); len(got) != 1 {
		t.Errorf("%s holds %v, want the pending message", DefaultProcessedFolder, got)
	}
	if l := readLedger(t, db); l.serverPending != 0 || l.registrations != 1 {
		t.Errorf("ledger %+v, want nothing pending and one registration", l)
	}
	select {
	case h := <-ev.handled:
		t.Errorf("handled %+v again", h)
	default:
	}
}

// TestDatabaseDown: while the database cannot be written, mail stays where
// it is on the server; once it is back, the mail is handled.
func TestDatabaseDown(t *testing.T) {
	srv := imaptest.StartMem(t, imaptest.MemOptions{})
	db, url, dir := openDB(t, false)
	cfg := configFor(t, srv, "test/INBOX")
	faults := make(chan error, 100)
	ev, stop := start(t, db, cfg, func(o *options) { o.hooks.sessionEnd = func(err error) { faults <- err } })
	ev.idle(t)
	db.X.Close() // the database goes away
	uid := srv.Append(t, "INBOX", signup(1))
	// The watcher fails on the database, reconnects, fetches the message
	// and fails again: let it go round a few times.
	for range 3 {
		select {
		case err := <-faults:
			if !strings.Contains(err.Error(), "closed") {
				t.Errorf("connection ended by %v, want the closed database", err)
			}
		case h := <-ev.handled:
			t.Fatalf("handled %+v with the database down", h)
		case <-time.After(waitTimeout):
			t.Fatal("the watcher did not fail on the database")
		}
	}
	if got := srv.List(t, "INBOX"); !slices.Equal(got, []uint32{uid}) {
		t.Fatalf("INBOX holds %v with the database down, want the message left there", got)
	}
	stop()
	db2 := openAt(t, url, dir)
	ev, _ = start(t, db2, cfg)
	if h := ev.next(t); h.UID != uid || h.Result != storage.Stored {
		t.Errorf("handled %+v, want UID %d stored now", h, uid)
	}
}

// TestRestartMidFetch: the server goes away while a message is being read;
// the watcher reconnects and handles it once.
func TestRestartMidFetch(t *testing.T) {
	srv := imaptest.StartMem(t, imaptest.MemOptions{})
	testRestartMidFetch(t, srv)
}

func testRestartMidFetch(t *testing.T, srv *imaptest.Server) {
	db, _, _ := openDB(t, false)
	cfg := configFor(t, srv, "test/INBOX")
	restarted := false
	hook := func(o *options) {
		o.hooks.midFetch = func(uint32) {
			if !restarted {
				restarted = true
				if err := srv.Restart(); err != nil {
					t.Error(err)
				}
			}
		}
	}
	ev, _ := start(t, db, cfg, hook)
	ev.idle(t)
	// Large enough that the server cannot have sent it all before it stops.
	raw := message("large@x", "e@example.org", "Zgłoszenie", strings.Repeat("Zapisuję się na m1.\r\n", 400000))
	uid := srv.Append(t, "INBOX", raw)
	h := ev.next(t)
	if !restarted || h.UID != uid || h.Action != intake.Register {
		t.Fatalf("restarted=%v, handled %+v; want UID %d registered after a restart", restarted, h, uid)
	}
	stored, err := db.InboundRaw(context.Background(), h.InboundID)
	if err != nil || !bytes.Equal(stored, raw) {
		t.Errorf("stored %d bytes (err %v), want the whole %d-byte message", len(stored), err, len(raw))
	}
	if l := readLedger(t, db); l.inbound != 1 || l.registrations != 1 {
		t.Errorf("ledger %+v, want one message, one registration", l)
	}
}

func TestConfigValidate(t *testing.T) {
	ok := Config{Name: "a/INBOX", Host: "imap.example.org", User: "u", Password: "p"}
	for _, tc := range []struct {
		name    string
		change  func(*Config)
		setting string // "" when valid
	}{
		{"valid", func(*Config) {}, ""},
		{"no name", func(c *Config) { c.Name = "" }, "name"},
		{"no host", func(c *Config) { c.Host = "" }, "host"},
		{"bad tls", func(c *Config) { c.TLS = "ssl" }, "tls"},
		{"no password", func(c *Config) { c.Password = "" }, "password"},
		{"two passwords", func(c *Config) { c.PasswordFile = "/run/secret" }, "password_file"},
		{"fast poll", func(c *Config) { c.PollInterval = time.Millisecond }, "poll_interval"},
		{"folder is target", func(c *Config) { c.Folders.Processed = "INBOX" }, "folders.processed"},
		{"same folders", func(c *Config) { c.Folders.Review = DefaultIgnoredFolder }, "folders.ignored"},
		{"flag only ignores folders", func(c *Config) { c.FlagOnly = true; c.Folders.Processed = "INBOX" }, ""},
		{"two start points", func(c *Config) { c.StartOnlyNew = true; c.StartSince = testNow }, "start_only_new"},
		{"tiny max", func(c *Config) { c.MaxSize = 10 }, "max_size"},
		{"bad port", func(c *Config) { c.Port = 70000 }, "port"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := ok
			tc.change(&c)
			err := c.Validate()
			switch {
			case tc.setting == "" && err != nil:
				t.Errorf("Validate() = %v, want nil", err)
			case tc.setting != "" && (err == nil || !strings.Contains(err.Error(), tc.setting+":")):
				t.Errorf("Validate() = %v, want an error naming %s", err, tc.setting)
			}
		})
	}
}

func TestReadHeader(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		want header
	}{
		{"Message-ID: <a@b>\r\nFrom: \"X\" <X@Example.org>\r\nSubject: =?UTF-8?Q?Zg=C5=82oszenie?=\r\nReferences: <r1@x> <r2@x>\r\n\r\nbody",
			header{MessageID: "a@b", From: "x@example.org", Subject: "Zgłoszenie", References: []string{"r1@x", "r2@x"}}},
		{"Message-Id: bare@id\r\nSubject: =?ISO-8859-2?Q?Zg=B3oszenie?=\r\n\r\n",
			header{MessageID: "bare@id", Subject: "Zgłoszenie"}},
	} {
		got := readHeader([]byte(tc.raw))
		if got.MessageID != tc.want.MessageID || got.From != tc.want.From || got.Subject != tc.want.Subject || !slices.Equal(got.References, tc.want.References) {
			t.Errorf("readHeader(%q) = %+v, want %+v", tc.raw, got, tc.want)
		}
	}
	a, b := readHeader([]byte("x")), readHeader([]byte("y"))
	if a.MessageID == "" || a.MessageID == b.MessageID || a.MessageID != readHeader([]byte("x")).MessageID {
		t.Errorf("synthetic Message-IDs %q, %q: want stable and distinct", a.MessageID, b.MessageID)
	}
}

func TestBackoff(t *testing.T) {
	b := backoff{min: time.Second, max: 30 * time.Second}
	var prevHi time.Duration
	for i := range 10 {
		d := b.next()
		hi := min(time.Second<<i, 30*time.Second)
		if d < hi/2 || d > hi {
			t.Errorf("attempt %d: %v, want within [%v, %v]", i, d, hi/2, hi)
		}
		if hi < prevHi {
			t.Errorf("attempt %d: bound fell", i)
		}
		prevHi = hi
		b.attempt++
	}
}

// TestRefusedMove: a message the server will not move (its folder was
// deleted meanwhile) does not stop the folder; it is filed at the next
// connection, which creates the folder again.
func TestRefusedMove(t *testing.T) {
	srv := imaptest.StartMem(t, imaptest.MemOptions{})
	db, _, _ := openDB(t, false)
	ev, _ := start(t, db, configFor(t, srv, "test/INBOX"))
	ev.idle(t)
	srv.DeleteMailbox(t, DefaultProcessedFolder)
	stuck := srv.Append(t, "INBOX", signup(1))
	srv.Append(t, "INBOX", message("r@x", "a@example.org", "review", "?"))
	if h := ev.next(t); h.Action != intake.Review {
		t.Fatalf("handled %+v, want the review message after the refused one", h)
	}
	if got := srv.List(t, "INBOX"); !slices.Equal(got, []uint32{stuck}) {
		t.Fatalf("INBOX holds %v, want the refused message %d", got, stuck)
	}
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	if h := ev.next(t); h.UID != stuck || h.Result != storage.Known || h.Target != DefaultProcessedFolder {
		t.Errorf("handled %+v, want UID %d filed after reconnecting", h, stuck)
	}
	if l := readLedger(t, db); l.registrations != 1 || l.serverPending != 0 {
		t.Errorf("ledger %+v, want one registration, nothing pending", l)
	}
}
