package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

// The sending side of the outbox (package notify): claiming due notices,
// recording what became of each, and the staff's actions on failed ones.
//
// A claim is a lease: status 'sending', claimed_by the sender's id and
// claimed_until the end of the lease. On PostgreSQL the due rows are picked
// with FOR UPDATE SKIP LOCKED, so several daemons share the work and never
// claim the same row; on SQLite there is one writer anyway. A claim that
// outlives its lease belonged to a sender that died: the row goes back to
// the queue if its transmission had not begun (started_at NULL), and becomes
// 'uncertain' if it had, because it may have been delivered.

// ErrClaimLost is returned when a sender records the result of a notice it
// no longer holds (its lease expired and another sender took the row).
var ErrClaimLost = errors.New("storage: notice no longer claimed by this sender")

// Notice statuses.
const (
	NoticeQueued    = "queued"
	NoticeSending   = "sending"
	NoticeSent      = "sent"
	NoticeFailed    = "failed"
	NoticeUncertain = "uncertain"
	NoticeSkipped   = "skipped"
)

// Claimed is a notice claimed for sending.
type Claimed struct {
	Notice
	// FirstTriedAt is when the notice was first claimed: the start of its
	// retry window.
	FirstTriedAt time.Time `db:"first_tried_at"`
}

// ClaimDue claims up to limit notices due at now for the sender worker,
// for the length of lease, oldest due first. It first settles the claims
// whose lease has expired (see above).
func (db *DB) ClaimDue(ctx context.Context, worker string, now time.Time, lease time.Duration, limit int) ([]Claimed, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var out []Claimed
	err := db.InTx(ctx, func(tx *sqlx.Tx) error {
		if err := settleExpiredClaims(ctx, tx, now); err != nil {
			return err
		}
		q := `SELECT id FROM outbox WHERE status = 'queued' AND not_before <= ? ORDER BY not_before, id LIMIT ?`
		if db.Dialect == Postgres {
			q += ` FOR UPDATE SKIP LOCKED`
		}
		var ids []string
		if err := tx.SelectContext(ctx, &ids, tx.Rebind(q), dbTime(now), limit); err != nil {
			return fmt.Errorf("storage: find due notices: %w", err)
		}
		if len(ids) == 0 {
			return nil
		}
		upd, args, err := sqlx.In(`UPDATE outbox SET status = 'sending', claimed_by = ?, claimed_until = ?, started_at = NULL, first_tried_at = COALESCE(first_tried_at, ?) WHERE id IN (?)`,
			worker, dbTime(now.Add(lease)), dbTime(now), ids)
		if err != nil {
			return fmt.Errorf("storage: claim notices: %w", err)
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(upd), args...); err != nil {
			return fmt.Errorf("storage: claim notices: %w", err)
		}
		sel, args, err := sqlx.In(`SELECT `+noticeColumnsSQL+`, first_tried_at FROM outbox WHERE id IN (?) ORDER BY not_before, id`, ids)
		if err != nil {
			return fmt.Errorf("storage: read claimed notices: %w", err)
		}
		if err := tx.SelectContext(ctx, &out, tx.Rebind(sel), args...); err != nil {
			return fmt.Errorf("storage: read claimed notices: %w", err)
		}
		return nil
	})
	return out, err
}

func settleExpiredClaims(ctx context.Context, tx *sqlx.Tx, now time.Time) error {
	_, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE outbox SET status = 'uncertain', sent_at = started_at,
		last_error = 'the sender stopped while transmitting this notice (claim of ' || claimed_by || ' expired); it may have been delivered'
		WHERE status = 'sending' AND claimed_until < ? AND started_at IS NOT NULL`), dbTime(now))
	if err != nil {
		return fmt.Errorf("storage: settle expired claims: %w", err)
	}
	_, err = tx.ExecContext(ctx, tx.Rebind(`UPDATE outbox SET status = 'queued', claimed_by = '', claimed_until = NULL
		WHERE status = 'sending' AND claimed_until < ? AND started_at IS NULL`), dbTime(now))
	if err != nil {
		return fmt.Errorf("storage: release expired claims: %w", err)
	}
	return nil
}

// RenewClaims extends to until the lease of every notice the sender worker
// holds, and returns how many it holds. A sender renews while it works, so
// that a short lease is enough for a long round: a sender that dies leaves
// its claims for at most one lease.
func (db *DB) RenewClaims(ctx context.Context, worker string, until time.Time) (int64, error) {
	res, err := db.X.ExecContext(ctx, db.X.Rebind(`UPDATE outbox SET claimed_until = ?
		WHERE claimed_by = ? AND status = 'sending'`), dbTime(until), worker)
	if err != nil {
		return 0, fmt.Errorf("storage: renew claims of %s: %w", worker, err)
	}
	return res.RowsAffected()
}

// MarkStarted records that the transmission of a claimed notice begins:
// from now on a crash leaves it 'uncertain' rather than queued.
func (db *DB) MarkStarted(ctx context.Context, id, worker string, now time.Time) error {
	return db.updateClaimed(ctx, id, worker, `started_at = ?`, dbTime(now))
}

// NoticeResult is what became of one claimed notice.
type NoticeResult struct {
	// Status: NoticeSent, NoticeFailed, NoticeUncertain, NoticeSkipped, or
	// NoticeQueued (to try again at NotBefore).
	Status string
	// Error is the server's answer or the reason, kept for staff.
	Error string
	// NotBefore is the next attempt's time when Status is NoticeQueued.
	NotBefore time.Time
	// Attempted counts the result as an attempt (false for a postponement
	// or a release of a notice that was never tried).
	Attempted bool
	At        time.Time
}

// FinishNotice records the result of a notice the sender worker holds, and
// gives up its claim. ErrClaimLost means another sender holds it now.
func (db *DB) FinishNotice(ctx context.Context, id, worker string, r NoticeResult) error {
	attempt := 0
	if r.Attempted {
		attempt = 1
	}
	set := `status = ?, last_error = ?, attempts = attempts + ?, claimed_by = '', claimed_until = NULL`
	args := []any{r.Status, r.Error, attempt}
	switch r.Status {
	case NoticeQueued:
		set += `, not_before = ?, started_at = NULL`
		args = append(args, dbTime(r.NotBefore))
	case NoticeSent, NoticeUncertain:
		set += `, sent_at = ?`
		args = append(args, dbTime(r.At))
	case NoticeFailed, NoticeSkipped:
	default:
		return fmt.Errorf("storage: finish notice %s: unknown status %q", id, r.Status)
	}
	return db.updateClaimed(ctx, id, worker, set, args...)
}

func (db *DB) updateClaimed(ctx context.Context, id, worker, set string, args ...any) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	args = append(args, id, worker)
	res, err := db.X.ExecContext(ctx, db.X.Rebind(`UPDATE outbox SET `+set+` WHERE id = ? AND claimed_by = ? AND status = 'sending'`), args...)
	if err != nil {
		return fmt.Errorf("storage: update notice %s: %w", id, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("storage: update notice %s: %w", id, ErrClaimLost)
	}
	return nil
}

// SentTo counts the notices sent (or possibly sent) to an address since a
// time, for the per-recipient cap.
func (db *DB) SentTo(ctx context.Context, recipient string, since time.Time) (int, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var n int
	err := db.X.GetContext(ctx, &n, db.X.Rebind(`SELECT COUNT(*) FROM outbox WHERE recipient = ? AND status IN ('sent', 'uncertain') AND sent_at >= ?`),
		recipient, dbTime(since))
	if err != nil {
		return 0, fmt.Errorf("storage: count notices sent: %w", err)
	}
	return n, nil
}

// OldestSentTo is the time of the oldest notice sent to an address since a
// time: when the per-recipient window next has room. ErrNotFound if none.
func (db *DB) OldestSentTo(ctx context.Context, recipient string, since time.Time) (time.Time, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	// ORDER BY … LIMIT 1 rather than MIN(): SQLite's aggregates lose the
	// column's type, and the driver would hand back a string.
	var t time.Time
	err := db.X.GetContext(ctx, &t, db.X.Rebind(`SELECT sent_at FROM outbox WHERE recipient = ? AND status IN ('sent', 'uncertain') AND sent_at >= ? ORDER BY sent_at LIMIT 1`),
		recipient, dbTime(since))
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, ErrNotFound
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("storage: oldest notice sent: %w", err)
	}
	return t, nil
}

// HasSentKind reports whether a registration was sent a notice of one of
// the kinds (e.g. whether it ever got a calendar invitation).
func (db *DB) HasSentKind(ctx context.Context, regID string, kinds ...string) (bool, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	q, args, err := sqlx.In(`SELECT COUNT(*) FROM outbox WHERE registration_id = ? AND status IN ('sent', 'uncertain') AND kind IN (?)`, regID, kinds)
	if err != nil {
		return false, fmt.Errorf("storage: notices sent: %w", err)
	}
	var n int
	if err := db.X.GetContext(ctx, &n, db.X.Rebind(q), args...); err != nil {
		return false, fmt.Errorf("storage: notices sent: %w", err)
	}
	return n > 0, nil
}

// NextDue is the earliest time something in the outbox needs the sender:
// the first queued notice's not_before, or the end of a claim's lease (so
// an expired claim is looked at again). ErrNotFound when nothing waits.
func (db *DB) NextDue(ctx context.Context) (time.Time, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var due []time.Time
	for _, q := range []string{
		`SELECT not_before FROM outbox WHERE status = 'queued' ORDER BY not_before LIMIT 1`,
		`SELECT claimed_until FROM outbox WHERE status = 'sending' AND claimed_until IS NOT NULL ORDER BY claimed_until LIMIT 1`,
	} {
		var t time.Time
		err := db.X.GetContext(ctx, &t, q)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return time.Time{}, fmt.Errorf("storage: next due notice: %w", err)
		}
		due = append(due, t)
	}
	if len(due) == 0 {
		return time.Time{}, ErrNotFound
	}
	if len(due) == 2 && due[1].Before(due[0]) {
		return due[1], nil
	}
	return due[0], nil
}

// GetNotice returns one outbox row, or ErrNotFound.
func (db *DB) GetNotice(ctx context.Context, id string) (Notice, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var n Notice
	err := db.X.GetContext(ctx, &n, db.X.Rebind(`SELECT `+noticeColumnsSQL+` FROM outbox WHERE id = ?`), id)
	if errors.Is(err, sql.ErrNoRows) {
		return Notice{}, fmt.Errorf("storage: notice %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return Notice{}, fmt.Errorf("storage: read notice %s: %w", id, err)
	}
	return n, nil
}

// RequeueNotice is the staff's "send it again" for a failed, uncertain or
// skipped notice: it is queued, due now, with the same Message-ID (so a
// duplicate is recognisable by the recipient's client).
func (db *DB) RequeueNotice(ctx context.Context, id, staff string, now time.Time) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	res, err := db.X.ExecContext(ctx, db.X.Rebind(`UPDATE outbox SET status = 'queued', not_before = ?, attempts = 0, started_at = NULL, first_tried_at = NULL,
		last_error = ? || last_error WHERE id = ? AND status IN ('failed', 'uncertain', 'skipped')`), dbTime(now), "sent again by "+staff+" after: ", id)
	if err != nil {
		return fmt.Errorf("storage: requeue notice %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("storage: requeue notice %s (only failed, uncertain or skipped ones can be): %w", id, ErrNotFound)
	}
	return nil
}

// CallEntry is one registrant staff must phone instead of mailing.
type CallEntry struct {
	Registration Registration
	// Reason: "no email address", or why the mailed reminder did not go out.
	Reason string
}

// CallList lists the registrations of a meeting that get no mailed
// reminder and must be phoned: those registered without an email address
// (phone sign-ups), and those whose reminder failed. Oldest first.
func (db *DB) CallList(ctx context.Context, meetingID string) ([]CallEntry, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var regs []Registration
	err := db.X.SelectContext(ctx, &regs, db.X.Rebind(`SELECT `+registrationColumnsSQL+` FROM registrations
		WHERE meeting_id = ? AND status = 'registered' ORDER BY created_at, id`), meetingID)
	if err != nil {
		return nil, fmt.Errorf("storage: call list of %s: %w", meetingID, err)
	}
	var failed []struct {
		RegID string `db:"registration_id"`
		Error string `db:"last_error"`
	}
	err = db.X.SelectContext(ctx, &failed, db.X.Rebind(`SELECT o.registration_id, o.last_error FROM outbox o
		JOIN registrations r ON r.id = o.registration_id
		WHERE r.meeting_id = ? AND o.kind LIKE 'reminder-%' AND o.status = 'failed'`), meetingID)
	if err != nil {
		return nil, fmt.Errorf("storage: failed reminders of %s: %w", meetingID, err)
	}
	why := map[string]string{}
	for _, f := range failed {
		why[f.RegID] = "reminder failed: " + strings.TrimSpace(f.Error)
	}
	var out []CallEntry
	for _, r := range fixRegistrationTimes(regs) {
		switch {
		case r.Email == "":
			out = append(out, CallEntry{Registration: r, Reason: "no email address"})
		case why[r.ID] != "":
			out = append(out, CallEntry{Registration: r, Reason: why[r.ID]})
		}
	}
	return out, nil
}
