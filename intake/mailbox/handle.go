package mailbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/emersion/go-imap/v2"

	"zapisy/intake"
	"zapisy/storage"
)

// catchUp handles, in UID order, every message above the checkpoint.
func (s *session) catchUp(ctx context.Context) error {
	msgs, err := s.list(s.last, false)
	if err != nil {
		return err
	}
	for _, m := range msgs {
		if err := s.handle(ctx, m); err != nil {
			return err
		}
		s.last = m.uid
	}
	// Another daemon that stopped as this one took over may have committed
	// a decision (and moved the checkpoint past it) after this session
	// looked: its filing is done here, not only at the next connection.
	return s.finishPending(ctx)
}

// handle takes one message through the durable steps, in this order:
// store the raw bytes; decide and settle (the decision, what it changes in
// the ledger, and the checkpoint, in one transaction); only then move or
// flag it on the server, and record that. A crash anywhere leaves a state
// the next run finishes without losing or repeating anything.
func (s *session) handle(ctx context.Context, m msgInfo) error {
	w := s.w
	raw, oversize, found, err := s.fetch(m)
	if err != nil {
		return err
	}
	if !found { // moved or deleted by someone else meanwhile: not ours any more
		w.log.Info("mailbox: message gone before it could be fetched", "uid", m.uid)
		return nil
	}
	now := w.opt.now()
	h := readHeader(raw)
	in, res, err := w.db.StoreInbound(ctx, storage.Inbound{
		Mailbox: w.cfg.Name, UIDValidity: int64(s.uv), UID: int64(m.uid),
		MessageID: sql.NullString{String: h.MessageID, Valid: true},
		Raw:       raw, Sender: h.From, Subject: h.Subject,
	}, now)
	if err != nil {
		return err
	}
	log := w.log.With("uid", m.uid, "message_id", h.MessageID)

	d := decisionOf(in)
	if !in.Decided() {
		env, dec, err := s.decide(ctx, raw, oversize, m.size, h, now)
		if err != nil {
			return err
		}
		// A Duplicate's checkpoint is moved below, for this position; the
		// stored row belongs to another one.
		//
		// Settling is not cut short by a stop: a COMMIT cancelled in
		// flight may still land after this daemon gave up the mailbox, when
		// the daemon taking over has already read the checkpoint, and the
		// message would stay unfiled. Finished, it is filed here or by the
		// next holder as a pending server action.
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
		d, _, err = w.db.Settle(sctx, storage.Settlement{
			Inbound: in, Envelope: env, Decision: dec, Now: now, Checkpoint: res != storage.Duplicate,
		})
		cancel()
		if err != nil {
			return err
		}
		// The reason may quote what the sender wrote: debug level only.
		log.Info("mailbox: message decided", "inbound_id", in.ID, "action", d.Action)
		log.Debug("mailbox: why", "inbound_id", in.ID, "reason", d.Reason)
	} else {
		log.Info("mailbox: message known already; finishing it", "inbound_id", in.ID, "result", resultName(res), "action", d.Action)
	}
	if res == storage.Duplicate {
		// The decision is durable (on the first copy's row), so acting on
		// this copy first is safe; the checkpoint follows, and a crash in
		// between only means this copy is recognised once more.
		target, err := s.act(m.uid, d.Action)
		if err != nil && !refused(err) {
			return err
		}
		if err := w.db.SetCheckpoint(ctx, w.cfg.Name, int64(s.uv), int64(m.uid), now); err != nil {
			return err
		}
		s.report(m.uid, in, res, d, target)
		return nil
	}
	if in.Decided() {
		// Settled before without this position's checkpoint: by another
		// folder's watcher that met a copy of it as a Duplicate.
		if err := w.db.SetCheckpoint(ctx, w.cfg.Name, int64(s.uv), int64(m.uid), now); err != nil {
			return err
		}
	}
	target, err := s.act(m.uid, d.Action)
	if refused(err) {
		// The decision stands; filing is retried at the next connection.
		log.Error("mailbox: the server refused to file the message; it stays in the folder", "target", target, "err", err)
		return nil
	}
	if err != nil {
		return err
	}
	// Recorded even when ctx has just ended: the message was filed.
	if err := w.db.MarkServerDone(context.WithoutCancel(ctx), in.ID, w.opt.now()); err != nil {
		return err
	}
	s.report(m.uid, in, res, d, target)
	return nil
}

// refused reports whether err is the server's NO or BAD to a command (as
// opposed to a broken connection): retrying at once would not help, and
// one message the server will not move must not stop the whole folder.
func refused(err error) bool {
	var ie *imap.Error
	return errors.As(err, &ie)
}

func (s *session) report(uid uint32, in storage.Inbound, res storage.StoreResult, d intake.Decision, target string) {
	if fn := s.w.opt.handled; fn != nil {
		fn(Handled{
			Mailbox: s.w.cfg.Name, UIDValidity: s.uv, UID: uid, InboundID: in.ID,
			MessageID: in.MessageID.String, Result: res, Action: d.Action, Reason: d.Reason, Target: target,
		})
	}
}

// decisionOf returns the decision recorded on a stored message.
func decisionOf(in storage.Inbound) intake.Decision {
	return intake.Decision{Action: intake.Action(in.Action.String), Reason: in.Reason}
}

func resultName(r storage.StoreResult) string {
	switch r {
	case storage.Stored:
		return "stored"
	case storage.Known:
		return "known"
	case storage.Duplicate:
		return "duplicate"
	}
	return fmt.Sprint(int(r))
}

// decide asks the decider, turning every way it can fail into a review
// with the reason; only the end of ctx is returned as an error.
func (s *session) decide(ctx context.Context, raw []byte, oversize bool, size int64, h header, now time.Time) (intake.Envelope, intake.Decision, error) {
	fallback := intake.Envelope{MessageID: h.MessageID, InReplyTo: h.InReplyTo, References: h.References, From: h.From, Subject: h.Subject}
	review := func(reason string) (intake.Envelope, intake.Decision, error) {
		return fallback, intake.Decision{Action: intake.Review, Reason: reason}, nil
	}
	if oversize {
		return review(fmt.Sprintf("Wiadomość jest za duża (%.1f MB, limit %.1f MB): zapisano tylko jej nagłówek. Przeczytaj ją w skrzynce.",
			float64(size)/(1<<20), float64(s.w.cfg.MaxSize)/(1<<20)))
	}
	env, d, err := s.callDecider(ctx, raw, now)
	if err != nil {
		if ctx.Err() != nil {
			return intake.Envelope{}, intake.Decision{}, ctx.Err()
		}
		s.w.log.Warn("mailbox: the message could not be understood; sending it to review", "message_id", h.MessageID, "err", err)
		return review("Nie udało się odczytać wiadomości: " + err.Error())
	}
	if !d.Action.Valid() {
		return review(fmt.Sprintf("Nieznana decyzja %q: sprawdź wiadomość.", d.Action))
	}
	if env.MessageID == "" {
		env.MessageID = fallback.MessageID
	}
	if env.From == "" {
		env.From = fallback.From
	}
	if env.Subject == "" {
		env.Subject = fallback.Subject
	}
	return env, d, nil
}

func (s *session) callDecider(ctx context.Context, raw []byte, now time.Time) (env intake.Envelope, d intake.Decision, err error) {
	defer func() {
		if p := recover(); p != nil {
			s.w.log.Error("mailbox: the decider panicked", "panic", p, "stack", string(debug.Stack()))
			err = fmt.Errorf("błąd programu: %v", p)
		}
	}()
	return s.w.decide(ctx, raw, now)
}

// finishPending does the server actions that an earlier run committed to
// but did not get to (it died between the commit and the move).
func (s *session) finishPending(ctx context.Context) error {
	w := s.w
	pending, err := w.db.InboundMessages(ctx, storage.InboundFilter{Mailbox: w.cfg.Name, ServerPending: true})
	if err != nil {
		return err
	}
	for _, in := range pending {
		target := ""
		if in.UIDValidity == int64(s.uv) {
			// Acting on a UID no longer in the folder does nothing.
			target, err = s.act(uint32(in.UID), decisionOf(in).Action)
			if refused(err) {
				w.log.Error("mailbox: the server still refuses to file a message", "uid", in.UID, "inbound_id", in.ID, "target", target, "err", err)
				continue
			}
			if err != nil {
				return err
			}
		}
		// Under another UIDVALIDITY the position means nothing now; a copy
		// still in the folder is recognised by its Message-ID and filed.
		if err := w.db.MarkServerDone(ctx, in.ID, w.opt.now()); err != nil {
			return err
		}
		w.log.Info("mailbox: finished an earlier run's server action", "uid", in.UID, "inbound_id", in.ID, "target", target)
		s.report(uint32(in.UID), in, storage.Known, decisionOf(in), target)
	}
	return nil
}
