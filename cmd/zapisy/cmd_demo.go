package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strconv"
	"sync"
	"time"

	"zapisy/cmd/zapisy/demo"
	"zapisy/intake"
	"zapisy/intake/mailbox"
	"zapisy/intake/understand"
	"zapisy/notify"
	"zapisy/notify/pldate"
	"zapisy/storage"
	"zapisy/templates"
	"zapisy/web"
)

// demoWait bounds how long the demo waits for its own mail to be worked.
const demoWait = 2 * time.Minute

func (e *env) demo(args []string) error {
	fs, _ := e.flags("demo")
	once := fs.Bool("once", false, "exit after the summary")
	dataDir := fs.String("data-dir", "", "keep the demo's database in this folder (default: a temporary one, removed at the end)")
	verbose := fs.Bool("verbose", false, "show the daemon's log")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	dir := *dataDir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "zapisy-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	logOut, level := io.Discard, slog.LevelInfo
	if *verbose {
		logOut = e.stderr
	}
	log := slog.New(slog.NewTextHandler(logOut, &slog.HandlerOptions{Level: level}))
	r := &demoRun{env: e, log: log}
	return r.run(dir, *once)
}

type demoRun struct {
	*env
	log *slog.Logger
	mu  sync.Mutex // one printer at a time
}

func (r *demoRun) say(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	fmt.Fprintf(r.stdout, format, args...)
}

func (r *demoRun) run(dir string, once bool) error {
	ctx, cancel := context.WithCancel(r.ctx)
	defer cancel()
	now := time.Now()

	imapSrv, err := demo.StartIMAP()
	if err != nil {
		return fmt.Errorf("demo: IMAP server: %w", err)
	}
	defer imapSrv.Close()
	sink, err := demo.StartSMTP(func(m demo.Received) {
		r.say("    ✉ wysłano do %s: %q\n", m.To, m.Subject)
	})
	if err != nil {
		return fmt.Errorf("demo: SMTP server: %w", err)
	}
	defer sink.Close()

	db, err := storage.Open(ctx, "", dir)
	if err != nil {
		return err
	}
	defer db.Close()
	db.MessageIDDomain = "bis-krakow.pl"
	meetings := demo.Meetings(now)
	if _, err := db.ImportMeetings(ctx, meetings, now); err != nil {
		return err
	}
	r.say("Zapisy — demo\n\nSpotkania:\n")
	for _, m := range meetings {
		r.say("  %s  %s  %s (miejsc: %d)\n", m.ID, demoWhen(m.StartsAt), m.Title, m.Capacity)
	}

	seed := strconv.FormatInt(now.UnixNano(), 36)
	samples, err := demo.Samples(meetings, now, seed)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, s := range samples {
		names[understand.Read(bytes.NewReader(s.Raw)).Envelope.MessageID] = s.Name
	}

	smtpHost, smtpPort, _ := net.SplitHostPort(sink.Addr)
	port, _ := strconv.Atoi(smtpPort)
	// The staff desk, on 127.0.0.1:8080 when that is free; notices link to
	// its withdrawal page.
	webLn, err := net.Listen("tcp", "127.0.0.1:8080")
	if err != nil {
		if webLn, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
			return fmt.Errorf("demo: web desk: %w", err)
		}
	}
	sendCfg := notify.Config{SMTPHost: smtpHost, SMTPPort: port, TLS: notify.TLSNone, FromAddress: demo.IMAPUser,
		FromName: "Fundacja BIS – zapisy na spotkania", PublicBaseURL: "http://" + webLn.Addr().String()}
	sender, err := newSender(db, sendCfg, notify.Options{Logger: r.log})
	if err != nil {
		return err
	}
	imapHost, imapPort, _ := net.SplitHostPort(imapSrv.Addr)
	iport, _ := strconv.Atoi(imapPort)
	mc := mailbox.Config{
		Name: "demo/INBOX", Host: imapHost, Port: iport, TLS: mailbox.TLSNone,
		User: demo.IMAPUser, Password: demo.IMAPPassword, StartOnlyNew: true,
		// go-imap's in-memory server can miss mail that arrives just as
		// IDLE starts; a short poll interval bounds that.
		PollInterval: time.Second,
	}
	handled := make(chan struct{}, len(samples)+16)
	waiting := make(chan struct{}, 1)
	d := daemon{db: db, log: r.log, sender: sender, webListener: webLn, onHandled: func(h mailbox.Handled) {
		r.report(ctx, db, names[h.MessageID], h)
		handled <- struct{}{}
	}, watchOpts: []mailbox.Option{mailbox.WithWaiting(func(string) {
		select {
		case waiting <- struct{}{}:
		default:
		}
	})}}
	if d.web, err = web.New(db, web.Options{Logger: r.log, OnQueued: d.nudge}); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- d.run(ctx, []mailbox.Config{mc}) }()
	r.say("\nPrzychodzą przykładowe wiadomości; demon odbiera każdą przez IMAP (IDLE):\n\n")
	for _, s := range samples {
		select { // the watcher is connected and waits for mail
		case <-waiting:
		case err := <-done:
			return fmt.Errorf("demo: the daemon stopped: %v", err)
		case <-time.After(demoWait):
			return errors.New("demo: the daemon did not connect to the mailbox")
		}
		if err := imapSrv.Deliver(s.Raw); err != nil {
			return fmt.Errorf("demo: deliver %s: %w", s.Name, err)
		}
		if err := r.await(ctx, handled, db, done); err != nil {
			return err
		}
	}
	if err := r.answerClarification(ctx, db, imapSrv, sink, meetings[1], seed, names, waiting, handled, done); err != nil {
		return err
	}
	if err := r.summary(ctx, db); err != nil {
		return err
	}
	if err := r.staffChanges(ctx, db, sender, meetings); err != nil {
		return err
	}
	if err := r.reminders(ctx, db, sendCfg, meetings[0]); err != nil {
		return err
	}
	if once {
		cancel()
		return <-done
	}
	r.say("\nDemo działa dalej.\n  Biurko zespołu (zapisy telefoniczne, wiadomości do sprawdzenia): http://%s/\n  Skrzynka IMAP: %s (użytkownik %s, hasło %q), serwer SMTP: %s\nCtrl-C kończy.\n",
		d.webListener.Addr(), imapSrv.Addr, demo.IMAPUser, demo.IMAPPassword, sink.Addr)
	select {
	case <-r.ctx.Done():
	case err := <-done:
		return err
	}
	cancel()
	return <-done
}

// report prints what was decided about one sample.
func (r *demoRun) report(ctx context.Context, db *storage.DB, name string, h mailbox.Handled) {
	if name == "" {
		name = h.MessageID
	}
	r.say("  %s\n    decyzja: %s — %s\n", name, demoActionPL(h.Action), templates.ReasonPL(h.Reason))
	regs, err := db.Registrations(ctx, storage.RegistrationFilter{})
	if err != nil {
		return
	}
	for _, reg := range regs {
		if reg.InboundID.String == h.InboundID {
			r.say("    %s: %s, %s (%d os.) → %s\n", meetingOrNone(reg), reg.Organization, reg.ContactName, reg.Attendees, storage.StatusPL(reg.Status))
		}
	}
}

func meetingOrNone(r storage.Registration) string {
	if m := r.Meeting(); m != "" {
		return m
	}
	return "(termin nieznany)"
}

// await waits until the daemon has handled one more message and sent every
// notice due now.
func (r *demoRun) await(ctx context.Context, handled <-chan struct{}, db *storage.DB, done <-chan error) error {
	deadline := time.After(demoWait)
	select {
	case <-handled:
	case err := <-done:
		return fmt.Errorf("demo: the daemon stopped: %v", err)
	case <-deadline:
		return fmt.Errorf("demo: a sample mail was not handled in %s", demoWait)
	case <-ctx.Done():
		return ctx.Err()
	}
	return r.drain(ctx, db, deadline)
}

// drain waits until no notice is due now or being sent.
func (r *demoRun) drain(ctx context.Context, db *storage.DB, deadline <-chan time.Time) error {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		ns, err := db.Notices(ctx, storage.NoticeFilter{})
		if err != nil {
			return err
		}
		pending := 0
		for _, n := range ns {
			if n.Status == "sending" || (n.Status == "queued" && !n.NotBefore.After(time.Now())) {
				pending++
			}
		}
		if pending == 0 {
			return nil
		}
		select {
		case <-tick.C:
		case <-deadline:
			return fmt.Errorf("demo: %d notices still unsent after %s", pending, demoWait)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// summary prints the ledger as staff would see it.
func (r *demoRun) summary(ctx context.Context, db *storage.DB) error {
	r.say("\nPodsumowanie\n")
	ms, err := db.Meetings(ctx)
	if err != nil {
		return err
	}
	for _, m := range ms {
		regs, err := db.Registrations(ctx, storage.RegistrationFilter{MeetingID: m.ID})
		if err != nil {
			return err
		}
		r.say("  %s %s:\n", m.ID, m.Title)
		if len(regs) == 0 {
			r.say("    (brak zapisów)\n")
		}
		for _, reg := range regs {
			r.say("    %-16s %s (%d os.), %s\n", storage.StatusPL(reg.Status), reg.Organization, reg.Attendees, reg.Email)
		}
	}
	review, err := db.InboundMessages(ctx, storage.InboundFilter{ReviewOpen: true})
	if err != nil {
		return err
	}
	r.say("  do sprawdzenia przez zespół: %d\n", len(review))
	for _, in := range review {
		r.say("    %s — %s\n", in.Subject, templates.ReasonPL(in.Reason))
	}
	planned, err := db.Notices(ctx, storage.NoticeFilter{Status: "queued"})
	if err != nil {
		return err
	}
	r.say("  zaplanowane przypomnienia: %d\n", len(planned))
	for _, n := range planned {
		r.say("    %s do %s, %s\n", templates.KindPL(n.Kind), n.Recipient, demoWhen(n.NotBefore))
	}
	return nil
}

// answerClarification answers, as the sender would, the question which
// meeting a sign-up meant; the answer completes the sign-up.
func (r *demoRun) answerClarification(ctx context.Context, db *storage.DB, imapSrv *demo.IMAPServer, sink *demo.SMTPSink,
	m storage.Meeting, seed string, names map[string]string, waiting, handled <-chan struct{}, done <-chan error) error {
	qs, err := db.Notices(ctx, storage.NoticeFilter{Kind: storage.KindClarification, Status: "sent"})
	if err != nil || len(qs) == 0 {
		return fmt.Errorf("demo: no clarification question was sent (%v)", err)
	}
	q := qs[0]
	subject := ""
	for _, got := range sink.Received() {
		if got.To == q.Recipient {
			subject = got.Subject
		}
	}
	raw, err := demo.ClarificationAnswer(subject, q.MessageID, m, time.Now(), seed)
	if err != nil {
		return err
	}
	names[understand.Read(bytes.NewReader(raw)).Envelope.MessageID] = "08-odpowiedz.eml (odpowiedź na pytanie o termin)"
	select {
	case <-waiting:
	case err := <-done:
		return fmt.Errorf("demo: the daemon stopped: %v", err)
	case <-time.After(demoWait):
		return errors.New("demo: the daemon is not waiting for mail")
	}
	if err := imapSrv.Deliver(raw); err != nil {
		return err
	}
	if err := r.await(ctx, handled, db, done); err != nil {
		return err
	}
	regs, err := db.Registrations(ctx, storage.RegistrationFilter{Email: q.Recipient})
	if err != nil {
		return err
	}
	for _, reg := range regs {
		r.say("    %s: %s, %s (%d os.) → %s\n", reg.Meeting(), reg.Organization, reg.ContactName, reg.Attendees, storage.StatusPL(reg.Status))
	}
	return nil
}

// staffChanges shows what registrants are told when staff move a meeting
// and cancel another.
func (r *demoRun) staffChanges(ctx context.Context, db *storage.DB, sender *notify.Sender, meetings []storage.Meeting) error {
	moved := meetings[1]
	moved.StartsAt = moved.StartsAt.Add(time.Hour)
	moved.EndsAt = moved.EndsAt.Add(time.Hour)
	r.say("\nZespół przesuwa spotkanie %s na godz. %s (nowe zaproszenie do kalendarza):\n", moved.ID, moved.StartsAt.Format("15:04"))
	if _, err := db.ImportMeetings(ctx, []storage.Meeting{moved}, time.Now()); err != nil {
		return err
	}
	if err := r.flush(ctx, db, sender); err != nil {
		return err
	}
	gone := meetings[2]
	r.say("\nZespół odwołuje spotkanie %s:\n", gone.ID)
	if err := db.CancelMeeting(ctx, gone.ID, "staff: demo", time.Now()); err != nil {
		return err
	}
	return r.flush(ctx, db, sender)
}

// flush wakes the running sender and waits until what is due now went out.
func (r *demoRun) flush(ctx context.Context, db *storage.DB, sender *notify.Sender) error {
	sender.Nudge()
	return r.drain(ctx, db, time.After(demoWait))
}

// reminders shows the reminders of the first meeting going out: the
// sender's clock is moved to the day before it.
func (r *demoRun) reminders(ctx context.Context, db *storage.DB, cfg notify.Config, m storage.Meeting) error {
	at := m.StartsAt.Add(-23 * time.Hour)
	r.say("\nPrzeskok zegara na %s (dzień przed spotkaniem %s): przypomnienia\n", demoWhen(at), m.ID)
	s, err := newSender(db, cfg, notify.Options{Logger: r.log, Clock: notify.NewManualClock(at)})
	if err != nil {
		return err
	}
	rep, err := s.SendDue(ctx)
	if err != nil {
		return err
	}
	r.say("  wysłano: %d, do ponowienia: %d, odrzucone: %d, niepewne: %d, pominięte: %d, odłożone: %d\n",
		rep.Sent, rep.Retried, rep.Failed, rep.Uncertain, rep.Skipped, rep.Postponed)
	return nil
}

// demoActionPL names a decision the way the demo prints it.
func demoActionPL(a intake.Action) string {
	switch a {
	case intake.Register:
		return "zapis"
	case intake.Cancel:
		return "rezygnacja"
	case intake.Review:
		return "do przejrzenia przez zespół"
	case intake.Ignore:
		return "bez odpowiedzi"
	}
	return string(a)
}

// demoWhen is a moment in Polish form: "28 listopada 2026, 10:00".
func demoWhen(t time.Time) string { return pldate.DateTime(t.In(storage.Warsaw)) }
