package storage

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"zapisy/intake"
)

// Change is a decision about to be applied to the ledger, with where it came
// from. Every channel (mail, phone, web desk, review queue) goes through
// Apply, so capacity, duplicates and notices behave the same for all.
type Change struct {
	Decision intake.Decision
	Source   string // SourceEmail, SourcePhone or SourceWeb
	// Actor says who or what made the change, for the registration's history:
	// "mail <message-id>", "phone: <staff member>", "staff: <name>".
	Actor string
	// SourceRef is the sign-up's Message-ID (mail) or the staff member (phone).
	SourceRef string
	// InboundID links mail sign-ups to their stored raw message.
	InboundID string
	// ReplyTo is the Message-ID the notices answer (the sign-up mail), so
	// they thread in the registrant's mail client; References its thread.
	ReplyTo    string
	References []string
	Note       string
	Now        time.Time
}

// Outcome is what Apply did.
type Outcome struct {
	// Registrations made, found (a repeated sign-up), or withdrawn.
	Registrations []Registration
	// Existing[i] is true when Registrations[i] was already there.
	Existing []bool
}

// RejectError is a change the ledger cannot make as asked; Reason says why
// in words staff can act on. Mail so rejected goes to review.
type RejectError struct{ Reason string }

func (e *RejectError) Error() string { return e.Reason }

func reject(format string, args ...any) error {
	return &RejectError{Reason: fmt.Sprintf(format, args...)}
}

// IsReject reports whether err is a RejectError, and gives its reason.
func IsReject(err error) (string, bool) {
	var re *RejectError
	if errors.As(err, &re) {
		return re.Reason, true
	}
	return "", false
}

// Apply makes a change in its own transaction.
func (db *DB) Apply(ctx context.Context, c Change) (Outcome, error) {
	var out Outcome
	err := db.InTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		out, err = db.ApplyTx(ctx, tx, c)
		return err
	})
	return out, err
}

// ApplyTx makes a change inside the caller's transaction: registrations,
// their history and every notice they owe are written together, or not at
// all.
func (db *DB) ApplyTx(ctx context.Context, tx *sqlx.Tx, c Change) (Outcome, error) {
	if c.Now.IsZero() {
		return Outcome{}, errors.New("storage: apply: no time given")
	}
	switch c.Decision.Action {
	case intake.Register:
		return db.register(ctx, tx, c)
	case intake.Cancel:
		return db.withdrawByDecision(ctx, tx, c)
	case intake.Review, intake.Ignore:
		return Outcome{}, nil
	}
	return Outcome{}, fmt.Errorf("storage: apply: unknown action %q", c.Decision.Action)
}

func (db *DB) register(ctx context.Context, tx *sqlx.Tx, c Change) (Outcome, error) {
	var out Outcome
	if len(c.Decision.Registrations) == 0 {
		return out, reject("no meeting to register for")
	}
	for _, want := range c.Decision.Registrations {
		r, existing, err := db.registerOne(ctx, tx, c, want)
		if err != nil {
			return Outcome{}, err
		}
		out.Registrations = append(out.Registrations, r)
		out.Existing = append(out.Existing, existing)
	}
	return out, nil
}

func (db *DB) registerOne(ctx context.Context, tx *sqlx.Tx, c Change, want intake.Registration) (Registration, bool, error) {
	if err := db.lockMeeting(ctx, tx, want.MeetingID); err != nil {
		return Registration{}, false, err
	}
	m, err := getMeeting(ctx, tx, want.MeetingID)
	if errors.Is(err, ErrNotFound) {
		return Registration{}, false, reject("meeting %q does not exist", want.MeetingID)
	}
	if err != nil {
		return Registration{}, false, err
	}
	if m.Cancelled {
		return Registration{}, false, reject("meeting %s is cancelled", m.ID)
	}
	if !c.Now.Before(m.StartsAt) {
		return Registration{}, false, reject("meeting %s has already started", m.ID)
	}
	if want.Email == "" && want.Phone == "" {
		return Registration{}, false, reject("neither an email address nor a phone number to confirm to")
	}
	if want.Attendees < 1 {
		want.Attendees = 1
	}
	if dup, err := findDuplicate(ctx, tx, want); err == nil {
		return dup, true, nil
	} else if !errors.Is(err, ErrNotFound) {
		return Registration{}, false, err
	}

	status, err := placeFor(ctx, tx, m, want.Attendees)
	if err != nil {
		return Registration{}, false, err
	}
	lang := c.Decision.Lang
	if lang == "" {
		lang = "pl"
	}
	r := Registration{
		ID:           newID(),
		Status:       status,
		Organization: want.Organization,
		KRS:          want.KRS,
		ContactName:  want.ContactName,
		Email:        want.Email,
		Phone:        want.Phone,
		Attendees:    want.Attendees,
		Note:         c.Note,
		Lang:         lang,
		Source:       c.Source,
		SourceRef:    c.SourceRef,
		Token:        newToken(),
		CreatedAt:    dbTime(c.Now),
		UpdatedAt:    dbTime(c.Now),
	}
	r.MeetingID.String, r.MeetingID.Valid = m.ID, true
	if c.InboundID != "" {
		r.InboundID.String, r.InboundID.Valid = c.InboundID, true
	}
	_, err = tx.NamedExecContext(ctx, `INSERT INTO registrations (`+registrationColumnsSQL+`) VALUES (:id, :meeting_id, :status, :organization, :krs, :contact_name, :email, :phone, :attendees, :note, :lang, :source, :source_ref, :inbound_id, :token, :created_at, :updated_at)`, r)
	if err != nil {
		return Registration{}, false, fmt.Errorf("storage: insert registration: %w", err)
	}
	if err := recordEvent(ctx, tx, r.ID, "", status, c.Actor, "", c.Now); err != nil {
		return Registration{}, false, err
	}
	if err := db.queueArrival(ctx, tx, r, m.Meeting, threadOf(c), c.Now); err != nil {
		return Registration{}, false, err
	}
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.In(Warsaw), r.UpdatedAt.In(Warsaw)
	return r, false, nil
}

// placeFor says whether attendees more fit in a meeting (registered) or
// must wait (waitlisted): first come, first served, nobody jumps the list.
func placeFor(ctx context.Context, tx *sqlx.Tx, m MeetingInfo, attendees int) (string, error) {
	taken, err := takenPlaces(ctx, tx, m.ID)
	if err != nil {
		return "", err
	}
	waiting, err := countStatus(ctx, tx, m.ID, StatusWaitlisted)
	if err != nil {
		return "", err
	}
	if m.Capacity > 0 && (taken+attendees > m.Capacity || waiting > 0) {
		return StatusWaitlisted, nil
	}
	return StatusRegistered, nil
}

// queueArrival queues what a new registration is owed: a confirmation and
// its reminders, or the waiting-list notice with the position.
func (db *DB) queueArrival(ctx context.Context, tx *sqlx.Tx, r Registration, m Meeting, th thread, now time.Time) error {
	if r.Status == StatusRegistered {
		if err := db.queueNotice(ctx, tx, r, KindConfirmation, th, now, nil); err != nil {
			return err
		}
		return db.planReminders(ctx, tx, r, m, now)
	}
	pos, err := waitlistPosition(ctx, tx, r)
	if err != nil {
		return err
	}
	return db.queueNotice(ctx, tx, r, KindWaitlisted, th, now, map[string]any{"position": pos})
}

// findDuplicate finds an active registration of the same person (same
// meeting, and same email or same phone).
func findDuplicate(ctx context.Context, tx *sqlx.Tx, want intake.Registration) (Registration, error) {
	var rs []Registration
	err := tx.SelectContext(ctx, &rs, tx.Rebind(`SELECT `+registrationColumnsSQL+` FROM registrations
		WHERE meeting_id = ? AND status IN ('registered', 'waitlisted', 'pending')
		AND ((? <> '' AND LOWER(email) = ?) OR (? <> '' AND phone = ?))
		ORDER BY created_at, id`),
		want.MeetingID, want.Email, strings.ToLower(want.Email), want.Phone, want.Phone)
	if err != nil {
		return Registration{}, fmt.Errorf("storage: look for a repeated sign-up: %w", err)
	}
	if len(rs) == 0 {
		return Registration{}, ErrNotFound
	}
	return fixRegistrationTimes(rs)[0], nil
}

func countStatus(ctx context.Context, tx *sqlx.Tx, meetingID, status string) (int, error) {
	var n int
	err := tx.GetContext(ctx, &n, tx.Rebind(`SELECT COUNT(*) FROM registrations WHERE meeting_id = ? AND status = ?`), meetingID, status)
	if err != nil {
		return 0, fmt.Errorf("storage: count %s of %s: %w", status, meetingID, err)
	}
	return n, nil
}

// lockMeeting serialises changes to one meeting's places between several
// daemons on PostgreSQL. SQLite transactions are serialised already.
func (db *DB) lockMeeting(ctx context.Context, tx *sqlx.Tx, id string) error {
	if db.Dialect != Postgres {
		return nil
	}
	var got string
	err := tx.GetContext(ctx, &got, `SELECT id FROM meetings WHERE id = $1 FOR UPDATE`, id)
	if err != nil && !errors.Is(err, errNoRows) {
		return fmt.Errorf("storage: lock meeting %s: %w", id, err)
	}
	return nil
}

// withdrawByDecision withdraws the sender from the meetings a cancel
// decision names; a registration without a meeting means all of the
// sender's meetings.
func (db *DB) withdrawByDecision(ctx context.Context, tx *sqlx.Tx, c Change) (Outcome, error) {
	var out Outcome
	for _, want := range c.Decision.Registrations {
		if want.Email == "" && want.Phone == "" {
			return Outcome{}, reject("no address to find the registration to withdraw")
		}
		var rs []Registration
		q := `SELECT ` + registrationColumnsSQL + ` FROM registrations
			WHERE status IN ('registered', 'waitlisted', 'pending')
			AND ((? <> '' AND LOWER(email) = ?) OR (? <> '' AND phone = ?))`
		args := []any{want.Email, strings.ToLower(want.Email), want.Phone, want.Phone}
		if want.MeetingID != "" {
			q += ` AND meeting_id = ?`
			args = append(args, want.MeetingID)
		}
		if err := tx.SelectContext(ctx, &rs, tx.Rebind(q+` ORDER BY created_at, id`), args...); err != nil {
			return Outcome{}, fmt.Errorf("storage: find registrations to withdraw: %w", err)
		}
		for _, r := range rs {
			if err := db.withdraw(ctx, tx, &r, c.Actor, threadOf(c), c.Now); err != nil {
				return Outcome{}, err
			}
			out.Registrations = append(out.Registrations, r)
			out.Existing = append(out.Existing, true)
		}
	}
	if len(out.Registrations) == 0 {
		return Outcome{}, reject("no active registration found to withdraw")
	}
	return out, nil
}

// Withdraw withdraws one registration (staff action or withdrawal link).
func (db *DB) Withdraw(ctx context.Context, regID, actor string, now time.Time) (Registration, error) {
	var r Registration
	err := db.InTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		r, err = getRegistration(ctx, tx, "id", regID)
		if err != nil {
			return err
		}
		if r.Status == StatusWithdrawn || r.Status == StatusExpired {
			return nil
		}
		return db.withdraw(ctx, tx, &r, actor, thread{replyTo: r.SourceRef}, now)
	})
	return r, err
}

func (db *DB) withdraw(ctx context.Context, tx *sqlx.Tx, r *Registration, actor string, th thread, now time.Time) error {
	if err := db.lockMeeting(ctx, tx, r.MeetingID.String); err != nil {
		return err
	}
	wasRegistered := r.Status == StatusRegistered
	if err := setStatus(ctx, tx, r, StatusWithdrawn, actor, "", now); err != nil {
		return err
	}
	if err := db.queueNotice(ctx, tx, *r, KindWithdrawn, th, now, nil); err != nil {
		return err
	}
	if err := skipQueued(ctx, tx, r.ID, "registration withdrawn"); err != nil {
		return err
	}
	if wasRegistered && r.MeetingID.Valid {
		return db.promote(ctx, tx, r.MeetingID.String, "system: place freed by "+actor, now)
	}
	return nil
}

// promote moves waitlisted registrations up, first come first served, while
// their whole group fits in the places free.
func (db *DB) promote(ctx context.Context, tx *sqlx.Tx, meetingID, actor string, now time.Time) error {
	m, err := getMeeting(ctx, tx, meetingID)
	if err != nil {
		return err
	}
	if m.Cancelled || !now.Before(m.StartsAt) {
		return nil
	}
	regs, err := activeRegistrations(ctx, tx, meetingID)
	if err != nil {
		return err
	}
	taken, err := takenPlaces(ctx, tx, meetingID)
	if err != nil {
		return err
	}
	for _, r := range regs {
		if r.Status != StatusWaitlisted {
			continue
		}
		if m.Capacity > 0 && taken+r.Attendees > m.Capacity {
			break
		}
		if err := setStatus(ctx, tx, &r, StatusRegistered, actor, "moved up from the waiting list", now); err != nil {
			return err
		}
		taken += r.Attendees
		if err := db.queueNotice(ctx, tx, r, KindPromoted, thread{replyTo: r.SourceRef}, now, nil); err != nil {
			return err
		}
		if err := db.planReminders(ctx, tx, r, m.Meeting, now); err != nil {
			return err
		}
	}
	return nil
}

// newToken makes the secret of a withdrawal link.
func newToken() string {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on Linux
	}
	return hex.EncodeToString(b)
}
