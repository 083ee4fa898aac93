package mailbox

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-sasl"

	"zapisy/storage"
)

// session is one connection to the server, from login to the fault (or
// the end of the context) that ends it.
type session struct {
	w       *Watcher
	c       *imapclient.Client
	newMail chan struct{} // signalled by EXISTS; buffered, never blocks
	delim   rune
	uv      uint32 // UIDVALIDITY of the selected folder
	last    uint32 // the last UID worked through in this folder
	worked  bool   // got as far as working the folder

	// A stop (the end of ctx) closes the connection at once, except while
	// a message is being filed: a MOVE cut off by a closed connection can
	// leave Dovecot with the copy made and the original not yet expunged,
	// so the next daemon files it again (found by TestHATakeoverOnStop).
	mu       sync.Mutex
	filing   bool
	stopping bool
}

// stop closes the connection, or has endFiling close it.
func (s *session) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopping = true
	if !s.filing {
		s.c.Close()
	}
}

func (s *session) beginFiling() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.filing = true
}

func (s *session) endFiling() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.filing = false
	if s.stopping {
		s.c.Close()
	}
}

// run connects, works the folder until a fault or the end of ctx, and
// closes the connection.
func (s *session) run(ctx context.Context) error {
	s.newMail = make(chan struct{}, 1)
	if err := s.connect(ctx); err != nil {
		return err
	}
	defer s.c.Close()
	// Ending ctx closes the connection, which ends any command in flight
	// (but a MOVE, see stop).
	stop := context.AfterFunc(ctx, s.stop)
	defer stop()

	if err := s.prepare(ctx); err != nil {
		return err
	}
	s.worked = true
	for {
		if err := s.catchUp(ctx); err != nil {
			return err
		}
		if err := s.wait(ctx); err != nil {
			return err
		}
	}
}

func (s *session) connect(ctx context.Context) error {
	cfg := s.w.cfg
	pass, err := cfg.password()
	if err != nil {
		return err
	}
	addr := net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port))
	opts := &imapclient.Options{
		DebugWriter: s.w.opt.hooks.debug,
		TLSConfig:   &tls.Config{ServerName: cfg.Host, InsecureSkipVerify: cfg.InsecureSkipVerify, MinVersion: tls.VersionTLS12},
		Dialer: &net.Dialer{Timeout: dialTimeout, KeepAliveConfig: net.KeepAliveConfig{
			Enable: true, Idle: keepAliveIdle, Interval: keepAliveInterval, Count: keepAliveCount,
		}},
		UnilateralDataHandler: &imapclient.UnilateralDataHandler{
			// Runs on the client's reader goroutine: only signal.
			Mailbox: func(d *imapclient.UnilateralDataMailbox) {
				if d.NumMessages != nil {
					select {
					case s.newMail <- struct{}{}:
					default:
					}
				}
			},
		},
	}
	var c *imapclient.Client
	switch cfg.TLS {
	case TLSImplicit:
		c, err = imapclient.DialTLS(addr, opts)
	case TLSStartTLS:
		c, err = imapclient.DialStartTLS(addr, opts)
	default:
		c, err = imapclient.DialInsecure(addr, opts)
	}
	if err != nil {
		return fmt.Errorf("mailbox: connect to %s: %w", addr, err)
	}
	s.c = c
	err = s.guard(commandTimeout, func() error {
		if err := c.WaitGreeting(); err != nil {
			return fmt.Errorf("greeting: %w", err)
		}
		if c.Caps().Has(imap.CapLoginDisabled) {
			return c.Authenticate(sasl.NewPlainClient("", cfg.User, pass))
		}
		return c.Login(cfg.User, pass).Wait()
	})
	if err != nil {
		c.Close()
		return fmt.Errorf("mailbox: log in to %s as %s: %w", addr, cfg.User, err)
	}
	return nil
}

// guard runs fn, closing the connection if it takes longer than d: go-imap
// sets no read deadline while it waits for a command's answer.
func (s *session) guard(d time.Duration, fn func() error) error {
	t := time.AfterFunc(d, func() { s.c.Close() })
	err := fn()
	if !t.Stop() && err != nil {
		err = fmt.Errorf("no answer within %v: %w", d, err)
	}
	return err
}

// serverName translates a "/"-separated folder name to the server's own
// hierarchy separator.
func (s *session) serverName(name string) string {
	if s.delim == 0 || s.delim == '/' || strings.EqualFold(name, "INBOX") {
		return name
	}
	return strings.ReplaceAll(name, "/", string(s.delim))
}

// prepare learns the separator, creates missing target folders, selects
// the watched folder, finishes server actions left by an earlier run, and
// finds where to start.
func (s *session) prepare(ctx context.Context) error {
	cfg := s.w.cfg
	err := s.guard(commandTimeout, func() error {
		list, err := s.c.List("", "", nil).Collect()
		if err != nil {
			return err
		}
		if len(list) > 0 {
			s.delim = list[0].Delim
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("mailbox: learn the folder separator: %w", err)
	}
	if !cfg.FlagOnly {
		if err := s.createFolders(); err != nil {
			return err
		}
	}
	var sel *imap.SelectData
	err = s.guard(commandTimeout, func() error {
		var err error
		sel, err = s.c.Select(s.serverName(cfg.Folder), nil).Wait()
		return err
	})
	if err != nil {
		return fmt.Errorf("mailbox: select %s: %w", cfg.Folder, err)
	}
	s.uv = sel.UIDValidity
	if err := s.finishPending(ctx); err != nil {
		return err
	}
	return s.startPoint(ctx, sel)
}

func (s *session) createFolders() error {
	cfg := s.w.cfg
	return s.guard(commandTimeout, func() error {
		existing := map[string]bool{}
		list, err := s.c.List("", "*", nil).Collect()
		if err != nil {
			return fmt.Errorf("mailbox: list folders: %w", err)
		}
		for _, l := range list {
			existing[l.Mailbox] = true
		}
		for _, f := range []string{cfg.Folders.Processed, cfg.Folders.Review, cfg.Folders.Ignored} {
			name := s.serverName(f)
			if existing[name] {
				continue
			}
			err := s.c.Create(name, nil).Wait()
			var ie *imap.Error
			if errors.As(err, &ie) && ie.Code == imap.ResponseCodeAlreadyExists {
				err = nil
			}
			if err != nil {
				return fmt.Errorf("mailbox: create folder %s: %w", f, err)
			}
			s.w.log.Info("mailbox: folder created", "folder", f)
			existing[name] = true
		}
		return nil
	})
}

// startPoint sets s.last from the checkpoint; on the first run it writes
// the checkpoint for the configured start point; after a UIDVALIDITY
// change it starts the folder over.
func (s *session) startPoint(ctx context.Context, sel *imap.SelectData) error {
	w := s.w
	cp, err := w.db.GetCheckpoint(ctx, w.cfg.Name)
	switch {
	case err == nil && cp.UIDValidity == int64(s.uv):
		s.last = uint32(cp.LastUID)
		return nil
	case err == nil:
		w.log.Warn("mailbox: UIDVALIDITY changed: working through the whole folder again; mail already handled is recognised by its Message-ID",
			"old_uidvalidity", cp.UIDValidity, "uidvalidity", s.uv)
		s.last = 0
		return nil
	case !errors.Is(err, storage.ErrNotFound):
		return err
	}
	// First run.
	start := uint32(0)
	if w.cfg.StartSince.IsZero() {
		if sel.UIDNext > 0 {
			start = uint32(sel.UIDNext) - 1
		}
		w.log.Info("mailbox: first run: only mail arriving from now on will be handled; older mail left alone",
			"left_alone", sel.NumMessages)
	} else {
		msgs, err := s.list(0, true)
		if err != nil {
			return err
		}
		left := 0
		for _, m := range msgs {
			if !m.date.Before(w.cfg.StartSince) {
				break
			}
			start = m.uid
			left++
		}
		w.log.Info("mailbox: first run: handling mail from the start date on; older mail left alone",
			"since", w.cfg.StartSince, "left_alone", left, "to_handle", len(msgs)-left)
	}
	if err := w.db.SetCheckpoint(ctx, w.cfg.Name, int64(s.uv), int64(start), w.opt.now()); err != nil {
		return err
	}
	s.last = start
	return nil
}

// wait returns when new mail may have arrived: at once if the server said
// so already, else on EXISTS during IDLE, or when the poll interval passes
// on a server without IDLE.
func (s *session) wait(ctx context.Context) error {
	select {
	case <-s.newMail:
		return nil
	default:
	}
	waiting := func() {
		if fn := s.w.opt.waiting; fn != nil {
			fn(s.w.cfg.Name)
		}
	}
	caps := s.c.Caps()
	if s.w.opt.hooks.noIdle || !(caps.Has(imap.CapIdle) || caps.Has(imap.CapIMAP4rev2)) {
		waiting()
		t := time.NewTimer(s.w.cfg.PollInterval)
		defer t.Stop()
		select {
		case <-t.C:
		case <-s.newMail:
		case <-ctx.Done():
			return ctx.Err()
		}
		return nil
	}
	var idle *imapclient.IdleCommand
	err := s.guard(commandTimeout, func() error {
		var err error
		idle, err = s.c.Idle()
		return err
	})
	if err != nil {
		return fmt.Errorf("mailbox: start IDLE: %w", err)
	}
	waiting()
	// Not every server reports mail that arrived between the last command
	// and IDLE's start (Dovecot does, go-imap's test server does not), so
	// IDLE also ends every poll interval to look, as well as before the
	// 29-minute limit.
	t := time.NewTimer(min(idleRefresh, s.w.cfg.PollInterval))
	defer t.Stop()
	select {
	case <-s.newMail:
	case <-t.C:
	case <-ctx.Done():
	case <-s.c.Closed():
	}
	err = s.guard(commandTimeout, func() error {
		if err := idle.Close(); err != nil {
			return err
		}
		return idle.Wait()
	})
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil {
		return fmt.Errorf("mailbox: IDLE: %w", err)
	}
	return nil
}
