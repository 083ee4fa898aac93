package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"zapisy/intake"
)

// The clarification round trip. A sign-up mail that names no meeting, or
// an ambiguous one, is kept as a pending registration (no meeting yet) and
// its sender is asked which meeting they mean (a "clarification" notice
// listing the upcoming meetings). The answer — recognised by its
// In-Reply-To/References naming that notice's Message-ID — completes the
// pending registration without staff work.
//
// The parser's side of the contract: a decision asks for a clarification
// when it sets Decision.Clarify (a sign-up whose meeting is missing or
// ambiguous, with the sender's address), or when its action is review (or register) and it carries at least one
// registration with an email address but none with a meeting — "what can be
// known for sure" about a sign-up whose meeting is unclear. A review without
// registrations (a question, an unclear change) stays with staff.

// ReviewWaiting is the review state of a message whose sender was asked a
// question: not in the staff's open queue, waiting for the answer; "done"
// once the answer came.
const ReviewWaiting = "waiting"

type clarifyResult struct {
	handled  bool
	out      Outcome
	decision intake.Decision // as recorded
	review   string          // review state recorded
}

// clarifyTx handles both ends of a clarification inside Settle's
// transaction; handled false means it had nothing to do with the message.
func (db *DB) clarifyTx(ctx context.Context, tx *sqlx.Tx, c Change, env intake.Envelope) (clarifyResult, error) {
	pending, err := pendingAnswered(ctx, tx, env)
	if err != nil {
		return clarifyResult{}, err
	}
	if pending != nil {
		if meetingID := chosenMeeting(c.Decision); meetingID != "" {
			return db.completePending(ctx, tx, c, *pending, meetingID)
		}
	}
	if want, ok := needsClarification(c.Decision); ok {
		return db.askClarification(ctx, tx, c, want)
	}
	return clarifyResult{}, nil
}

// needsClarification finds a sign-up without a meeting but with an address.
func needsClarification(d intake.Decision) (intake.Registration, bool) {
	if d.Action != intake.Review && d.Action != intake.Register {
		return intake.Registration{}, false
	}
	if d.Clarify != nil && d.Clarify.Email != "" {
		want := *d.Clarify
		want.MeetingID = ""
		return want, true
	}
	var want intake.Registration
	for _, r := range d.Registrations {
		if r.MeetingID != "" {
			return intake.Registration{}, false
		}
		if want.Email == "" && r.Email != "" {
			want = r
		}
	}
	return want, want.Email != ""
}

// chosenMeeting is the one meeting an answer names, or "".
func chosenMeeting(d intake.Decision) string {
	if d.Action != intake.Register && d.Action != intake.Review {
		return ""
	}
	id := ""
	for _, r := range d.Registrations {
		if r.MeetingID == "" {
			continue
		}
		if id != "" && id != r.MeetingID {
			return "" // still ambiguous: staff decide
		}
		id = r.MeetingID
	}
	return id
}

// pendingAnswered finds the pending registration whose clarification notice
// the message answers, or nil.
func pendingAnswered(ctx context.Context, tx *sqlx.Tx, env intake.Envelope) (*Registration, error) {
	ids := append([]string{env.InReplyTo}, env.References...)
	var clean []string
	for _, id := range ids {
		if id = strings.Trim(strings.TrimSpace(id), "<>"); id != "" {
			clean = append(clean, id)
		}
	}
	if len(clean) == 0 {
		return nil, nil
	}
	q, args, err := sqlx.In(`SELECT registration_id FROM outbox WHERE kind = ? AND message_id IN (?) AND registration_id IS NOT NULL`, KindClarification, clean)
	if err != nil {
		return nil, fmt.Errorf("storage: find clarification answered: %w", err)
	}
	var regIDs []string
	if err := tx.SelectContext(ctx, &regIDs, tx.Rebind(q), args...); err != nil {
		return nil, fmt.Errorf("storage: find clarification answered: %w", err)
	}
	for _, id := range regIDs {
		r, err := getRegistration(ctx, tx, "id", id)
		if err != nil {
			return nil, err
		}
		if r.Status == StatusPending {
			return &r, nil
		}
	}
	return nil, nil
}

// askClarification keeps the sign-up as pending and owes its sender the
// question. A sender already waiting for an answer is not asked twice.
func (db *DB) askClarification(ctx context.Context, tx *sqlx.Tx, c Change, want intake.Registration) (clarifyResult, error) {
	res := clarifyResult{handled: true, review: ReviewWaiting}
	res.decision = c.Decision
	res.decision.Action = intake.Review
	res.decision.Reason = strings.TrimSpace("asked the sender which meeting they mean; their answer completes the sign-up. " + c.Decision.Reason)

	var existing []Registration
	err := tx.SelectContext(ctx, &existing, tx.Rebind(`SELECT `+registrationColumnsSQL+` FROM registrations
		WHERE meeting_id IS NULL AND status = 'pending' AND LOWER(email) = ? ORDER BY created_at, id`), strings.ToLower(want.Email))
	if err != nil {
		return clarifyResult{}, fmt.Errorf("storage: look for a pending sign-up: %w", err)
	}
	if len(existing) > 0 {
		res.out = Outcome{Registrations: fixRegistrationTimes(existing[:1]), Existing: []bool{true}}
		return res, nil
	}
	if want.Attendees < 1 {
		want.Attendees = 1
	}
	lang := c.Decision.Lang
	if lang == "" {
		lang = "pl"
	}
	r := Registration{
		ID: newID(), Status: StatusPending,
		Organization: want.Organization, KRS: want.KRS, ContactName: want.ContactName,
		Email: want.Email, Phone: want.Phone, Attendees: want.Attendees, Note: c.Note,
		Lang: lang, Source: c.Source, SourceRef: c.SourceRef, Token: newToken(),
		CreatedAt: dbTime(c.Now), UpdatedAt: dbTime(c.Now),
	}
	if c.InboundID != "" {
		r.InboundID.String, r.InboundID.Valid = c.InboundID, true
	}
	_, err = tx.NamedExecContext(ctx, `INSERT INTO registrations (`+registrationColumnsSQL+`) VALUES (:id, :meeting_id, :status, :organization, :krs, :contact_name, :email, :phone, :attendees, :note, :lang, :source, :source_ref, :inbound_id, :token, :created_at, :updated_at)`, r)
	if err != nil {
		return clarifyResult{}, fmt.Errorf("storage: insert pending registration: %w", err)
	}
	if err := recordEvent(ctx, tx, r.ID, "", StatusPending, c.Actor, "meeting unclear: asked which one", c.Now); err != nil {
		return clarifyResult{}, err
	}
	if err := db.queueNotice(ctx, tx, r, KindClarification, threadOf(c), c.Now, nil); err != nil {
		return clarifyResult{}, err
	}
	res.out = Outcome{Registrations: fixRegistrationTimes([]Registration{r}), Existing: []bool{false}}
	return res, nil
}

// completePending gives a pending registration the meeting its sender
// chose, with the same capacity rule and notices as any sign-up.
func (db *DB) completePending(ctx context.Context, tx *sqlx.Tx, c Change, r Registration, meetingID string) (clarifyResult, error) {
	if err := db.lockMeeting(ctx, tx, meetingID); err != nil {
		return clarifyResult{}, err
	}
	m, err := getMeeting(ctx, tx, meetingID)
	if errors.Is(err, ErrNotFound) {
		return clarifyResult{}, reject("meeting %q does not exist", meetingID)
	}
	if err != nil {
		return clarifyResult{}, err
	}
	if m.Cancelled {
		return clarifyResult{}, reject("meeting %s is cancelled", m.ID)
	}
	if !c.Now.Before(m.StartsAt) {
		return clarifyResult{}, reject("meeting %s has already started", m.ID)
	}
	fillFromAnswer(&r, c.Decision, meetingID)
	res := clarifyResult{handled: true}
	res.decision = c.Decision
	res.decision.Action = intake.Register
	res.decision.Reason = strings.TrimSpace("answers the clarification: completes the pending sign-up " + r.ID + ". " + c.Decision.Reason)

	want := intake.Registration{MeetingID: m.ID, Email: r.Email, Phone: r.Phone}
	if dup, err := findDuplicate(ctx, tx, want); err == nil {
		// Already signed up for that meeting (by another mail): the
		// pending one is not needed any more.
		if err := setStatus(ctx, tx, &r, StatusExpired, c.Actor, "already registered as "+dup.ID, c.Now); err != nil {
			return clarifyResult{}, err
		}
		res.out = Outcome{Registrations: []Registration{dup}, Existing: []bool{true}}
		return res, closeWaitingReview(ctx, tx, r, c)
	} else if !errors.Is(err, ErrNotFound) {
		return clarifyResult{}, err
	}

	status, err := placeFor(ctx, tx, m, r.Attendees)
	if err != nil {
		return clarifyResult{}, err
	}
	r.MeetingID.String, r.MeetingID.Valid = m.ID, true
	_, err = tx.ExecContext(ctx, tx.Rebind(`UPDATE registrations SET meeting_id = ?, organization = ?, krs = ?, contact_name = ?, phone = ?, attendees = ?, updated_at = ? WHERE id = ?`),
		m.ID, r.Organization, r.KRS, r.ContactName, r.Phone, r.Attendees, dbTime(c.Now), r.ID)
	if err != nil {
		return clarifyResult{}, fmt.Errorf("storage: complete pending registration %s: %w", r.ID, err)
	}
	if err := setStatus(ctx, tx, &r, status, c.Actor, "meeting chosen in the answer to the clarification", c.Now); err != nil {
		return clarifyResult{}, err
	}
	if err := db.queueArrival(ctx, tx, r, m.Meeting, threadOf(c), c.Now); err != nil {
		return clarifyResult{}, err
	}
	res.out = Outcome{Registrations: []Registration{r}, Existing: []bool{false}}
	return res, closeWaitingReview(ctx, tx, r, c)
}

// fillFromAnswer takes from the answer what the first mail did not say.
func fillFromAnswer(r *Registration, d intake.Decision, meetingID string) {
	for _, a := range d.Registrations {
		if a.MeetingID != meetingID {
			continue
		}
		if r.Organization == "" {
			r.Organization = a.Organization
		}
		if r.KRS == "" {
			r.KRS = a.KRS
		}
		if r.ContactName == "" {
			r.ContactName = a.ContactName
		}
		if r.Phone == "" {
			r.Phone = a.Phone
		}
		if a.Attendees > 1 {
			r.Attendees = a.Attendees
		}
		return
	}
}

// closeWaitingReview marks the first mail's question answered.
func closeWaitingReview(ctx context.Context, tx *sqlx.Tx, r Registration, c Change) error {
	if !r.InboundID.Valid {
		return nil
	}
	_, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE inbound_messages SET review_state = 'done', reviewed_by = ? WHERE id = ? AND review_state = ?`),
		"sender: "+c.Actor, r.InboundID.String, ReviewWaiting)
	if err != nil {
		return fmt.Errorf("storage: close the clarified message: %w", err)
	}
	return nil
}

// ExpirePending gives up on sign-ups whose sender did not answer the
// question which meeting they meant within wait: the registration expires
// and its message goes back to the staff's review queue, so that no sign-up
// is left unseen. It returns how many expired.
func (db *DB) ExpirePending(ctx context.Context, wait time.Duration, now time.Time) (int, error) {
	n := 0
	err := db.InTx(ctx, func(tx *sqlx.Tx) error {
		var regs []Registration
		err := tx.SelectContext(ctx, &regs, tx.Rebind(`SELECT `+registrationColumnsSQL+` FROM registrations
			WHERE status = 'pending' AND created_at < ? ORDER BY created_at, id`), dbTime(now.Add(-wait)))
		if err != nil {
			return fmt.Errorf("storage: find unanswered sign-ups: %w", err)
		}
		for _, r := range regs {
			if err := setStatus(ctx, tx, &r, StatusExpired, "system", "no answer to the question which meeting", now); err != nil {
				return err
			}
			if r.InboundID.Valid {
				_, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE inbound_messages SET review_state = 'open',
					reason = ? || reason WHERE id = ? AND review_state = ?`),
					"no answer to the question which meeting (sign-up expired); ", r.InboundID.String, ReviewWaiting)
				if err != nil {
					return fmt.Errorf("storage: reopen review of %s: %w", r.InboundID.String, err)
				}
			}
			n++
		}
		return nil
	})
	return n, err
}
