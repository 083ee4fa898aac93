// Package phone takes sign-ups that staff record by hand from a phone call
// (the foundation's number is 535 655 055) and turns them into the same
// decision a mail sign-up gives, so the ledger treats both alike.
package phone

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/nyaruka/phonenumbers"

	"zapisy/intake"
	"zapisy/storage"
)

// DefaultRegion is the region numbers without a country code belong to.
const DefaultRegion = "PL"

// Normalize turns a phone number in any usual notation ("600 123 456",
// "+48 (12) 345-67-89", "0048600123456") into E.164 ("+48600123456").
func Normalize(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errors.New("phone number is empty")
	}
	if strings.IndexFunc(s, func(r rune) bool { return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') }) >= 0 {
		// phonenumbers reads letters as keypad digits; a person's number has none.
		return "", fmt.Errorf("phone number %q has letters in it", s)
	}
	n, err := phonenumbers.Parse(s, DefaultRegion)
	if err != nil {
		return "", fmt.Errorf("phone number %q: %v", s, err)
	}
	if !phonenumbers.IsValidNumber(n) {
		return "", fmt.Errorf("phone number %q is not a valid number", s)
	}
	return phonenumbers.Format(n, phonenumbers.E164), nil
}

// Booking is what staff note down during a call.
type Booking struct {
	MeetingID    string
	Organization string
	ContactName  string
	Phone        string
	Email        string // optional: with it, a confirmation is sent
	Attendees    int    // 0 means 1
	Note         string
	Staff        string // who took the call
	Lang         string // "pl" (default) or "en"
}

// InvalidError is a booking that cannot be taken as entered; the CLI exits
// with status 2 on it.
type InvalidError struct{ Problems []string }

func (e *InvalidError) Error() string {
	return "phone sign-up: " + strings.Join(e.Problems, "; ")
}

// Decision checks a booking and gives the decision the ledger applies.
// Every problem is reported at once.
func (b Booking) Decision(meetings []storage.MeetingInfo, now time.Time) (intake.Decision, error) {
	var problems []string
	var meeting *storage.MeetingInfo
	for i := range meetings {
		if meetings[i].ID == b.MeetingID {
			meeting = &meetings[i]
		}
	}
	switch {
	case b.MeetingID == "":
		problems = append(problems, "no meeting given (--meeting)")
	case meeting == nil:
		problems = append(problems, fmt.Sprintf("meeting %q does not exist (see: zapisy meetings list)", b.MeetingID))
	case meeting.Cancelled:
		problems = append(problems, fmt.Sprintf("meeting %q is cancelled", b.MeetingID))
	case !now.Before(meeting.StartsAt):
		problems = append(problems, fmt.Sprintf("meeting %q has already started", b.MeetingID))
	}
	if strings.TrimSpace(b.Organization) == "" && strings.TrimSpace(b.ContactName) == "" {
		problems = append(problems, "neither an organisation (--org) nor a name (--name) given")
	}
	e164, err := Normalize(b.Phone)
	if err != nil {
		problems = append(problems, err.Error())
	}
	email := strings.TrimSpace(b.Email)
	if email != "" {
		a, err := mail.ParseAddress(email)
		if err != nil || a.Name != "" {
			problems = append(problems, fmt.Sprintf("email %q is not an email address", email))
		} else {
			email = a.Address
		}
	}
	att := b.Attendees
	if att == 0 {
		att = 1
	}
	if att < 0 || att > 50 {
		problems = append(problems, fmt.Sprintf("attendees %d is not between 1 and 50", b.Attendees))
	}
	if len(problems) > 0 {
		return intake.Decision{}, &InvalidError{Problems: problems}
	}
	lang := b.Lang
	if lang == "" {
		lang = "pl"
	}
	return intake.Decision{
		Action: intake.Register,
		Reason: "phone sign-up taken by " + b.Staff,
		Lang:   lang,
		Registrations: []intake.Registration{{
			MeetingID:    b.MeetingID,
			Organization: strings.TrimSpace(b.Organization),
			ContactName:  strings.TrimSpace(b.ContactName),
			Email:        email,
			Phone:        e164,
			Attendees:    att,
		}},
	}, nil
}

// Record checks a booking and applies it. A person who is already signed up
// for the meeting (same phone or email) gets their existing registration
// back, with existing true.
func Record(ctx context.Context, db *storage.DB, b Booking, now time.Time) (reg storage.Registration, existing bool, err error) {
	meetings, err := db.Meetings(ctx)
	if err != nil {
		return storage.Registration{}, false, err
	}
	d, err := b.Decision(meetings, now)
	if err != nil {
		return storage.Registration{}, false, err
	}
	out, err := db.Apply(ctx, storage.Change{
		Decision:  d,
		Source:    storage.SourcePhone,
		Actor:     "phone: " + b.Staff,
		SourceRef: b.Staff,
		Note:      strings.TrimSpace(b.Note),
		Now:       now,
	})
	if reason, ok := storage.IsReject(err); ok {
		return storage.Registration{}, false, &InvalidError{Problems: []string{reason}}
	}
	if err != nil {
		return storage.Registration{}, false, err
	}
	return out.Registrations[0], out.Existing[0], nil
}
