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

// Registration statuses.
const (
	StatusRegistered = "registered"
	StatusWaitlisted = "waitlisted"
	StatusWithdrawn  = "withdrawn"
	StatusPending    = "pending" // a clarification was asked for
	StatusExpired    = "expired"
)

// Sources of a registration.
const (
	SourceEmail = "email"
	SourcePhone = "phone"
	SourceWeb   = "web"
)

// Registration is one organisation's sign-up for one meeting.
type Registration struct {
	ID           string         `db:"id" json:"id"`
	MeetingID    sql.NullString `db:"meeting_id" json:"-"`
	Status       string         `db:"status" json:"status"`
	Organization string         `db:"organization" json:"organization"`
	KRS          string         `db:"krs" json:"krs"`
	ContactName  string         `db:"contact_name" json:"contact_name"`
	Email        string         `db:"email" json:"email"`
	Phone        string         `db:"phone" json:"phone"`
	Attendees    int            `db:"attendees" json:"attendees"`
	Note         string         `db:"note" json:"note"`
	Lang         string         `db:"lang" json:"lang"`
	Source       string         `db:"source" json:"source"`
	SourceRef    string         `db:"source_ref" json:"source_ref"`
	InboundID    sql.NullString `db:"inbound_id" json:"-"`
	Token        string         `db:"token" json:"-"`
	CreatedAt    time.Time      `db:"created_at" json:"created_at"`
	UpdatedAt    time.Time      `db:"updated_at" json:"updated_at"`
}

// Meeting returns the meeting id, "" while pending.
func (r Registration) Meeting() string { return r.MeetingID.String }

const registrationColumnsSQL = `id, meeting_id, status, organization, krs, contact_name, email, phone, attendees, note, lang, source, source_ref, inbound_id, token, created_at, updated_at`

// RegistrationFilter narrows a listing; zero values mean "any".
type RegistrationFilter struct {
	MeetingID string
	Status    string
	Email     string
}

// Registrations lists registrations in the order they were made.
func (db *DB) Registrations(ctx context.Context, f RegistrationFilter) ([]Registration, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	cond, args := where("meeting_id = ?", f.MeetingID, "status = ?", f.Status, "LOWER(email) = ?", strings.ToLower(f.Email))
	q := `SELECT ` + registrationColumnsSQL + ` FROM registrations` + cond
	q += " ORDER BY created_at, id"
	var out []Registration
	if err := db.X.SelectContext(ctx, &out, db.X.Rebind(q), args...); err != nil {
		return nil, fmt.Errorf("storage: list registrations: %w", err)
	}
	return fixRegistrationTimes(out), nil
}

// GetRegistration returns one registration by id, or ErrNotFound.
func (db *DB) GetRegistration(ctx context.Context, id string) (Registration, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	return getRegistration(ctx, db.X, "id", id)
}

// RegistrationByToken returns the registration a withdrawal link names.
func (db *DB) RegistrationByToken(ctx context.Context, token string) (Registration, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	return getRegistration(ctx, db.X, "token", token)
}

func getRegistration(ctx context.Context, q querier, col, val string) (Registration, error) {
	var r Registration
	err := q.GetContext(ctx, &r, q.Rebind(`SELECT `+registrationColumnsSQL+` FROM registrations WHERE `+col+` = ?`), val)
	if errors.Is(err, sql.ErrNoRows) {
		return Registration{}, fmt.Errorf("storage: registration: %w", ErrNotFound)
	}
	if err != nil {
		return Registration{}, fmt.Errorf("storage: read registration: %w", err)
	}
	return fixRegistrationTimes([]Registration{r})[0], nil
}

func fixRegistrationTimes(rs []Registration) []Registration {
	for i := range rs {
		rs[i].CreatedAt = rs[i].CreatedAt.In(Warsaw)
		rs[i].UpdatedAt = rs[i].UpdatedAt.In(Warsaw)
	}
	return rs
}

// activeRegistrations are the registered and waitlisted ones of a meeting,
// in the order they came.
func activeRegistrations(ctx context.Context, tx *sqlx.Tx, meetingID string) ([]Registration, error) {
	var out []Registration
	err := tx.SelectContext(ctx, &out, tx.Rebind(`SELECT `+registrationColumnsSQL+` FROM registrations WHERE meeting_id = ? AND status IN ('registered', 'waitlisted') ORDER BY created_at, id`), meetingID)
	if err != nil {
		return nil, fmt.Errorf("storage: list registrations of %s: %w", meetingID, err)
	}
	return out, nil
}

// takenPlaces counts the attendees registered (not waitlisted) for a meeting.
func takenPlaces(ctx context.Context, tx *sqlx.Tx, meetingID string) (int, error) {
	var n sql.NullInt64
	err := tx.GetContext(ctx, &n, tx.Rebind(`SELECT SUM(attendees) FROM registrations WHERE meeting_id = ? AND status = 'registered'`), meetingID)
	if err != nil {
		return 0, fmt.Errorf("storage: count places of %s: %w", meetingID, err)
	}
	return int(n.Int64), nil
}

// WaitlistPosition is the 1-based place of a waitlisted registration.
func waitlistPosition(ctx context.Context, tx *sqlx.Tx, r Registration) (int, error) {
	var n int
	err := tx.GetContext(ctx, &n, tx.Rebind(`SELECT COUNT(*) FROM registrations WHERE meeting_id = ? AND status = 'waitlisted' AND (created_at < ? OR (created_at = ? AND id <= ?))`),
		r.MeetingID.String, r.CreatedAt, r.CreatedAt, r.ID)
	if err != nil {
		return 0, fmt.Errorf("storage: waiting-list position: %w", err)
	}
	return n, nil
}

// setStatus changes a registration's status and records who did it.
func setStatus(ctx context.Context, tx *sqlx.Tx, r *Registration, status, actor, detail string, now time.Time) error {
	if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE registrations SET status = ?, updated_at = ? WHERE id = ?`), status, dbTime(now), r.ID); err != nil {
		return fmt.Errorf("storage: set status of registration %s: %w", r.ID, err)
	}
	if err := recordEvent(ctx, tx, r.ID, r.Status, status, actor, detail, now); err != nil {
		return err
	}
	r.Status = status
	return nil
}

func recordEvent(ctx context.Context, tx *sqlx.Tx, regID, from, to, actor, detail string, now time.Time) error {
	_, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO registration_events (id, registration_id, at, from_status, to_status, actor, detail) VALUES (?, ?, ?, ?, ?, ?, ?)`),
		newID(), regID, dbTime(now), from, to, actor, detail)
	if err != nil {
		return fmt.Errorf("storage: record event of registration %s: %w", regID, err)
	}
	return nil
}

// Event is one recorded change of a registration.
type Event struct {
	At         time.Time `db:"at"`
	FromStatus string    `db:"from_status"`
	ToStatus   string    `db:"to_status"`
	Actor      string    `db:"actor"`
	Detail     string    `db:"detail"`
}

// Events lists the history of a registration, oldest first.
func (db *DB) Events(ctx context.Context, regID string) ([]Event, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var out []Event
	err := db.X.SelectContext(ctx, &out, db.X.Rebind(`SELECT at, from_status, to_status, actor, detail FROM registration_events WHERE registration_id = ? ORDER BY at, id`), regID)
	if err != nil {
		return nil, fmt.Errorf("storage: events of %s: %w", regID, err)
	}
	return out, nil
}
