package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"zapisy/cmd/zapisy/config"

	"zapisy/intake/mailbox"
	"zapisy/notify"
	"zapisy/storage"
	"zapisy/templates"
	"zapisy/web"
)

func (e *env) serve(args []string) error {
	fs, cfgPath := e.flags("serve")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	c, err := e.config(*cfgPath)
	if err != nil {
		return err
	}
	log := e.logger(c)
	mcs, err := mailboxConfigs(c)
	if err != nil {
		return usageError{err}
	}
	if len(mcs) == 0 && c.SMTP.Host == "" && c.Web.Listen == config.WebOff {
		return usagef("serve: nothing to do: configure a [[mailbox]] (or ZAPISY_IMAP_HOST), [smtp] (or ZAPISY_SMTP_HOST) or the web desk")
	}
	db, err := e.open(c)
	if err != nil {
		if e.ctx.Err() != nil {
			// Stopped while still connecting or waiting for another
			// daemon's migration: a stop, not a failure.
			log.Info("zapisy stopped before it started", "err", err)
			return nil
		}
		return err
	}
	defer db.Close()
	db.MessageIDDomain = messageIDDomain(c.SMTP.From)

	d := daemon{db: db, log: log, clarifyWait: c.Notify.ClarifyWait.Duration}
	if c.SMTP.Host != "" {
		if d.sender, err = newSender(db, senderConfig(c), notify.Options{Logger: log}); err != nil {
			return usageError{err}
		}
	} else {
		log.Warn("no SMTP server configured: notices stay queued in the outbox")
	}
	if c.Web.Listen != config.WebOff {
		d.webAddr = c.Web.Listen
		d.web, err = web.New(db, web.Options{
			Logger: log, Clock: time.Now, StaffUser: c.Web.StaffUser, StaffPassword: c.Web.StaffPassword,
			PublicBaseURL: c.Web.PublicURL, OnQueued: d.nudge,
		})
		if err != nil {
			return err
		}
	}
	log.Info("zapisy serving", "mailboxes", len(mcs), "database", string(db.Dialect), "web", d.webAddr)
	err = d.run(e.ctx, mcs)
	log.Info("zapisy stopped")
	return err
}

func newSender(db *storage.DB, cfg notify.Config, opts notify.Options) (*notify.Sender, error) {
	r, err := notify.NewRenderer(templates.FS)
	if err != nil {
		return nil, err
	}
	return notify.NewSender(db, r, cfg, opts)
}

// daemon is the long-running part of Zapisy: the mailbox watchers and the
// outbox sender, started together and stopped together.
type daemon struct {
	db     *storage.DB
	log    *slog.Logger
	sender *notify.Sender // nil: no SMTP configured
	// onHandled, when set, also hears of every handled message (the demo).
	onHandled func(mailbox.Handled)
	watchOpts []mailbox.Option
	// clarifyWait is how long a question which meeting waits for its answer
	// before the sign-up goes back to staff; 0: forever.
	clarifyWait time.Duration
	// web is the staff desk, served on webAddr (or webListener); nil: none.
	web         http.Handler
	webAddr     string
	webListener net.Listener
}

// nudge wakes the sender after something was queued.
func (d daemon) nudge() {
	if d.sender != nil {
		d.sender.Nudge()
	}
}

// run works until ctx ends. A message handled by a watcher nudges the
// sender, so its confirmation goes out at once.
func (d daemon) run(ctx context.Context, mcs []mailbox.Config) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make([]error, 3)
	if d.clarifyWait > 0 {
		wg.Go(func() { d.housekeeping(ctx) })
	}
	if d.web != nil {
		wg.Go(func() {
			if d.webListener != nil {
				errs[2] = web.ServeListener(ctx, d.webListener, d.web)
			} else {
				errs[2] = web.Serve(ctx, d.webAddr, d.web)
			}
			cancel()
		})
	}
	if d.sender != nil {
		wg.Go(func() {
			errs[0] = d.sender.Run(ctx)
			cancel()
		})
	}
	if len(mcs) > 0 {
		handled := func(h mailbox.Handled) {
			d.nudge()
			if d.onHandled != nil {
				d.onHandled(h)
			}
		}
		opts := append([]mailbox.Option{mailbox.WithHandled(handled)}, d.watchOpts...)
		wg.Go(func() {
			errs[1] = mailbox.RunAll(ctx, d.db, mcs, decider(d.db), d.log, opts...)
			cancel()
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// housekeepingEvery is how often the daemon looks for unanswered questions.
const housekeepingEvery = 15 * time.Minute

// housekeeping sends sign-ups whose question went unanswered back to staff.
func (d daemon) housekeeping(ctx context.Context) {
	t := time.NewTicker(housekeepingEvery)
	defer t.Stop()
	for {
		if n, err := d.db.ExpirePending(ctx, d.clarifyWait, time.Now()); err != nil {
			if ctx.Err() == nil {
				d.log.Error("housekeeping: expire unanswered sign-ups", "err", err)
			}
		} else if n > 0 {
			d.log.Info("housekeeping: unanswered sign-ups back to review", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
