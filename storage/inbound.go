package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"zapisy/intake"
)

// Inbound is one message as fetched from a mailbox.
type Inbound struct {
	ID          string         `db:"id"`
	Mailbox     string         `db:"mailbox"`
	UIDValidity int64          `db:"uid_validity"`
	UID         int64          `db:"uid"`
	MessageID   sql.NullString `db:"message_id"`
	Raw         []byte         `db:"raw"`
	Size        int64          `db:"size"`
	Sender      string         `db:"sender"`
	Subject     string         `db:"subject"`
	ReceivedAt  time.Time      `db:"received_at"`
	DecidedAt   sql.NullTime   `db:"decided_at"`
	Action      sql.NullString `db:"action"`
	Reason      string         `db:"reason"`
	Decision    string         `db:"decision"`
	ReviewState string         `db:"review_state"`
	ReviewedBy  string         `db:"reviewed_by"`
	ServerDone  sql.NullTime   `db:"server_done_at"`
}

// Decided reports whether a decision has been recorded.
func (in Inbound) Decided() bool { return in.DecidedAt.Valid }

const inboundHeadColumnsSQL = `id, mailbox, uid_validity, uid, message_id, size, sender, subject, received_at, decided_at, action, reason, decision, review_state, reviewed_by, server_done_at`

// StoreResult says whether StoreInbound stored a new message.
type StoreResult int

const (
	// Stored: the message is new and now stored.
	Stored StoreResult = iota
	// Known: this mailbox position (mailbox, UIDVALIDITY, UID) was stored
	// before; the returned Inbound is that row.
	Known
	// Duplicate: a message with the same Message-ID was stored before,
	// from another position (a copy in another folder, a re-sent message, a
	// rescan after UIDVALIDITY changed); the returned Inbound is that row.
	Duplicate
)

// StoreInbound keeps a fetched message's raw bytes before anything else
// is done with it. It never stores the same message twice: the database's
// unique keys on position and Message-ID decide, not a check before insert.
// The returned Inbound carries no Raw bytes.
func (db *DB) StoreInbound(ctx context.Context, in Inbound, now time.Time) (Inbound, StoreResult, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	in.ID = newID()
	in.Size = int64(len(in.Raw))
	in.ReceivedAt = dbTime(now)
	var id string
	err := db.X.GetContext(ctx, &id, db.X.Rebind(`INSERT INTO inbound_messages (id, mailbox, uid_validity, uid, message_id, raw, size, sender, subject, received_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`),
		in.ID, in.Mailbox, in.UIDValidity, in.UID, in.MessageID, in.Raw, in.Size, in.Sender, in.Subject, in.ReceivedAt)
	if err == nil {
		in.Raw = nil
		return in, Stored, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return Inbound{}, 0, fmt.Errorf("storage: store inbound message: %w", err)
	}
	var old Inbound
	err = db.X.GetContext(ctx, &old, db.X.Rebind(`SELECT `+inboundHeadColumnsSQL+` FROM inbound_messages WHERE mailbox = ? AND uid_validity = ? AND uid = ?`), in.Mailbox, in.UIDValidity, in.UID)
	if err == nil {
		return old, Known, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return Inbound{}, 0, fmt.Errorf("storage: look up inbound message: %w", err)
	}
	err = db.X.GetContext(ctx, &old, db.X.Rebind(`SELECT `+inboundHeadColumnsSQL+` FROM inbound_messages WHERE message_id = ?`), in.MessageID)
	if err != nil {
		return Inbound{}, 0, fmt.Errorf("storage: look up inbound message by Message-ID: %w", err)
	}
	return old, Duplicate, nil
}

// InboundRaw returns the stored raw bytes of a message.
func (db *DB) InboundRaw(ctx context.Context, id string) ([]byte, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var raw []byte
	err := db.X.GetContext(ctx, &raw, db.X.Rebind(`SELECT raw FROM inbound_messages WHERE id = ?`), id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("storage: inbound message %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("storage: read inbound message %s: %w", id, err)
	}
	return raw, nil
}

// GetInbound returns a stored message without its raw bytes.
func (db *DB) GetInbound(ctx context.Context, id string) (Inbound, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var in Inbound
	err := db.X.GetContext(ctx, &in, db.X.Rebind(`SELECT `+inboundHeadColumnsSQL+` FROM inbound_messages WHERE id = ?`), id)
	if errors.Is(err, sql.ErrNoRows) {
		return Inbound{}, fmt.Errorf("storage: inbound message %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return Inbound{}, fmt.Errorf("storage: read inbound message %s: %w", id, err)
	}
	return in, nil
}

// Settlement is the decision about a stored message, to be recorded.
type Settlement struct {
	Inbound  Inbound
	Envelope intake.Envelope
	Decision intake.Decision
	Now      time.Time
	// Checkpoint, when true, moves the mailbox checkpoint past the message
	// in the same transaction.
	Checkpoint bool
}

// Settle records the decision about a stored message and applies it
// (registrations and the notices they owe) in one transaction, together with
// the mailbox checkpoint when asked. A decision the ledger cannot carry out
// (an unknown or past meeting, nothing to withdraw) is recorded as review
// with the ledger's reason. It returns the decision as recorded.
// Settling a message that was settled before changes nothing.
func (db *DB) Settle(ctx context.Context, s Settlement) (intake.Decision, Outcome, error) {
	if s.Inbound.Decided() {
		return storedDecision(s.Inbound)
	}
	c := Change{
		Decision:   s.Decision,
		Source:     SourceEmail,
		Actor:      "mail <" + s.Envelope.MessageID + ">",
		SourceRef:  s.Envelope.MessageID,
		InboundID:  s.Inbound.ID,
		ReplyTo:    s.Envelope.MessageID,
		References: s.Envelope.References,
		Now:        s.Now,
	}
	d := s.Decision
	var out Outcome
	err := db.InTx(ctx, func(tx *sqlx.Tx) error {
		if err := claimDecision(ctx, tx, s); err != nil {
			return err
		}
		// A sign-up without a clear meeting gets a question, and the answer
		// to it completes the sign-up (clarify.go).
		cl, err := db.clarifyTx(ctx, tx, c, s.Envelope)
		if err != nil {
			return err
		}
		if cl.handled {
			out, d = cl.out, cl.decision
			return db.recordDecisionState(ctx, tx, s, d, cl.review)
		}
		if out, err = db.ApplyTx(ctx, tx, c); err != nil {
			return err
		}
		return db.recordDecision(ctx, tx, s, d)
	})
	if reason, ok := IsReject(err); ok {
		d = intake.Decision{Action: intake.Review, Reason: reason, Registrations: s.Decision.Registrations, Lang: s.Decision.Lang}
		out = Outcome{}
		err = db.InTx(ctx, func(tx *sqlx.Tx) error {
			if err := claimDecision(ctx, tx, s); err != nil {
				return err
			}
			return db.recordDecision(ctx, tx, s, d)
		})
	}
	if errors.Is(err, errDecidedElsewhere) {
		in, err := db.GetInbound(ctx, s.Inbound.ID)
		if err != nil {
			return intake.Decision{}, Outcome{}, err
		}
		return storedDecision(in)
	}
	if err != nil {
		return intake.Decision{}, Outcome{}, err
	}
	return d, out, nil
}

// errDecidedElsewhere: another transaction (a copy of the message in
// another folder, another daemon) decided the message first.
var errDecidedElsewhere = errors.New("storage: message decided by another transaction")

// claimDecision marks the message decided first thing in the transaction,
// so that of two transactions settling the same message (copies in two
// folders) exactly one applies its decision: on PostgreSQL the second waits
// for the first's row lock and then finds the row claimed; on SQLite
// transactions are serial.
func claimDecision(ctx context.Context, tx *sqlx.Tx, s Settlement) error {
	res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE inbound_messages SET decided_at = ? WHERE id = ? AND decided_at IS NULL`), dbTime(s.Now), s.Inbound.ID)
	if err != nil {
		return fmt.Errorf("storage: claim decision of %s: %w", s.Inbound.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("storage: claim decision of %s: %w", s.Inbound.ID, err)
	} else if n == 0 {
		return errDecidedElsewhere
	}
	return nil
}

func storedDecision(in Inbound) (intake.Decision, Outcome, error) {
	var d intake.Decision
	if err := json.Unmarshal([]byte(in.Decision), &d); err != nil {
		return intake.Decision{}, Outcome{}, fmt.Errorf("storage: stored decision of %s: %w", in.ID, err)
	}
	return d, Outcome{}, nil
}

func (db *DB) recordDecision(ctx context.Context, tx *sqlx.Tx, s Settlement, d intake.Decision) error {
	review := ""
	if d.Action == intake.Review {
		review = "open"
	}
	return db.recordDecisionState(ctx, tx, s, d, review)
}

func (db *DB) recordDecisionState(ctx context.Context, tx *sqlx.Tx, s Settlement, d intake.Decision, review string) error {
	js, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("storage: encode decision: %w", err)
	}
	_, err = tx.ExecContext(ctx, tx.Rebind(`UPDATE inbound_messages SET decided_at = ?, action = ?, reason = ?, decision = ?, review_state = ? WHERE id = ?`),
		dbTime(s.Now), string(d.Action), d.Reason, string(js), review, s.Inbound.ID)
	if err != nil {
		return fmt.Errorf("storage: record decision of %s: %w", s.Inbound.ID, err)
	}
	if s.Checkpoint {
		return setCheckpoint(ctx, tx, s.Inbound.Mailbox, s.Inbound.UIDValidity, s.Inbound.UID, s.Now)
	}
	return nil
}

// Checkpoint is how far a mailbox has been worked.
type Checkpoint struct {
	Mailbox     string    `db:"mailbox"`
	UIDValidity int64     `db:"uid_validity"`
	LastUID     int64     `db:"last_uid"`
	UpdatedAt   time.Time `db:"updated_at"`
}

// GetCheckpoint returns a mailbox's checkpoint, or ErrNotFound before the
// mailbox was first worked.
func (db *DB) GetCheckpoint(ctx context.Context, mailbox string) (Checkpoint, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var c Checkpoint
	err := db.X.GetContext(ctx, &c, db.X.Rebind(`SELECT mailbox, uid_validity, last_uid, updated_at FROM mailbox_checkpoints WHERE mailbox = ?`), mailbox)
	if errors.Is(err, sql.ErrNoRows) {
		return Checkpoint{}, fmt.Errorf("storage: checkpoint of %s: %w", mailbox, ErrNotFound)
	}
	if err != nil {
		return Checkpoint{}, fmt.Errorf("storage: read checkpoint of %s: %w", mailbox, err)
	}
	return c, nil
}

// SetCheckpoint moves a mailbox's checkpoint. Under the same UIDVALIDITY it
// only ever moves forward; a new UIDVALIDITY starts it afresh.
func (db *DB) SetCheckpoint(ctx context.Context, mailbox string, uidValidity, lastUID int64, now time.Time) error {
	return db.InTx(ctx, func(tx *sqlx.Tx) error {
		return setCheckpoint(ctx, tx, mailbox, uidValidity, lastUID, now)
	})
}

func setCheckpoint(ctx context.Context, tx *sqlx.Tx, mailbox string, uidValidity, lastUID int64, now time.Time) error {
	_, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO mailbox_checkpoints (mailbox, uid_validity, last_uid, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (mailbox) DO UPDATE SET
			last_uid = CASE WHEN mailbox_checkpoints.uid_validity = excluded.uid_validity AND mailbox_checkpoints.last_uid > excluded.last_uid THEN mailbox_checkpoints.last_uid ELSE excluded.last_uid END,
			uid_validity = excluded.uid_validity,
			updated_at = excluded.updated_at`),
		mailbox, uidValidity, lastUID, dbTime(now))
	if err != nil {
		return fmt.Errorf("storage: move checkpoint of %s: %w", mailbox, err)
	}
	return nil
}

// MarkServerDone records that a message was moved or flagged on the server.
func (db *DB) MarkServerDone(ctx context.Context, id string, now time.Time) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	_, err := db.X.ExecContext(ctx, db.X.Rebind(`UPDATE inbound_messages SET server_done_at = ? WHERE id = ?`), dbTime(now), id)
	if err != nil {
		return fmt.Errorf("storage: mark %s done on the server: %w", id, err)
	}
	return nil
}

// InboundFilter narrows a listing of stored mail; zero values mean "any".
type InboundFilter struct {
	Mailbox       string
	ReviewOpen    bool // only messages waiting for staff review
	Undecided     bool // only messages without a decision
	ServerPending bool // decided but not yet moved/flagged on the server
}

// InboundMessages lists stored mail (without raw bytes), oldest first.
func (db *DB) InboundMessages(ctx context.Context, f InboundFilter) ([]Inbound, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	q := `SELECT ` + inboundHeadColumnsSQL + ` FROM inbound_messages WHERE 1 = 1`
	var args []any
	if f.Mailbox != "" {
		q += ` AND mailbox = ?`
		args = append(args, f.Mailbox)
	}
	if f.ReviewOpen {
		q += ` AND review_state = 'open'`
	}
	if f.Undecided {
		q += ` AND decided_at IS NULL`
	}
	if f.ServerPending {
		q += ` AND decided_at IS NOT NULL AND server_done_at IS NULL`
	}
	var out []Inbound
	if err := db.X.SelectContext(ctx, &out, db.X.Rebind(q+` ORDER BY received_at, uid, id`), args...); err != nil {
		return nil, fmt.Errorf("storage: list inbound mail: %w", err)
	}
	return out, nil
}

// ResolveReview closes a message of the review queue with the staff's
// decision, applied like any other (in one transaction).
//
// The message is closed first thing in the transaction, so two staff
// members resolving it at once cannot both apply: the second gets
// ErrReviewClosed.
func (db *DB) ResolveReview(ctx context.Context, inboundID, staff string, d intake.Decision, env intake.Envelope, now time.Time) (Outcome, error) {
	var out Outcome
	err := db.InTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE inbound_messages SET review_state = 'done', reviewed_by = ? WHERE id = ? AND review_state <> 'done'`), staff, inboundID)
		if err != nil {
			return fmt.Errorf("storage: close review of %s: %w", inboundID, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("storage: close review of %s: %w", inboundID, err)
		} else if n == 0 {
			return fmt.Errorf("storage: review of %s: %w", inboundID, ErrReviewClosed)
		}
		out, err = db.ApplyTx(ctx, tx, Change{
			Decision: d, Source: SourceEmail, Actor: "staff: " + staff, SourceRef: env.MessageID,
			InboundID: inboundID, ReplyTo: env.MessageID, References: env.References, Now: now,
		})
		return err
	})
	return out, err
}

// ErrReviewClosed: the message was resolved already (by someone else).
var ErrReviewClosed = errors.New("already resolved")
