package main

import (
	"errors"
	"os/user"

	"zapisy/intake/phone"
)

func (e *env) phoneAdd(args []string) error {
	fs, cfgPath := e.flags("phone add")
	var b phone.Booking
	fs.StringVar(&b.MeetingID, "meeting", "", "meeting id (see zapisy meetings list)")
	fs.StringVar(&b.Organization, "org", "", "organisation")
	fs.StringVar(&b.ContactName, "name", "", "contact person")
	fs.StringVar(&b.Phone, "phone", "", "phone number, e.g. 600 123 456")
	fs.StringVar(&b.Email, "email", "", "email address for the confirmation (optional)")
	fs.IntVar(&b.Attendees, "attendees", 1, "number of people")
	fs.StringVar(&b.Note, "note", "", "note for staff")
	fs.StringVar(&b.Staff, "staff", "", "who took the call (default: the system user)")
	fs.StringVar(&b.Lang, "lang", "pl", "language of notices: pl or en")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if b.Staff == "" {
		if u, err := user.Current(); err == nil {
			b.Staff = u.Username
		}
	}
	db, err := e.openDB(*cfgPath)
	if err != nil {
		return err
	}
	defer db.Close()
	r, existing, err := phone.Record(e.ctx, db, b, e.now())
	var inv *phone.InvalidError
	if errors.As(err, &inv) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	if existing {
		e.printf("already signed up: registration %s (%s, %d os.) for %s\n", r.ID, r.Status, r.Attendees, r.Meeting())
		return nil
	}
	e.printf("registration %s: %s, %d os., %s\n", r.ID, r.Status, r.Attendees, r.Meeting())
	if r.Email != "" {
		e.printf("a confirmation will be sent to %s\n", r.Email)
	}
	return nil
}
