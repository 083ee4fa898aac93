package mailbox

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"zapisy/intake/imaptest"
	"zapisy/storage"
)

// The crash test runs the watcher in a child process: this test binary
// again, with envChild set, which TestMain sends to childMain.
const (
	envChild     = "ZAPISY_MAILBOX_CRASH_CHILD"
	envChildDB   = "ZAPISY_MAILBOX_CRASH_DB"
	envChildDir  = "ZAPISY_MAILBOX_CRASH_DIR"
	envChildAddr = "ZAPISY_MAILBOX_CRASH_ADDR"
	envChildUser = "ZAPISY_MAILBOX_CRASH_USER"
	envChildPass = "ZAPISY_MAILBOX_CRASH_PASS"
)

// childMain works the mailbox until it is killed, printing "handled UID"
// for every message finished and "waiting" whenever it has caught up.
func childMain() int {
	ctx := context.Background()
	db, err := storage.Open(ctx, os.Getenv(envChildDB), os.Getenv(envChildDir))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	host, port, _ := net.SplitHostPort(os.Getenv(envChildAddr))
	p, _ := strconv.Atoi(port)
	cfg := Config{Name: "crash/INBOX", Host: host, Port: p, TLS: TLSNone,
		User: os.Getenv(envChildUser), Password: os.Getenv(envChildPass),
		StartSince: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	w, err := New(db, cfg, testDecide, log, WithClock(testClock), WithBackoff(10*time.Millisecond, 100*time.Millisecond),
		WithHandled(func(h Handled) { fmt.Fprintf(os.Stdout, "handled %d %s\n", h.UID, resultName(h.Result)) }),
		WithWaiting(func(string) { fmt.Fprintln(os.Stdout, "waiting") }))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	w.Run(ctx)
	return 0
}

func TestCrashSQLite(t *testing.T)   { testCrash(t, false) }
func TestCrashPostgres(t *testing.T) { testCrash(t, true) }

// testCrash: the watcher works through 200 messages on Dovecot while it is
// killed with SIGKILL at random points and started again each time. In the
// end every message has exactly one stored record, one decision and one
// registration, and every message is filed once.
func testCrash(t *testing.T, pg bool) {
	if testing.Short() {
		t.Skip("the crash test runs a child process many times")
	}
	const n = 200
	srv := imaptest.StartDovecot(t)
	db, url, dir := openDB(t, pg)
	for i := range n {
		srv.Append(t, "INBOX", signup(i))
	}
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 1))
	t.Logf("seed %d", seed)

	kills := 0
	results := map[string]int{} // how each message was met: stored, known (a run died after storing it), duplicate
	for run := 0; ; run++ {
		if run > 150 {
			t.Fatalf("still not done after %d runs", run)
		}
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), envChild+"=1", envChildDB+"="+url, envChildDir+"="+dir,
			envChildAddr+"="+srv.Addr, envChildUser+"="+srv.User, envChildPass+"="+srv.Password)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string)
		go func() {
			defer close(lines)
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
		}()
		killAfter := rng.IntN(15) // messages handled before the kill
		handled, done := 0, false
	watch:
		for handled < killAfter {
			select {
			case line, ok := <-lines:
				switch {
				case !ok:
					cmd.Wait()
					t.Fatalf("the child died on its own:\n%s", stderr.String())
				case line == "waiting":
					if l := readLedger(t, db); l.decided == n && l.serverPending == 0 {
						done = true
						break watch
					}
				case strings.HasPrefix(line, "handled "):
					handled++
					results[line[strings.LastIndexByte(line, ' ')+1:]]++
				}
			case <-time.After(waitTimeout):
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("the child made no progress:\n%s", stderr.String())
			}
		}
		// Land the kill somewhere inside the work on the next message.
		time.Sleep(time.Duration(rng.IntN(4000)) * time.Microsecond)
		cmd.Process.Kill()
		for range lines { // drain
		}
		cmd.Wait()
		if done {
			break
		}
		kills++
	}
	t.Logf("killed %d times; messages finished as %v", kills, results)

	l := readLedger(t, db)
	if l.inbound != n || l.decided != n || l.serverPending != 0 || l.registrations != n || l.dupRegistrations != 0 {
		t.Errorf("ledger %+v, want %d messages, all decided and filed, one registration each", l, n)
	}
	var ids, regInbound int
	db.X.Get(&ids, `SELECT COUNT(DISTINCT message_id) FROM inbound_messages`)
	db.X.Get(&regInbound, `SELECT COUNT(DISTINCT inbound_id) FROM registrations`)
	if ids != n || regInbound != n {
		t.Errorf("%d distinct Message-IDs and %d messages with a registration, want %d", ids, regInbound, n)
	}
	if got := srv.List(t, "INBOX"); len(got) != 0 {
		t.Errorf("INBOX still holds %d messages", len(got))
	}
	if got := srv.List(t, DefaultProcessedFolder); len(got) != n {
		t.Errorf("%s holds %d messages, want %d", DefaultProcessedFolder, len(got), n)
	}
}
