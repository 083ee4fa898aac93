// Package intake is where sign-ups come in: mail from the IMAP mailbox
// (intake/mailbox), phone bookings entered by staff (intake/phone), and the
// understanding of Polish sign-up mail (intake/understand).
//
// This root package holds only the vocabulary they share: a Decision is what
// was understood from one sign-up, whatever channel it came through. The
// ledger (storage.Apply) turns a Decision into registrations and notices.
package intake

import (
	"encoding/json"
	"time"
)

// Action is what should happen to a sign-up.
type Action string

const (
	// Register: the sender signs up for the named meeting(s).
	Register Action = "register"
	// Review: a person wrote, but staff must decide or answer.
	Review Action = "review"
	// Cancel: the sender withdraws from the named meeting(s).
	Cancel Action = "cancel"
	// Ignore: nobody needs an answer (auto-replies, bounces, newsletters,
	// spam). Such mail must never get a reply (RFC 3834).
	Ignore Action = "ignore"
)

// Valid reports whether a is one of the four known actions.
func (a Action) Valid() bool {
	switch a {
	case Register, Review, Cancel, Ignore:
		return true
	}
	return false
}

// Registration is one meeting a sender signs up for (or withdraws from).
// Empty strings mean "not given"; they are written as JSON null.
type Registration struct {
	MeetingID    string
	Organization string
	KRS          string // National Court Register number, 10 digits, zero-padded
	ContactName  string
	Email        string // where the confirmation goes
	Phone        string // E.164, e.g. +48601234567
	Attendees    int    // at least 1
}

type registrationJSON struct {
	MeetingID    *string `json:"meeting_id"`
	Organization *string `json:"organization"`
	KRS          *string `json:"krs"`
	ContactName  *string `json:"contact_name"`
	Email        *string `json:"email"`
	Phone        *string `json:"phone"`
	Attendees    int     `json:"attendees"`
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// MarshalJSON writes the registration in the shape of the corpus'
// expected.json, with absent values as null.
func (r Registration) MarshalJSON() ([]byte, error) {
	return json.Marshal(registrationJSON{
		MeetingID:    nullable(r.MeetingID),
		Organization: nullable(r.Organization),
		KRS:          nullable(r.KRS),
		ContactName:  nullable(r.ContactName),
		Email:        nullable(r.Email),
		Phone:        nullable(r.Phone),
		Attendees:    r.Attendees,
	})
}

// UnmarshalJSON reads the shape written by MarshalJSON.
func (r *Registration) UnmarshalJSON(b []byte) error {
	var j registrationJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*r = Registration{
		MeetingID:    deref(j.MeetingID),
		Organization: deref(j.Organization),
		KRS:          deref(j.KRS),
		ContactName:  deref(j.ContactName),
		Email:        deref(j.Email),
		Phone:        deref(j.Phone),
		Attendees:    j.Attendees,
	}
	return nil
}

// Decision is what was understood from one sign-up.
type Decision struct {
	Action        Action         `json:"action"`
	Reason        string         `json:"reason"` // a short sentence staff can act on
	Registrations []Registration `json:"registrations"`
	// Lang is the language notices should be written in: "pl" (default) or "en".
	Lang string `json:"lang,omitempty"`
	// Clarify, on a review, marks a sign-up whose meeting is missing or
	// ambiguous: it holds what is known of the sender (no meeting), and the
	// sender is asked which meeting they mean. Nil for anything else.
	Clarify *Registration `json:"-"`
}

// Envelope holds the facts of a mail message that the daemon and the ledger
// need besides the decision: threading and the sender.
type Envelope struct {
	MessageID  string    // without angle brackets; "" when the message has none
	InReplyTo  string    // without angle brackets
	References []string  // without angle brackets, oldest first
	From       string    // bare address of the From header
	Subject    string    // decoded
	Date       time.Time // zero when missing or unreadable
}
