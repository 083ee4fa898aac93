package notify

import (
	"fmt"
	"time"

	ics "github.com/arran4/golang-ical"

	"zapisy/storage"
)

// Event is one registrant's calendar entry for a meeting.
type Event struct {
	Meeting storage.Meeting
	// UID is stable per registration and meeting (EventUID), so that an
	// update or a cancellation replaces the entry in the calendar.
	UID string
	// Sequence is the meeting's iCalendar SEQUENCE, rising with each change.
	Sequence int
	// Cancel writes METHOD:CANCEL (meeting cancelled, or registrant
	// withdrawn) instead of METHOD:REQUEST.
	Cancel         bool
	OrganizerName  string
	OrganizerEmail string
	AttendeeName   string
	AttendeeEmail  string
	Description    string
	Stamp          time.Time // DTSTAMP: when this calendar object was made
}

// EventUID names a registration's entry for a meeting.
func EventUID(meetingID, registrationID, domain string) string {
	return fmt.Sprintf("%s.%s@%s", meetingID, registrationID, domain)
}

// CalendarMethod is the iTIP method of an event's calendar object.
func (e Event) CalendarMethod() string {
	if e.Cancel {
		return string(ics.MethodCancel)
	}
	return string(ics.MethodRequest)
}

// Calendar writes the event as an iTIP calendar object (RFC 5546). Times
// are written in UTC, which every client converts to its own zone, so no
// VTIMEZONE is needed and no client can misread the zone.
func Calendar(e Event) []byte {
	cal := ics.NewCalendar()
	cal.SetProductId("-//Fundacja BIS//Zapisy//PL")
	if e.Cancel {
		cal.SetMethod(ics.MethodCancel)
	} else {
		cal.SetMethod(ics.MethodRequest)
	}
	ev := cal.AddEvent(e.UID)
	ev.SetSequence(e.Sequence)
	ev.SetDtStampTime(e.Stamp)
	ev.SetStartAt(e.Meeting.StartsAt)
	if e.Meeting.EndsAt.After(e.Meeting.StartsAt) {
		ev.SetEndAt(e.Meeting.EndsAt)
	}
	ev.SetSummary(oneLine(e.Meeting.Title))
	if e.Meeting.Location != "" {
		ev.SetLocation(oneLine(e.Meeting.Location))
	}
	if e.Description != "" {
		ev.SetDescription(e.Description)
	}
	ev.SetOrganizer("mailto:"+e.OrganizerEmail, ics.WithCN(oneLine(e.OrganizerName)))
	attendee := []ics.PropertyParameter{ics.WithRSVP(false), ics.ParticipationRoleReqParticipant}
	if e.AttendeeName != "" {
		attendee = append(attendee, ics.WithCN(oneLine(e.AttendeeName)))
	}
	if e.Cancel {
		ev.SetStatus(ics.ObjectStatusCancelled)
		attendee = append(attendee, ics.ParticipationStatusDeclined)
	} else {
		ev.SetStatus(ics.ObjectStatusConfirmed)
		attendee = append(attendee, ics.ParticipationStatusAccepted)
	}
	ev.AddAttendee("mailto:"+e.AttendeeEmail, attendee...)
	return []byte(cal.Serialize(ics.WithNewLine("\r\n")))
}
