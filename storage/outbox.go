package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

var errNoRows = sql.ErrNoRows

// Warsaw is the time zone of every meeting and of the foundation.
var Warsaw = mustLoadWarsaw()

func mustLoadWarsaw() *time.Location {
	loc, err := time.LoadLocation("Europe/Warsaw")
	if err != nil {
		panic("storage: time zone Europe/Warsaw missing; import time/tzdata: " + err.Error())
	}
	return loc
}

// Kinds of notice. A registration gets at most one of each.
const (
	KindConfirmation     = "confirmation"
	KindWaitlisted       = "waitlisted"
	KindPromoted         = "promoted"
	KindWithdrawn        = "withdrawn"
	KindMeetingCancelled = "cancelled"
	KindClarification    = "clarification"
	// KindChangedPrefix + the meeting's new sequence: one per change.
	KindChangedPrefix = "changed-"
	// KindReminderPrefix + the offset ("1d", "3d", "6h").
	KindReminderPrefix = "reminder-"
)

// DefaultReminders: one reminder, a day before the meeting.
var DefaultReminders = []time.Duration{24 * time.Hour}

// ReminderKind names the reminder sent offset before a meeting.
func ReminderKind(offset time.Duration) string {
	if offset%(24*time.Hour) == 0 {
		return fmt.Sprintf("%s%dd", KindReminderPrefix, offset/(24*time.Hour))
	}
	if offset%time.Hour == 0 {
		return fmt.Sprintf("%s%dh", KindReminderPrefix, offset/time.Hour)
	}
	return fmt.Sprintf("%s%dm", KindReminderPrefix, offset/time.Minute)
}

// ReminderDue is when the reminder offset before a meeting starting at
// start is due. Whole days count in calendar days of Warsaw, so "a day
// before" a 10:00 meeting is 10:00 the day before, also across a change of
// summer time; other offsets are plain durations.
func ReminderDue(start time.Time, offset time.Duration) time.Time {
	const day = 24 * time.Hour
	if offset > 0 && offset%day == 0 {
		return start.In(Warsaw).AddDate(0, 0, -int(offset/day))
	}
	return start.Add(-offset)
}

// thread is what a notice answers, for In-Reply-To and References.
type thread struct {
	replyTo string
	refs    []string
}

func threadOf(c Change) thread {
	th := thread{replyTo: c.ReplyTo, refs: c.References}
	if c.Source != SourceEmail {
		th = thread{}
	}
	return th
}

// queueNotice owes r a notice of kind, due now. Without an email address
// there is nobody to write to (phone sign-ups get a call instead), and a
// notice already owed is not owed twice.
func (db *DB) queueNotice(ctx context.Context, tx *sqlx.Tx, r Registration, kind string, th thread, due time.Time, data map[string]any) error {
	if r.Email == "" {
		return nil
	}
	if th.replyTo == "" && r.Source == SourceEmail {
		th.replyTo = r.SourceRef
	}
	refs := th.refs
	if th.replyTo != "" && (len(refs) == 0 || refs[len(refs)-1] != th.replyTo) {
		refs = append(append([]string(nil), refs...), th.replyTo)
	}
	js := []byte("{}")
	if data != nil {
		var err error
		if js, err = json.Marshal(data); err != nil {
			return fmt.Errorf("storage: notice data: %w", err)
		}
	}
	id := newID()
	domain := db.MessageIDDomain
	if domain == "" {
		domain = DefaultMessageIDDomain
	}
	var inserted string
	err := tx.GetContext(ctx, &inserted, tx.Rebind(`INSERT INTO outbox (id, registration_id, kind, message_id, recipient, in_reply_to, refs, lang, data, status, not_before, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)
		ON CONFLICT (registration_id, kind) DO NOTHING RETURNING id`),
		id, r.ID, kind, id+"@"+domain, r.Email, th.replyTo, strings.Join(refs, " "), r.Lang, string(js), dbTime(due), dbTime(time.Now()))
	if err != nil && err != errNoRows {
		return fmt.Errorf("storage: queue %s notice for registration %s: %w", kind, r.ID, err)
	}
	return nil
}

// planReminders queues the reminders of a registration that are still
// ahead: a sign-up that comes after a reminder's time gets no reminder.
func (db *DB) planReminders(ctx context.Context, tx *sqlx.Tx, r Registration, m Meeting, now time.Time) error {
	for _, off := range db.Reminders {
		due := ReminderDue(m.StartsAt, off)
		if !due.After(now) {
			continue
		}
		if err := db.queueNotice(ctx, tx, r, ReminderKind(off), thread{}, due, nil); err != nil {
			return err
		}
	}
	return nil
}

// replanReminders moves the queued reminders of a meeting whose time
// changed, and plans those that a later time makes due again.
func (db *DB) replanReminders(ctx context.Context, tx *sqlx.Tx, m Meeting, now time.Time) error {
	regs, err := activeRegistrations(ctx, tx, m.ID)
	if err != nil {
		return err
	}
	for _, off := range db.Reminders {
		kind := ReminderKind(off)
		due := ReminderDue(m.StartsAt, off)
		for _, r := range regs {
			if r.Status != StatusRegistered {
				continue
			}
			if !due.After(now) {
				if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE outbox SET status = 'skipped', last_error = 'meeting moved: reminder time passed' WHERE registration_id = ? AND kind = ? AND status = 'queued'`), r.ID, kind); err != nil {
					return fmt.Errorf("storage: drop reminder: %w", err)
				}
				continue
			}
			res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE outbox SET not_before = ? WHERE registration_id = ? AND kind = ? AND status = 'queued'`), dbTime(due), r.ID, kind)
			if err != nil {
				return fmt.Errorf("storage: move reminder: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				if err := db.queueNotice(ctx, tx, r, kind, thread{}, due, nil); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// skipQueued drops the notices still queued for a registration that no
// longer wants them (reminders after a withdrawal).
func skipQueued(ctx context.Context, tx *sqlx.Tx, regID, why string) error {
	_, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE outbox SET status = 'skipped', last_error = ? WHERE registration_id = ? AND status = 'queued' AND kind LIKE 'reminder-%'`), why, regID)
	if err != nil {
		return fmt.Errorf("storage: drop queued reminders of %s: %w", regID, err)
	}
	return nil
}

// Notice is one row of the outbox.
type Notice struct {
	ID             string         `db:"id"`
	RegistrationID sql.NullString `db:"registration_id"`
	Kind           string         `db:"kind"`
	MessageID      string         `db:"message_id"`
	Recipient      string         `db:"recipient"`
	InReplyTo      string         `db:"in_reply_to"`
	Refs           string         `db:"refs"`
	Lang           string         `db:"lang"`
	Data           string         `db:"data"`
	Status         string         `db:"status"`
	NotBefore      time.Time      `db:"not_before"`
	Attempts       int            `db:"attempts"`
	LastError      string         `db:"last_error"`
	ClaimedBy      string         `db:"claimed_by"`
	ClaimedUntil   sql.NullTime   `db:"claimed_until"`
	CreatedAt      time.Time      `db:"created_at"`
	SentAt         sql.NullTime   `db:"sent_at"`
}

const noticeColumnsSQL = `id, registration_id, kind, message_id, recipient, in_reply_to, refs, lang, data, status, not_before, attempts, last_error, claimed_by, claimed_until, created_at, sent_at`

// NoticeFilter narrows a listing of the outbox; zero values mean "any".
type NoticeFilter struct {
	Status         string
	RegistrationID string
	Kind           string
}

// Notices lists outbox rows, oldest first.
func (db *DB) Notices(ctx context.Context, f NoticeFilter) ([]Notice, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	cond, args := where("status = ?", f.Status, "registration_id = ?", f.RegistrationID, "kind = ?", f.Kind)
	q := `SELECT ` + noticeColumnsSQL + ` FROM outbox` + cond
	var out []Notice
	if err := db.X.SelectContext(ctx, &out, db.X.Rebind(q+" ORDER BY not_before, created_at, id"), args...); err != nil {
		return nil, fmt.Errorf("storage: list outbox: %w", err)
	}
	return out, nil
}
