package notify

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"time"

	"github.com/wneessen/go-mail"

	"zapisy/storage"
)

// Options are the sender's collaborators; zero values have defaults.
type Options struct {
	// Clock defaults to SystemClock.
	Clock Clock
	// Logger defaults to slog.Default(). Contact data and bodies are
	// logged at debug level only.
	Logger *slog.Logger
	// OnSent, when set, is called after each notice was sent (the demo
	// prints recipient and subject). It runs on the sending goroutine.
	OnSent func(Sent)
	// Dial, when set, opens the SMTP connections (tests count them).
	Dial mail.DialContextFunc
}

// Sent reports one notice that went out.
type Sent struct {
	Notice    storage.Notice
	Recipient string
	Subject   string
	Text      string
}

// Report counts what one SendDue did.
type Report struct {
	Sent, Retried, Failed, Uncertain, Skipped, Postponed int
}

func (r Report) String() string {
	return fmt.Sprintf("sent %d, retry later %d, failed %d, uncertain %d, skipped %d, postponed %d",
		r.Sent, r.Retried, r.Failed, r.Uncertain, r.Skipped, r.Postponed)
}

// Sender sends the outbox. Create it with NewSender; run Run in the
// daemon, or call SendDue (tests, the demo, a one-shot CLI command).
type Sender struct {
	db     *storage.DB
	r      *Renderer
	cfg    Config
	clock  Clock
	log    *slog.Logger
	onSent func(Sent)
	dial   mail.DialContextFunc
	nudge  chan struct{}

	nextSlot time.Time // rate cap: the earliest start of the next message
	// renewEvery is how often SendDue renews its claims (a third of the
	// lease; tests shorten it).
	renewEvery time.Duration
}

// NewSender checks the configuration and makes a sender. It does no I/O:
// the SMTP connection is opened when there is something to send.
func NewSender(db *storage.DB, r *Renderer, cfg Config, opts Options) (*Sender, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("notify: configuration: %w", err)
	}
	cfg = cfg.withDefaults()
	if cfg.SenderID == "" {
		host, _ := os.Hostname()
		// host:pid names the process; the suffix tells apart senders in
		// one process, whose claims must not be taken for each other's.
		cfg.SenderID = fmt.Sprintf("%s:%d:%s", host, os.Getpid(), randomSuffix())
	}
	if cfg.MessageIDDomain == "" {
		cfg.MessageIDDomain = db.MessageIDDomain
		if cfg.MessageIDDomain == "" {
			cfg.MessageIDDomain = storage.DefaultMessageIDDomain
		}
	}
	s := &Sender{db: db, r: r, cfg: cfg, clock: opts.Clock, log: opts.Logger, onSent: opts.OnSent, dial: opts.Dial, nudge: make(chan struct{}, 1),
		renewEvery: cfg.Lease / 3}
	if s.clock == nil {
		s.clock = SystemClock{}
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	return s, nil
}

// Nudge tells Run that something was queued; it never blocks.
func (s *Sender) Nudge() {
	select {
	case s.nudge <- struct{}{}:
	default:
	}
}

// Run sends due notices until ctx ends: it wakes when the next notice is
// due, when nudged, and at least every idleWake (10 s, for notices queued
// by other processes). Errors of one round are logged, not fatal.
func (s *Sender) Run(ctx context.Context) error {
	for {
		rep, err := s.SendDue(ctx)
		switch {
		case err != nil && ctx.Err() != nil:
			return nil
		case err != nil:
			s.log.Error("notify: sending round failed", "err", err)
		case rep != (Report{}):
			s.log.Info("notify: sending round", "report", rep.String())
		}
		now := s.clock.Now()
		wake := now.Add(idleWake)
		if next, nerr := s.db.NextDue(ctx); nerr == nil && next.Before(wake) {
			wake = next
		}
		if err != nil || (rep == (Report{}) && !wake.After(now)) {
			// Nothing could be done although something is due: do not spin.
			wake = now.Add(retryPause)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-s.nudge:
		case <-s.clock.Until(wake):
		}
	}
}

// SendDue sends every notice due now, batch after batch over one SMTP
// connection, and returns what became of them. It stops early when the
// server cannot be reached (the notices wait for the next round).
func (s *Sender) SendDue(ctx context.Context) (Report, error) {
	var rep Report
	defer s.keepClaims(ctx)()
	c := &conn{s: s}
	defer c.close()
	for {
		batch, err := s.db.ClaimDue(ctx, s.cfg.SenderID, s.clock.Now(), s.cfg.Lease, s.cfg.BatchSize)
		if err != nil {
			return rep, err
		}
		for i, n := range batch {
			if err := s.sendOne(ctx, c, n, &rep); err != nil {
				s.releaseAll(batch[i+1:])
				return rep, err
			}
		}
		if len(batch) < s.cfg.BatchSize || c.unreachable {
			return rep, nil
		}
	}
}

// keepClaims renews this sender's claims every renewEvery until the returned
// stop is called, so that a round longer than the lease (a slow server, the
// rate cap) keeps its notices, while the claims of a sender that died run out
// within one lease.
func (s *Sender) keepClaims(ctx context.Context) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(s.renewEvery)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			if _, err := s.db.RenewClaims(ctx, s.cfg.SenderID, s.clock.Now().Add(s.cfg.Lease)); err != nil && ctx.Err() == nil {
				s.log.Warn("notify: cannot renew the claims on notices", "err", err)
			}
		}
	}()
	return func() {
		cancel()
		<-done
	}
}

// releaseAll gives back claims that were not tried (ctx ended, database
// error), so another round takes them at once.
func (s *Sender) releaseAll(ns []storage.Claimed) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, n := range ns {
		s.finish(ctx, n, storage.NoticeResult{Status: storage.NoticeQueued, NotBefore: n.NotBefore, Error: n.LastError})
	}
}

// sendOne takes one claimed notice to its end. Only database and context
// errors are returned; what happened to the notice is in the outbox.
func (s *Sender) sendOne(ctx context.Context, c *conn, n storage.Claimed, rep *Report) error {
	if err := ctx.Err(); err != nil {
		s.releaseAll([]storage.Claimed{n})
		return err
	}
	if c.unreachable {
		// The server was down for an earlier notice of this round.
		return s.retry(ctx, n, c.dialErr, rep)
	}
	p, err := s.prepare(ctx, n)
	if err != nil {
		s.releaseAll([]storage.Claimed{n})
		return err
	}
	if p.skip != "" {
		rep.Skipped++
		s.log.Info("notify: notice skipped", "notice", n.ID, "kind", n.Kind, "why", p.skip)
		return s.finish(ctx, n, storage.NoticeResult{Status: storage.NoticeSkipped, Error: p.skip})
	}
	if p.broken != nil {
		rep.Failed++
		s.log.Error("notify: notice cannot be built", "notice", n.ID, "kind", n.Kind, "err", p.broken)
		return s.finish(ctx, n, storage.NoticeResult{Status: storage.NoticeFailed, Error: p.broken.Error(), Attempted: true})
	}
	if postponed, err := s.capRecipient(ctx, n, rep); postponed || err != nil {
		if err != nil && !postponed {
			s.releaseAll([]storage.Claimed{n})
		}
		return err
	}
	if err := s.waitSlot(ctx); err != nil {
		s.releaseAll([]storage.Claimed{n})
		return err
	}
	if err := s.db.MarkStarted(ctx, n.ID, s.cfg.SenderID, s.clock.Now()); err != nil {
		// Nothing was transmitted: give the notice back rather than leave
		// it claimed until the lease runs out.
		s.releaseAll([]storage.Claimed{n})
		return err
	}
	return s.deliver(ctx, c, n, p, rep)
}

// deliver sends a prepared notice and records the outcome.
func (s *Sender) deliver(ctx context.Context, c *conn, n storage.Claimed, p prepared, rep *Report) error {
	err := c.send(ctx, p.msg)
	if errors.Is(err, errStopped) {
		// The daemon is stopping and nothing was transmitted: give the
		// notice back for another sender now, not after a retry delay.
		s.releaseAll([]storage.Claimed{n})
		return ctx.Err()
	}
	now := s.clock.Now()
	switch class, detail := classify(err); class {
	case outcomeSent:
		rep.Sent++
		s.log.Info("notify: notice sent", "notice", n.ID, "kind", n.Kind, "message_id", n.MessageID)
		if s.onSent != nil {
			s.onSent(Sent{Notice: n.Notice, Recipient: n.Recipient, Subject: p.subject, Text: p.text})
		}
		return s.finish(ctx, n, storage.NoticeResult{Status: storage.NoticeSent, At: now, Attempted: true})
	case outcomePermanent:
		rep.Failed++
		s.log.Warn("notify: notice refused by the server", "notice", n.ID, "kind", n.Kind, "answer", detail)
		return s.finish(ctx, n, storage.NoticeResult{Status: storage.NoticeFailed, Error: detail, Attempted: true})
	case outcomeUncertain:
		rep.Uncertain++
		c.drop()
		s.log.Warn("notify: notice may or may not have been delivered", "notice", n.ID, "kind", n.Kind, "err", detail)
		return s.finish(ctx, n, storage.NoticeResult{Status: storage.NoticeUncertain, At: now, Attempted: true,
			Error: "connection lost after the message was transmitted; not sent again: " + detail})
	default:
		if !c.healthy(err) {
			c.drop()
		}
		return s.retry(ctx, n, detail, rep)
	}
}

// retry puts a notice back in the queue after a temporary failure, with a
// doubling backoff (RetryBase … RetryMax), or fails it once the retry
// window since its first try is over.
func (s *Sender) retry(ctx context.Context, n storage.Claimed, detail string, rep *Report) error {
	now := s.clock.Now()
	next := now.Add(Backoff(n.Attempts+1, s.cfg.RetryBase, s.cfg.RetryMax))
	start := n.FirstTriedAt
	if start.IsZero() {
		start = now
	}
	if next.After(start.Add(s.cfg.RetryFor)) {
		rep.Failed++
		s.log.Warn("notify: notice given up after temporary failures", "notice", n.ID, "kind", n.Kind, "err", detail)
		return s.finish(ctx, n, storage.NoticeResult{Status: storage.NoticeFailed, Attempted: true,
			Error: fmt.Sprintf("gave up after %s of temporary failures: %s", s.cfg.RetryFor, detail)})
	}
	rep.Retried++
	s.log.Info("notify: temporary failure, will retry", "notice", n.ID, "kind", n.Kind, "at", next, "err", detail)
	return s.finish(ctx, n, storage.NoticeResult{Status: storage.NoticeQueued, NotBefore: next, Error: detail, Attempted: true})
}

// Backoff is the wait after the attempt-th failed attempt (1-based):
// base, 2·base, 4·base, … capped at maxWait.
func Backoff(attempt int, base, maxWait time.Duration) time.Duration {
	d := base
	for i := 1; i < attempt && d < maxWait; i++ {
		d *= 2
	}
	return min(d, maxWait)
}

// capRecipient postpones a notice when its recipient already got
// PerRecipient automatic mails in the last hour, until the oldest of them
// is an hour old; past the retry window it is skipped instead. Forged or
// repeated sign-ups thus cannot turn Zapisy into a mail cannon, and a
// real registrant still gets every notice, a little later.
func (s *Sender) capRecipient(ctx context.Context, n storage.Claimed, rep *Report) (bool, error) {
	now := s.clock.Now()
	since := now.Add(-time.Hour)
	count, err := s.db.SentTo(ctx, n.Recipient, since)
	if err != nil || count < s.cfg.PerRecipient {
		return false, err
	}
	oldest, err := s.db.OldestSentTo(ctx, n.Recipient, since)
	if err != nil {
		return false, err
	}
	next := oldest.Add(time.Hour + time.Second)
	start := n.FirstTriedAt
	if start.IsZero() {
		start = now
	}
	if next.After(start.Add(s.cfg.RetryFor)) {
		rep.Skipped++
		return true, s.finish(ctx, n, storage.NoticeResult{Status: storage.NoticeSkipped,
			Error: fmt.Sprintf("more than %d automatic mails an hour to this address for longer than %s", s.cfg.PerRecipient, s.cfg.RetryFor)})
	}
	rep.Postponed++
	s.log.Info("notify: recipient cap reached, notice postponed", "notice", n.ID, "kind", n.Kind, "until", next)
	return true, s.finish(ctx, n, storage.NoticeResult{Status: storage.NoticeQueued, NotBefore: next,
		Error: fmt.Sprintf("postponed: %d automatic mails to this address in the last hour", count)})
}

// waitSlot keeps to the send rate: messages start at least 1/rate apart.
func (s *Sender) waitSlot(ctx context.Context) error {
	interval := time.Duration(float64(time.Second) / s.cfg.RatePerSecond)
	now := s.clock.Now()
	if wait := s.nextSlot.Sub(now); wait > 0 {
		if err := s.clock.Sleep(ctx, wait); err != nil {
			return err
		}
		now = s.clock.Now()
	}
	s.nextSlot = now.Add(interval)
	return nil
}

// finish records what became of a notice. The record is made even when ctx
// has just ended (the daemon is stopping): a message the server accepted
// must be recorded as sent, not left claimed until the lease runs out and
// then taken for uncertain.
func (s *Sender) finish(ctx context.Context, n storage.Claimed, r storage.NoticeResult) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), finishTimeout)
	defer cancel()
	err := s.db.FinishNotice(ctx, n.ID, s.cfg.SenderID, r)
	if errors.Is(err, storage.ErrClaimLost) {
		s.log.Warn("notify: claim lost before the result was recorded", "notice", n.ID, "status", r.Status)
		return nil
	}
	return err
}

// finishTimeout bounds recording a notice's result once the sender's
// context has ended.
const finishTimeout = 10 * time.Second

// Outcomes of one SMTP transaction.
type outcome int

const (
	outcomeSent outcome = iota
	outcomeTemporary
	outcomePermanent
	outcomeUncertain
)

// classify decides from a go-mail error what became of a message. The
// server's code decides permanence (5xx); go-mail's IsTemp only looks at
// the text and calls network errors permanent (see LIBRARIES.md). Without
// a code, an error while closing DATA means the data went out and the
// answer did not come back: uncertain. Any other error without a code is
// a network failure before the data was complete: temporary.
func classify(err error) (outcome, string) {
	if err == nil {
		return outcomeSent, ""
	}
	var se *mail.SendError
	if !errors.As(err, &se) {
		return outcomeTemporary, err.Error()
	}
	code := se.ErrorCode()
	switch {
	case code >= 500 && code < 600:
		return outcomePermanent, se.Error()
	case code >= 400:
		return outcomeTemporary, se.Error()
	case se.Reason == mail.ErrSMTPDataClose:
		return outcomeUncertain, se.Error()
	}
	return outcomeTemporary, se.Error()
}

// conn is the round's SMTP connection, opened on first use and reused.
type conn struct {
	s           *Sender
	c           *mail.Client
	unreachable bool
	dialErr     string
}

func (c *conn) send(ctx context.Context, m *mail.Msg) error {
	if c.c == nil {
		if err := c.dial(ctx); err != nil {
			return err
		}
	}
	err := c.c.Send(m)
	var se *mail.SendError
	if errors.As(err, &se) && se.Reason == mail.ErrConnCheck {
		// The server closed the idle connection: nothing of this message
		// was sent. Once more on a new connection.
		c.drop()
		if err := c.dial(ctx); err != nil {
			return err
		}
		err = c.c.Send(m)
	}
	return err
}

// errStopped: the context ended before a connection was made, so nothing
// was transmitted.
var errStopped = errors.New("notify: stopping")

func (c *conn) dial(ctx context.Context) error {
	cl, err := c.s.newClient()
	if err == nil {
		dctx, cancel := context.WithTimeout(ctx, c.s.cfg.SMTPTimeout)
		err = cl.DialWithContext(dctx)
		cancel()
	}
	if err != nil && ctx.Err() != nil {
		return errStopped
	}
	if err != nil {
		c.unreachable, c.dialErr = true, "cannot reach the mail server: "+err.Error()
		return fmt.Errorf("%s", c.dialErr)
	}
	c.c = cl
	return nil
}

// healthy says whether the connection survives an error: a server answer
// (other than 421, which closes it) leaves it usable.
func (c *conn) healthy(err error) bool {
	var se *mail.SendError
	return errors.As(err, &se) && se.ErrorCode() >= 400 && se.ErrorCode() != 421
}

func (c *conn) drop() {
	if c.c != nil {
		c.c.Close()
		c.c = nil
	}
}

func (c *conn) close() { c.drop() }

func (s *Sender) newClient() (*mail.Client, error) {
	opts := []mail.Option{mail.WithPort(s.cfg.SMTPPort), mail.WithTimeout(s.cfg.SMTPTimeout)}
	switch s.cfg.TLS {
	case TLSImplicit:
		opts = append(opts, mail.WithSSL())
	case TLSNone:
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	tlsCfg := &tls.Config{ServerName: s.cfg.SMTPHost, InsecureSkipVerify: s.cfg.InsecureTLS, MinVersion: tls.VersionTLS12}
	if s.cfg.InsecureTLS {
		opts = append(opts, mail.WithTLSConfig(tlsCfg))
	}
	if s.dial != nil {
		dial := s.dial
		if s.cfg.TLS == TLSImplicit {
			// go-mail uses a custom dial function as it is, without the
			// TLS it would otherwise start on connect.
			dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
				raw, err := s.dial(ctx, network, addr)
				if err != nil {
					return nil, err
				}
				c := tls.Client(raw, tlsCfg)
				if err := c.HandshakeContext(ctx); err != nil {
					raw.Close()
					return nil, err
				}
				return c, nil
			}
		}
		opts = append(opts, mail.WithDialContextFunc(dial))
	}
	if s.cfg.SMTPUser != "" {
		// Over TLS the strongest mechanism offered is used. Without TLS
		// (a relay on a trusted network, by the operator's choice) go-mail
		// offers none, so PLAIN is chosen explicitly.
		auth := mail.SMTPAuthAutoDiscover
		if s.cfg.TLS == TLSNone {
			auth = mail.SMTPAuthPlainNoEnc
		}
		opts = append(opts, mail.WithSMTPAuth(auth),
			mail.WithUsername(s.cfg.SMTPUser), mail.WithPassword(s.cfg.SMTPPassword))
	}
	return mail.NewClient(s.cfg.SMTPHost, opts...)
}

func randomSuffix() string {
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on Linux
	}
	return hex.EncodeToString(b)
}
