package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

type meetingRow struct {
	Meeting
	Cancelled bool      `db:"cancelled"`
	Sequence  int       `db:"sequence"`
	UpdatedAt time.Time `db:"updated_at"`
}

const meetingColumnsSQL = `id, title, starts_at, ends_at, location, capacity, cancelled, sequence, updated_at`

// MeetingInfo is a meeting as the ledger keeps it.
type MeetingInfo struct {
	Meeting
	Cancelled bool
	Sequence  int // iCalendar SEQUENCE; rises with every change of time or place
}

func (r meetingRow) info() MeetingInfo {
	m := r.Meeting
	m.StartsAt = m.StartsAt.In(Warsaw)
	m.EndsAt = m.EndsAt.In(Warsaw)
	return MeetingInfo{Meeting: m, Cancelled: r.Cancelled, Sequence: r.Sequence}
}

// ImportResult says what an import changed.
type ImportResult struct {
	Added, Changed, Unchanged int
	// ChangedIDs are the meetings whose time or place changed: registrants
	// are owed a "changed" notice.
	ChangedIDs []string
}

// ImportMeetings adds the meetings, or updates those whose id exists, in one
// transaction (idempotent by id). A meeting whose time or place changes gets
// a higher sequence, and its registrants are sent a "changed" notice with the
// updated calendar event; queued reminders move with it. A cancelled meeting
// stays cancelled, and a change to it is stored without telling anyone.
func (db *DB) ImportMeetings(ctx context.Context, ms []Meeting, now time.Time) (ImportResult, error) {
	var res ImportResult
	err := db.InTx(ctx, func(tx *sqlx.Tx) error {
		for _, m := range ms {
			var old meetingRow
			err := tx.GetContext(ctx, &old, tx.Rebind(`SELECT `+meetingColumnsSQL+` FROM meetings WHERE id = ?`), m.ID)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				_, err = tx.ExecContext(ctx, tx.Rebind(`INSERT INTO meetings (id, title, starts_at, ends_at, location, capacity, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`),
					m.ID, m.Title, dbTime(m.StartsAt), dbTime(m.EndsAt), m.Location, m.Capacity, dbTime(now))
				if err != nil {
					return fmt.Errorf("storage: add meeting %s: %w", m.ID, err)
				}
				res.Added++
				continue
			case err != nil:
				return fmt.Errorf("storage: read meeting %s: %w", m.ID, err)
			}
			moved := !old.StartsAt.Equal(dbTime(m.StartsAt)) || !old.EndsAt.Equal(dbTime(m.EndsAt)) || old.Location != m.Location
			if !moved && old.Title == m.Title && old.Capacity == m.Capacity {
				res.Unchanged++
				continue
			}
			seq := old.Sequence
			if moved && !old.Cancelled {
				seq++
			}
			_, err = tx.ExecContext(ctx, tx.Rebind(`UPDATE meetings SET title = ?, starts_at = ?, ends_at = ?, location = ?, capacity = ?, sequence = ?, updated_at = ? WHERE id = ?`),
				m.Title, dbTime(m.StartsAt), dbTime(m.EndsAt), m.Location, m.Capacity, seq, dbTime(now), m.ID)
			if err != nil {
				return fmt.Errorf("storage: update meeting %s: %w", m.ID, err)
			}
			res.Changed++
			if old.Cancelled {
				// Its registrants were told it is cancelled; a new time or
				// place (a re-import of an old file) tells them nothing.
				continue
			}
			if moved {
				res.ChangedIDs = append(res.ChangedIDs, m.ID)
				if err := db.meetingChanged(ctx, tx, m, seq, now); err != nil {
					return err
				}
			}
			if m.Capacity != old.Capacity {
				if err := db.promote(ctx, tx, m.ID, "system: capacity changed", now); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return res, err
}

// ErrMeetingExists is returned by AddMeeting when the id is taken.
var ErrMeetingExists = errors.New("meeting id already in use")

// AddMeeting adds one new meeting and never changes an existing one: an id
// already in use (by a cancelled meeting too) is ErrMeetingExists, and
// nothing is written. The primary key decides, so two people adding the
// same id at once cannot overwrite each other (ImportMeetings would update).
func (db *DB) AddMeeting(ctx context.Context, m Meeting, now time.Time) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	_, err := db.X.ExecContext(ctx, db.X.Rebind(`INSERT INTO meetings (id, title, starts_at, ends_at, location, capacity, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`),
		m.ID, m.Title, dbTime(m.StartsAt), dbTime(m.EndsAt), m.Location, m.Capacity, dbTime(now))
	if IsUniqueViolation(err) {
		return fmt.Errorf("storage: add meeting %s: %w", m.ID, ErrMeetingExists)
	}
	if err != nil {
		return fmt.Errorf("storage: add meeting %s: %w", m.ID, err)
	}
	return nil
}

// Meetings lists all meetings, earliest first.
func (db *DB) Meetings(ctx context.Context) ([]MeetingInfo, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	return listMeetings(ctx, db.X)
}

func listMeetings(ctx context.Context, q querier) ([]MeetingInfo, error) {
	var rows []meetingRow
	if err := q.SelectContext(ctx, &rows, `SELECT `+meetingColumnsSQL+` FROM meetings ORDER BY starts_at, id`); err != nil {
		return nil, fmt.Errorf("storage: list meetings: %w", err)
	}
	out := make([]MeetingInfo, len(rows))
	for i, r := range rows {
		out[i] = r.info()
	}
	return out, nil
}

// PlainMeetings lists the meetings that are not cancelled, in the form the
// understanding of mail takes.
func (db *DB) PlainMeetings(ctx context.Context) ([]Meeting, error) {
	all, err := db.Meetings(ctx)
	if err != nil {
		return nil, err
	}
	var out []Meeting
	for _, m := range all {
		if !m.Cancelled {
			out = append(out, m.Meeting)
		}
	}
	return out, nil
}

// GetMeeting returns one meeting, or ErrNotFound.
func (db *DB) GetMeeting(ctx context.Context, id string) (MeetingInfo, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	return getMeeting(ctx, db.X, id)
}

func getMeeting(ctx context.Context, q querier, id string) (MeetingInfo, error) {
	var r meetingRow
	err := q.GetContext(ctx, &r, q.Rebind(`SELECT `+meetingColumnsSQL+` FROM meetings WHERE id = ?`), id)
	if errors.Is(err, sql.ErrNoRows) {
		return MeetingInfo{}, fmt.Errorf("storage: meeting %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return MeetingInfo{}, fmt.Errorf("storage: read meeting %q: %w", id, err)
	}
	return r.info(), nil
}

// CancelMeeting marks a meeting cancelled and owes every active registrant
// a cancellation notice (with METHOD:CANCEL).
func (db *DB) CancelMeeting(ctx context.Context, id, actor string, now time.Time) error {
	return db.InTx(ctx, func(tx *sqlx.Tx) error {
		m, err := getMeeting(ctx, tx, id)
		if err != nil {
			return err
		}
		if m.Cancelled {
			return nil
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE meetings SET cancelled = TRUE, sequence = sequence + 1, updated_at = ? WHERE id = ?`), dbTime(now), id); err != nil {
			return fmt.Errorf("storage: cancel meeting %s: %w", id, err)
		}
		regs, err := activeRegistrations(ctx, tx, id)
		if err != nil {
			return err
		}
		for _, r := range regs {
			if err := db.queueNotice(ctx, tx, r, KindMeetingCancelled, thread{replyTo: r.SourceRef}, now, nil); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, tx.Rebind(`UPDATE outbox SET status = 'skipped', last_error = 'meeting cancelled' WHERE status = 'queued' AND kind LIKE 'reminder-%' AND registration_id IN (SELECT id FROM registrations WHERE meeting_id = ?)`), id)
		if err != nil {
			return fmt.Errorf("storage: drop reminders of meeting %s: %w", id, err)
		}
		return nil
	})
}

// meetingChanged owes every active registrant of m a "changed" notice and
// moves their queued reminders.
func (db *DB) meetingChanged(ctx context.Context, tx *sqlx.Tx, m Meeting, seq int, now time.Time) error {
	regs, err := activeRegistrations(ctx, tx, m.ID)
	if err != nil {
		return err
	}
	for _, r := range regs {
		if err := db.queueNotice(ctx, tx, r, fmt.Sprintf("%s%d", KindChangedPrefix, seq), thread{replyTo: r.SourceRef}, now, nil); err != nil {
			return err
		}
	}
	return db.replanReminders(ctx, tx, m, now)
}
