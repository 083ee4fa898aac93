package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/mail"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/lib/pq"

	"zapisy/intake/imaptest"
	"zapisy/notify/smtptest"
	"zapisy/storage"
	"zapisy/storage/storagetest"
)

// The high-availability tests run several `zapisy serve` daemons against one
// Dovecot, one PostgreSQL database and one SMTP server, as README's "Several
// daemons" promises: one works the mailbox at a time, another takes over
// when it stops or dies, and no notice is sent twice.

// haChildEnv, set to 1, makes this test binary a `zapisy serve` daemon
// configured from the environment (the SIGKILL test's children).
const haChildEnv = "ZAPISY_HA_CHILD"

func init() {
	if os.Getenv(haChildEnv) != "1" {
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	err := run(ctx, []string{"serve"}, strings.NewReader(""), os.Stdout, os.Stderr, os.Getenv)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "zapisy:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

const (
	haProcessed = "Zapisy/Przetworzone"
	// haTimeout bounds every wait of these tests.
	haTimeout = 40 * time.Second
)

// haRig is the shared world of the daemons.
type haRig struct {
	t     *testing.T
	imap  *imaptest.Server
	smtp  *smtptest.Server
	dbURL string
	env   map[string]string
	db    *storage.DB
	start time.Time // the meeting's start
}

func newHARig(t *testing.T) *haRig {
	imapSrv := imaptest.StartDovecot(t)
	smtpSrv := smtptest.Start(t)
	dbURL := storagetest.PostgresURL(t)
	imapHost, imapPort, _ := net.SplitHostPort(imapSrv.Addr)
	smtpHost, smtpPort, _ := net.SplitHostPort(smtpSrv.Addr)
	r := &haRig{t: t, imap: imapSrv, smtp: smtpSrv, dbURL: dbURL,
		start: time.Now().AddDate(0, 0, 10).Truncate(24 * time.Hour).Add(15 * time.Hour)}
	r.env = map[string]string{
		"ZAPISY_DATA_DIR": t.TempDir(), "ZAPISY_DATABASE_URL": dbURL,
		"ZAPISY_IMAP_HOST": imapHost, "ZAPISY_IMAP_PORT": imapPort, "ZAPISY_IMAP_TLS": "none",
		"ZAPISY_IMAP_USER": imapSrv.User, "ZAPISY_IMAP_PASSWORD": imapSrv.Password,
		"ZAPISY_IMAP_SINCE": time.Now().AddDate(0, 0, -1).Format("2006-01-02"),
		"ZAPISY_SMTP_HOST":  smtpHost, "ZAPISY_SMTP_PORT": smtpPort, "ZAPISY_SMTP_TLS": "none",
		"ZAPISY_SMTP_FROM": "martyna.niedospial@bis-krakow.pl",
		// debug: the daemons say when they take the mailbox's lease.
		"ZAPISY_LOG_LEVEL": "debug", "ZAPISY_WEB_LISTEN": "off",
		"ZAPISY_NOTIFY_RATE_PER_SECOND": "1000", "ZAPISY_NOTIFY_PER_RECIPIENT_PER_HOUR": "1000",
	}
	csv := fmt.Sprintf("id,title,starts_at,ends_at,location,capacity\nm1,\"Konsultacje programu współpracy\",%s,%s,\"ul. Józefińska 18\",100\n",
		r.start.Format(time.RFC3339), r.start.Add(2*time.Hour).Format(time.RFC3339))
	path := filepath.Join(t.TempDir(), "meetings.csv")
	if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if err := run(context.Background(), []string{"meetings", "import", path}, strings.NewReader(""), &out, &errb, r.getenv); err != nil {
		t.Fatalf("meetings import: %v\n%s", err, errb.String())
	}
	db, err := storage.Open(context.Background(), dbURL, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	r.db = db
	// The folder exists before the daemons start, so the test can watch it.
	imapSrv.CreateMailbox(t, haProcessed)
	return r
}

func (r *haRig) getenv(k string) string { return r.env[k] }

var (
	haOrgKinds = []string{"Stowarzyszenie", "Fundacja", "Towarzystwo", "Klub", "Koło"}
	haOrgNames = []string{"Łąka", "Źródło", "Pod Wawelem", "Nowa Huta", "Kazimierz", "Wisła", "Sowa", "Dąbie"}
	haFirst    = []string{"Anna", "Jan", "Zofia", "Piotr", "Maria", "Tomasz", "Ewa", "Michał"}
	haLast     = []string{"Nowak", "Kowalska", "Wiśniewski", "Wójcik", "Kamińska"}
)

// haSignup is the i-th sign-up mail, form-style, from its own sender.
// mailSignups delivers n sign-ups, numbered from first, to the INBOX and
// returns their Message-IDs by sender.
func (r *haRig) mailSignups(t *testing.T, tag string, first, n int) map[string]string {
	t.Helper()
	want := map[string]string{}
	for i := first; i < first+n; i++ {
		raw, from, id := r.signup(tag, i)
		want[from] = id
		r.imap.Append(t, "INBOX", raw)
	}
	return want
}

func (r *haRig) signup(tag string, i int) (raw []byte, from, msgID string) {
	from = fmt.Sprintf("osoba%02d@ngo%02d.example.org", i, i)
	msgID = fmt.Sprintf("ha-%s-%d@ngo%02d.example.org", tag, i, i)
	name := haFirst[i%len(haFirst)] + " " + haLast[i/len(haFirst)%len(haLast)]
	org := haOrgKinds[i%len(haOrgKinds)] + " " + haOrgNames[i/len(haOrgKinds)%len(haOrgNames)]
	s := "From: " + name + " <" + from + ">\r\n" +
		"To: martyna.niedospial@bis-krakow.pl\r\n" +
		"Subject: Zapis na spotkanie\r\n" +
		"Date: " + time.Now().Format(time.RFC1123Z) + "\r\n" +
		"Message-ID: <" + msgID + ">\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
		"Dzień dobry,\r\n\r\nzgłaszam udział w spotkaniu.\r\n\r\n" +
		"Nazwa organizacji: " + org + "\r\nOsoba kontaktowa: " + name + "\r\n" +
		fmt.Sprintf("Telefon: 600 100 %03d\r\n", 100+i) +
		"Spotkanie: " + r.start.Format("02.01.2006") + "\r\n\r\n" + name + "\r\n"
	return []byte(s), from, msgID
}

// logWatch collects a daemon's log and lets the test wait for lines in it.
type logWatch struct {
	mu      sync.Mutex
	all     bytes.Buffer
	part    []byte
	lines   []string
	changed chan struct{} // closed and replaced at every new line
}

func newLogWatch() *logWatch { return &logWatch{changed: make(chan struct{})} }

func (w *logWatch) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.all.Write(p)
	w.part = append(w.part, p...)
	grew := false
	for {
		i := bytes.IndexByte(w.part, '\n')
		if i < 0 {
			break
		}
		w.lines = append(w.lines, string(w.part[:i]))
		w.part = w.part[i+1:]
		grew = true
	}
	if grew {
		close(w.changed)
		w.changed = make(chan struct{})
	}
	return len(p), nil
}

// count is how many lines contain s.
func (w *logWatch) count(s string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for _, l := range w.lines {
		if strings.Contains(l, s) {
			n++
		}
	}
	return n
}

// waitCount waits until n lines contain s.
func (w *logWatch) waitCount(ctx context.Context, s string, n int) error {
	for {
		w.mu.Lock()
		ch := w.changed
		w.mu.Unlock()
		if w.count(s) >= n {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("waiting for %d lines with %q: %w", n, s, ctx.Err())
		}
	}
}

func (w *logWatch) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.all.String()
}

const (
	logServing    = "zapisy serving"
	logLeaseTaken = "mailbox: lease taken"
	logDecided    = "mailbox: message decided"
)

// daemon is one `zapisy serve`: in this process (run in a goroutine with
// its own context) or a child process.
type haDaemon struct {
	name   string
	log    *logWatch
	cancel context.CancelFunc // in-process
	cmd    *exec.Cmd          // child
	done   chan error
}

// startInProcess runs `zapisy serve` in a goroutine.
func (r *haRig) startInProcess(name string) *haDaemon {
	ctx, cancel := context.WithCancel(context.Background())
	d := &haDaemon{name: name, log: newLogWatch(), cancel: cancel, done: make(chan error, 1)}
	go func() { d.done <- run(ctx, []string{"serve"}, strings.NewReader(""), d.log, d.log, r.getenv) }()
	r.t.Cleanup(func() { d.stop(r.t) })
	return d
}

// startChild runs `zapisy serve` as a child process: this test binary
// again, made a daemon by haChildEnv.
func (r *haRig) startChild(name string) *haDaemon {
	d := &haDaemon{name: name, log: newLogWatch(), done: make(chan error, 1)}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), haChildEnv+"=1")
	for k, v := range r.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stdout, cmd.Stderr = d.log, d.log
	if err := cmd.Start(); err != nil {
		r.t.Fatal(err)
	}
	d.cmd = cmd
	go func() { d.done <- cmd.Wait() }()
	r.t.Cleanup(func() { d.kill() })
	return d
}

// stop ends the daemon the way an operator does (SIGTERM, Ctrl-C) and waits.
func (d *haDaemon) stop(t *testing.T) {
	t.Helper()
	if d.done == nil {
		return
	}
	if d.cmd != nil {
		d.cmd.Process.Signal(syscall.SIGTERM)
	} else {
		d.cancel()
	}
	select {
	case err := <-d.done:
		if err != nil {
			t.Errorf("daemon %s ended with %v", d.name, err)
		}
	case <-time.After(haTimeout):
		t.Errorf("daemon %s did not stop", d.name)
	}
	d.done = nil
}

// kill ends a child with SIGKILL: no goodbye to any server.
func (d *haDaemon) kill() {
	if d.done == nil || d.cmd == nil {
		return
	}
	d.cmd.Process.Kill()
	<-d.done
	d.done = nil
}

// waitServing waits until every daemon has started.
func waitServing(ctx context.Context, t *testing.T, ds []*haDaemon) {
	t.Helper()
	for _, d := range ds {
		if err := d.log.waitCount(ctx, logServing, 1); err != nil {
			t.Fatalf("%s did not start: %v\n%s", d.name, err, d.log)
		}
	}
}

// waitHolder waits until one of the running daemons holds the mailbox's
// lease for the holds-th time in total and returns it.
func waitHolder(ctx context.Context, t *testing.T, ds []*haDaemon, holds int) *haDaemon {
	t.Helper()
	got := make(chan *haDaemon, len(ds))
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Counts are read once, and each waiter waits for one more than that
	// reading: a lease taken between the reading and the waiter's start
	// still counts.
	total := 0
	seen := make([]int, len(ds))
	for i, d := range ds {
		seen[i] = d.log.count(logLeaseTaken)
		total += seen[i]
	}
	if total >= holds {
		for _, d := range ds {
			if d.done != nil && d.log.count(logLeaseTaken) > 0 {
				return d
			}
		}
	}
	for i, d := range ds {
		if d.done == nil {
			continue
		}
		go func() {
			if d.log.waitCount(wctx, logLeaseTaken, seen[i]+1) == nil {
				got <- d
			}
		}()
	}
	select {
	case d := <-got:
		return d
	case <-ctx.Done():
		for _, d := range ds {
			t.Logf("log of %s:\n%s", d.name, d.log)
		}
		t.Fatalf("no daemon took the mailbox's lease: %v", ctx.Err())
		return nil
	}
}

// waitFiled waits, with IDLE on its own connection, until folder holds at
// least n messages.
func waitFiled(ctx context.Context, t *testing.T, srv *imaptest.Server, folder string, n int) {
	t.Helper()
	exists := make(chan uint32, 64)
	c, err := imapclient.DialInsecure(srv.Addr, &imapclient.Options{
		UnilateralDataHandler: &imapclient.UnilateralDataHandler{
			Mailbox: func(d *imapclient.UnilateralDataMailbox) {
				if d.NumMessages != nil {
					select {
					case exists <- *d.NumMessages:
					default:
					}
				}
			},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	if err := c.Login(srv.User, srv.Password).Wait(); err != nil {
		t.Fatal(err)
	}
	sel, err := c.Select(folder, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		t.Fatalf("select %s: %v", folder, err)
	}
	have := sel.NumMessages
	for have < uint32(n) {
		idle, err := c.Idle()
		if err != nil {
			t.Fatalf("%s holds %d messages, want %d; IDLE: %v", folder, have, n, err)
		}
		select {
		case have = <-exists:
		case <-ctx.Done():
		}
		idle.Close()
		idle.Wait()
		if ctx.Err() != nil {
			t.Fatalf("%s holds %d messages, want %d: %v", folder, have, n, ctx.Err())
		}
	}
}

// check asserts the end state every test wants: each sign-up in want
// (sender → Message-ID) has exactly one registration and exactly one mail
// received, by recipient and by Message-ID, except the exempt senders, who
// received at most one; sentConfs confirmations are recorded as sent;
// nothing due is left in the outbox (but the exempt's); all mail is filed.
func (r *haRig) check(want map[string]string, msgs []smtptest.Message, exempt map[string]bool, sentConfs int) {
	t := r.t
	t.Helper()
	byRcpt := map[string]int{}
	byID := map[string]int{}
	for _, m := range msgs {
		for _, to := range m.To {
			byRcpt[to]++
			if _, ok := want[to]; !ok {
				t.Errorf("mail to %s, who did not sign up", to)
			}
		}
		h, err := mail.ReadMessage(bytes.NewReader(m.Data))
		if err != nil {
			t.Errorf("received mail does not parse: %v", err)
			continue
		}
		byID[h.Header.Get("Message-Id")]++
	}
	for from := range want {
		if exempt[from] && byRcpt[from] > 1 || !exempt[from] && byRcpt[from] != 1 {
			t.Errorf("%s received %d mails, want exactly 1", from, byRcpt[from])
		}
	}
	for id, n := range byID {
		if n != 1 {
			t.Errorf("Message-ID %s received %d times", id, n)
		}
	}

	var perInbound []struct {
		MessageID string `db:"message_id"`
		Regs      int    `db:"regs"`
		Status    string `db:"status"`
	}
	err := r.db.X.Select(&perInbound, `SELECT i.message_id, COUNT(r.id) AS regs, COALESCE(MIN(r.status), '') AS status
		FROM inbound_messages i LEFT JOIN registrations r ON r.inbound_id = i.id GROUP BY i.message_id`)
	if err != nil {
		t.Fatal(err)
	}
	if len(perInbound) != len(want) {
		t.Errorf("%d messages stored, want %d", len(perInbound), len(want))
	}
	for _, p := range perInbound {
		if p.Regs != 1 || p.Status != "registered" {
			t.Errorf("message %s: %d registrations (%s), want exactly 1 registered", p.MessageID, p.Regs, p.Status)
		}
	}
	var regs, confs, open, pending int
	r.db.X.Get(&regs, `SELECT COUNT(*) FROM registrations`)
	r.db.X.Get(&confs, `SELECT COUNT(*) FROM outbox WHERE kind = 'confirmation' AND status = 'sent'`)
	r.db.X.Get(&open, `SELECT COUNT(*) FROM outbox WHERE (status = 'sending' OR (status = 'queued' AND kind NOT LIKE 'reminder-%')) AND NOT recipient = ANY($1)`, pq.Array(keys(exempt)))
	r.db.X.Get(&pending, `SELECT COUNT(*) FROM inbound_messages WHERE decided_at IS NULL OR server_done_at IS NULL`)
	if regs != len(want) || confs != sentConfs {
		t.Errorf("%d registrations and %d confirmations sent, want %d and %d", regs, confs, len(want), sentConfs)
	}
	if open != 0 {
		var rows []struct {
			Kind, Status, Recipient string
			ClaimedBy               string `db:"claimed_by"`
		}
		r.db.X.Select(&rows, `SELECT kind, status, recipient, claimed_by FROM outbox WHERE status = 'sending' OR (status = 'queued' AND kind NOT LIKE 'reminder-%')`)
		t.Errorf("%d notices left queued or sending: %+v", open, rows)
	}
	if pending != 0 {
		t.Errorf("%d messages not decided or not filed according to the database", pending)
	}
	if got := r.imap.List(t, haProcessed); len(got) != len(want) {
		t.Errorf("%s holds %d messages, want %d", haProcessed, len(got), len(want))
	}
	if got := r.imap.List(t, "INBOX"); len(got) != 0 {
		t.Errorf("INBOX still holds %d messages", len(got))
	}
}

// TestHATakeoverOnStop: three daemons; the one working the mailbox is
// stopped in the middle of 40 sign-ups, another takes over, and every
// sign-up is registered and confirmed exactly once.
func TestHATakeoverOnStop(t *testing.T) {
	r := newHARig(t)
	ctx, cancel := context.WithTimeout(context.Background(), haTimeout)
	defer cancel()
	ds := []*haDaemon{r.startInProcess("A"), r.startInProcess("B"), r.startInProcess("C")}
	waitServing(ctx, t, ds)
	first := waitHolder(ctx, t, ds, 1)
	t.Logf("%s holds the mailbox", first.name)

	const n = 40
	want := r.mailSignups(t, "stop", 0, n)
	// Midway through, the holder is stopped.
	if err := first.log.waitCount(ctx, logDecided, n/3); err != nil {
		t.Fatalf("%s: %v\n%s", first.name, err, first.log)
	}
	first.stop(t)
	second := waitHolder(ctx, t, ds, 2)
	t.Logf("%s stopped after deciding %d messages; %s took over", first.name, first.log.count(logDecided), second.name)
	for _, d := range ds {
		if d != second && d.done != nil && d.log.count(logLeaseTaken) > 0 {
			t.Errorf("%s holds the lease as well as %s", d.name, second.name)
		}
	}

	msgs, err := r.smtp.WaitMessages(ctx, n)
	if err != nil {
		t.Errorf("%d of %d confirmations arrived: %v", len(msgs), n, err)
	} else {
		waitFiled(ctx, t, r.imap, haProcessed, n)
	}
	for _, d := range ds {
		d.stop(t)
	}
	decided := 0
	for _, d := range ds {
		decided += d.log.count(logDecided)
	}
	if decided != n {
		t.Errorf("%d decisions logged, want %d (one per message)", decided, n)
	}
	r.check(want, r.smtp.Messages(), nil, n)
	if t.Failed() {
		for _, d := range ds {
			t.Logf("log of %s:\n%s", d.name, d.log)
		}
	}
}

// TestHATakeoverOnKill: the same with daemons in child processes, and the
// one working the mailbox killed with SIGKILL: it says goodbye to no one,
// and PostgreSQL gives its lease to the other when its connection drops.
func TestHATakeoverOnKill(t *testing.T) {
	if testing.Short() {
		t.Skip("runs child processes")
	}
	r := newHARig(t)
	// The dead daemon's claims on notices run out after this lease; the
	// living renew theirs every second.
	r.env["ZAPISY_NOTIFY_LEASE"] = "3s"
	ctx, cancel := context.WithTimeout(context.Background(), haTimeout)
	defer cancel()
	ds := []*haDaemon{r.startChild("A"), r.startChild("B")}
	waitServing(ctx, t, ds)
	first := waitHolder(ctx, t, ds, 1)
	t.Logf("%s holds the mailbox", first.name)

	// The mail server holds its answer to the first confirmation, so the
	// daemon dies in the middle of a transmission.
	r.smtp.Hang(true)
	const n = 40
	want := r.mailSignups(t, "kill", 0, n)
	if err := first.log.waitCount(ctx, logDecided, n/3); err != nil {
		t.Fatalf("%s: %v\n%s", first.name, err, first.log)
	}
	if err := r.smtp.WaitHanging(ctx, 1); err != nil {
		t.Fatalf("no confirmation reached the mail server: %v", err)
	}
	first.kill()
	// What the killed daemon held when it died (its sender's id ends with
	// its pid), read before its lease can run out.
	var stuck []struct {
		Recipient string
		Started   bool
	}
	err := r.db.X.Select(&stuck, `SELECT recipient, started_at IS NOT NULL AS started FROM outbox
		WHERE status = 'sending' AND claimed_by LIKE $1`, fmt.Sprintf("%%:%d:%%", first.cmd.Process.Pid))
	if err != nil {
		t.Fatal(err)
	}
	// The server answers again (and records what the dead daemon sent).
	r.smtp.Hang(false)
	second := waitHolder(ctx, t, ds, 2)
	t.Logf("%s killed after deciding %d messages, holding %d claims on notices %+v; %s took over",
		first.name, first.log.count(logDecided), len(stuck), stuck, second.name)

	// Every message is filed by the survivor.
	waitFiled(ctx, t, r.imap, haProcessed, n)
	// Once the lease is over, a claimed notice whose transmission had not
	// begun is sent by the survivor; one whose transmission had begun
	// becomes uncertain (it may have been delivered) and is not sent again.
	// Everything else must arrive, once.
	received := map[string]bool{}
	for _, m := range r.smtp.Messages() {
		received[m.To[0]] = true
	}
	target := n
	started, unstarted := map[string]bool{}, map[string]bool{}
	for _, s := range stuck {
		if !s.Started {
			unstarted[s.Recipient] = true
			continue
		}
		started[s.Recipient] = true
		if !received[s.Recipient] {
			target--
		}
	}
	if len(started) == 0 {
		t.Errorf("the killed daemon held no notice in transmission; its claims were %+v", stuck)
	}
	msgs, err := r.smtp.WaitMessages(ctx, target)
	if err != nil {
		t.Errorf("%d of %d confirmations arrived: %v", len(msgs), target, err)
	}
	// The survivor settles the dead daemon's claims once their lease is
	// over: it wakes for the end of the lease.
	for {
		var held int
		if err := r.db.X.Get(&held, `SELECT COUNT(*) FROM outbox WHERE status = 'sending' AND claimed_by LIKE $1`,
			fmt.Sprintf("%%:%d:%%", first.cmd.Process.Pid)); err != nil {
			t.Fatal(err)
		}
		if held == 0 {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("the dead daemon's %d claims were never settled", held)
		case <-time.After(50 * time.Millisecond):
		}
	}
	for _, d := range ds {
		d.stop(t)
	}
	var settled []struct{ Recipient, Status string }
	r.db.X.Select(&settled, `SELECT recipient, status FROM outbox WHERE kind = 'confirmation' AND recipient = ANY($1)`,
		pq.Array(append(keys(started), keys(unstarted)...)))
	for _, s := range settled {
		switch {
		case started[s.Recipient] && s.Status != storage.NoticeUncertain:
			t.Errorf("%s: the dead daemon's started notice ended %s, want uncertain", s.Recipient, s.Status)
		case unstarted[s.Recipient] && s.Status != storage.NoticeSent:
			t.Errorf("%s: the dead daemon's unstarted notice ended %s, want sent by the survivor", s.Recipient, s.Status)
		}
	}
	for _, m := range r.smtp.Messages() {
		if started[m.To[0]] && !received[m.To[0]] {
			t.Errorf("%s: a notice whose transmission the dead daemon had begun was sent again", m.To[0])
		}
	}
	r.check(want, r.smtp.Messages(), started, n-len(started))
	if t.Failed() {
		for _, d := range ds {
			t.Logf("log of %s:\n%s", d.name, d.log)
		}
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestHADropAfterDataIsUncertain: with two daemons sending, the SMTP server
// drops the connection after the data of one confirmation. That notice ends
// uncertain and is not sent again by either daemon; the others go out once.
func TestHADropAfterDataIsUncertain(t *testing.T) {
	r := newHARig(t)
	ctx, cancel := context.WithTimeout(context.Background(), haTimeout)
	defer cancel()
	ds := []*haDaemon{r.startInProcess("A"), r.startInProcess("B")}
	waitServing(ctx, t, ds)
	waitHolder(ctx, t, ds, 1)

	r.smtp.DropAfterData(1)
	raw, dropped, droppedID := r.signup("drop", 0)
	r.imap.Append(t, "INBOX", raw)
	const logUncertain = "notify: notice may or may not have been delivered"
	got := make(chan struct{}, len(ds))
	for _, d := range ds {
		go func() {
			if d.log.waitCount(ctx, logUncertain, 1) == nil {
				got <- struct{}{}
			}
		}()
	}
	select {
	case <-got:
	case <-ctx.Done():
		t.Fatalf("no sender met the dropped connection: %v\nA:\n%s\nB:\n%s", ctx.Err(), ds[0].log, ds[1].log)
	}

	const n = 8
	want := r.mailSignups(t, "drop", 1, n)
	msgs, err := r.smtp.WaitMessages(ctx, n)
	if err != nil {
		t.Errorf("%d of %d confirmations arrived: %v", len(msgs), n, err)
	}
	waitFiled(ctx, t, r.imap, haProcessed, n+1)
	for _, d := range ds {
		d.stop(t)
	}

	var notice struct {
		Status   string
		Attempts int
		ID       string `db:"message_id"`
	}
	if err := r.db.X.Get(&notice, `SELECT status, attempts, message_id FROM outbox WHERE recipient = $1 AND kind = 'confirmation'`, dropped); err != nil {
		t.Fatal(err)
	}
	if notice.Status != storage.NoticeUncertain || notice.Attempts != 1 {
		t.Errorf("the dropped confirmation is %s after %d attempts, want uncertain after 1", notice.Status, notice.Attempts)
	}
	for _, m := range r.smtp.Messages() {
		if m.To[0] == dropped {
			t.Errorf("the uncertain confirmation was sent again")
		}
	}
	// Everyone else: one registration and one confirmation each.
	want[dropped] = droppedID
	r.check(want, r.smtp.Messages(), map[string]bool{dropped: true}, n)
	if t.Failed() {
		for _, d := range ds {
			t.Logf("log of %s:\n%s", d.name, d.log)
		}
	}
}
