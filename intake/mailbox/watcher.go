package mailbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"time"

	"zapisy/intake"
	"zapisy/storage"
)

// Timeouts of the network steps, and the reconnection backoff.
const (
	// dialTimeout bounds the TCP connect and the TLS handshake.
	dialTimeout = 30 * time.Second
	// commandTimeout bounds one IMAP command's answer (greeting, LOGIN,
	// SELECT, LIST, MOVE, STORE, the listing of new mail, IDLE's start
	// and end). The client closes the connection when it runs out.
	commandTimeout = 60 * time.Second
	// fetchTimeout bounds the fetch of one message body (up to MaxSize).
	fetchTimeout = 5 * time.Minute
	// settleTimeout bounds recording one message's decision, which a stop
	// lets finish.
	settleTimeout = 30 * time.Second
	// idleRefresh ends and re-issues IDLE well before the 29 minutes after
	// which servers may drop an idle client (RFC 2177); go-imap itself also
	// re-issues at 28 minutes. Each refresh also catches up, as a backstop.
	idleRefresh = 25 * time.Minute
	// keepAlive* detect a peer that vanished while we idle: IDLE has no
	// read deadline, so TCP keep-alive is what notices a dead network.
	keepAliveIdle     = 30 * time.Second
	keepAliveInterval = 10 * time.Second
	keepAliveCount    = 3

	// DefaultBackoffMin and DefaultBackoffMax bound the wait before
	// reconnecting after a fault; it doubles from min up to max, with
	// jitter, and starts again from min after a connection that worked.
	DefaultBackoffMin = time.Second
	DefaultBackoffMax = 5 * time.Minute
)

// Decider turns a message's raw bytes into its envelope and a decision. It
// must not write anything: the watcher stores the decision. An error (or a
// panic) settles the message as review with the error as the reason,
// unless ctx has ended, in which case the message is tried again later.
type Decider func(ctx context.Context, raw []byte, now time.Time) (intake.Envelope, intake.Decision, error)

// Handled describes one message the watcher has finished with: stored,
// decided and acted on at the server.
type Handled struct {
	Mailbox     string // Config.Name
	UIDValidity uint32
	UID         uint32
	InboundID   string // the stored message (for a Duplicate: the first copy)
	MessageID   string
	Result      storage.StoreResult
	Action      intake.Action
	Reason      string
	// Target is the folder the message was moved to, or the keyword set.
	Target string
}

// Option changes a Watcher's defaults.
type Option func(*options)

type options struct {
	now                    func() time.Time
	handled                func(Handled)
	waiting                func(string)
	backoffMin, backoffMax time.Duration
	hooks                  testHooks
}

// testHooks let the package's tests act at exact points of the work.
type testHooks struct {
	// midFetch runs once a message body's first bytes were read.
	midFetch func(uid uint32)
	// noIdle makes the watcher poll even where the server offers IDLE.
	noIdle bool
	// debug receives the IMAP protocol.
	debug io.Writer
	// sessionEnd runs after each connection ended by a fault.
	sessionEnd func(err error)
}

// WithClock sets the clock giving "now" to the decider and the ledger
// (default time.Now).
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// WithHandled calls fn after each message is finished with (stored,
// decided, and moved or flagged). fn runs on the watcher's goroutine and
// should return quickly. Tests use it to wait for work instead of sleeping.
func WithHandled(fn func(Handled)) Option { return func(o *options) { o.handled = fn } }

// WithWaiting calls fn with the mailbox name each time the watcher has
// worked through everything and waits for new mail: once the server has
// accepted IDLE, or before each poll.
func WithWaiting(fn func(mailbox string)) Option { return func(o *options) { o.waiting = fn } }

// WithBackoff sets the bounds of the wait before reconnecting (defaults
// DefaultBackoffMin and DefaultBackoffMax).
func WithBackoff(min, max time.Duration) Option {
	return func(o *options) { o.backoffMin, o.backoffMax = min, max }
}

// Watcher works one mailbox folder: it stores, decides and files every
// message that arrives in it, exactly once. Create it with New and start it
// with Run.
type Watcher struct {
	db     *storage.DB
	cfg    Config
	decide Decider
	log    *slog.Logger
	opt    options
}

// New checks cfg and returns a watcher for it. It does no I/O (a
// PasswordFile is read at each connection, so a rotated password is picked
// up).
func New(db *storage.DB, cfg Config, decide Decider, log *slog.Logger, opts ...Option) (*Watcher, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if db == nil || decide == nil || log == nil {
		return nil, errors.New("mailbox: New needs a database, a decider and a logger")
	}
	o := options{now: time.Now, backoffMin: DefaultBackoffMin, backoffMax: DefaultBackoffMax}
	for _, fn := range opts {
		fn(&o)
	}
	if o.backoffMin <= 0 || o.backoffMax < o.backoffMin {
		return nil, fmt.Errorf("mailbox: backoff bounds %v..%v are not a range", o.backoffMin, o.backoffMax)
	}
	cfg = cfg.withDefaults()
	return &Watcher{db: db, cfg: cfg, decide: decide, log: log.With("mailbox", cfg.Name), opt: o}, nil
}

// Run works the mailbox until ctx ends, and then returns nil. Connection
// faults, server restarts and database outages are logged and retried with
// backoff; they never end Run. When several processes share a PostgreSQL
// database, only the one holding the mailbox's lease works it; the others
// wait in Run and take over when it stops or dies.
func (w *Watcher) Run(ctx context.Context) error {
	var b backoff
	b.min, b.max = w.opt.backoffMin, w.opt.backoffMax
	for ctx.Err() == nil {
		lease, err := w.db.AcquireLease(ctx, "mailbox:"+w.cfg.Name)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			w.log.Warn("mailbox: cannot take the mailbox's lease; retrying", "err", err)
			b.wait(ctx)
			continue
		}
		w.log.Debug("mailbox: lease taken")
		lctx, cancel := context.WithCancel(ctx)
		go func() {
			select {
			case <-lease.Lost():
				w.log.Warn("mailbox: lease lost (database connection broke); stopping until it is taken again")
				cancel()
			case <-lctx.Done():
			}
		}()
		w.sessions(lctx, &b)
		cancel()
		lease.Release()
	}
	return nil
}

// sessions connects again and again until ctx ends.
func (w *Watcher) sessions(ctx context.Context, b *backoff) {
	for ctx.Err() == nil {
		s := &session{w: w}
		err := s.run(ctx)
		if ctx.Err() != nil {
			return
		}
		if s.worked {
			b.reset()
		}
		if fn := w.opt.hooks.sessionEnd; fn != nil {
			fn(err)
		}
		w.log.Warn("mailbox: connection ended; reconnecting", "err", err, "in", b.next())
		b.wait(ctx)
	}
}

// backoff is a capped exponential backoff with jitter.
type backoff struct {
	min, max time.Duration
	attempt  int
	planned  time.Duration
}

func (b *backoff) reset() { b.attempt = 0 }

// next plans the coming wait: min·2^attempt capped at max, then drawn
// uniformly from its upper half so that daemons do not reconnect in step.
func (b *backoff) next() time.Duration {
	d := b.min
	for i := 0; i < b.attempt && d < b.max; i++ {
		d *= 2
	}
	d = min(d, b.max)
	b.planned = d/2 + rand.N(d/2+1)
	return b.planned
}

func (b *backoff) wait(ctx context.Context) {
	if b.planned == 0 {
		b.next()
	}
	t := time.NewTimer(b.planned)
	defer t.Stop()
	b.attempt++
	b.planned = 0
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
