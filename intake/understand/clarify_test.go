package understand

import (
	"strings"
	"testing"
	"time"

	"zapisy/storage"
)

// A sign-up whose meeting is missing or unclear goes to review and carries
// what is known of the sender, so that they can be asked which meeting;
// a question or an unclear change does not.
func TestClarifyMarksSignUpsWithoutMeeting(t *testing.T) {
	loc := storage.Warsaw
	meetings := []storage.Meeting{
		{ID: "m1", Title: "Małe granty", StartsAt: time.Date(2014, 11, 17, 10, 0, 0, 0, loc), EndsAt: time.Date(2014, 11, 17, 12, 0, 0, 0, loc), Location: "Fundacja BIS, ul. Józefińska 18"},
		{ID: "m2", Title: "Regranting", StartsAt: time.Date(2014, 11, 24, 12, 0, 0, 0, loc), EndsAt: time.Date(2014, 11, 24, 14, 0, 0, 0, loc), Location: "Fundacja BIS, ul. Józefińska 18"},
	}
	mail := func(subject, body string) *Message {
		return Read(strings.NewReader("From: Anna Nowak <anna@example.org>\r\nSubject: " + subject +
			"\r\nDate: Mon, 10 Nov 2014 09:00:00 +0100\r\nMessage-ID: <x@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body))
	}
	for _, tc := range []struct {
		name, subject, body string
		clarify             bool
	}{
		{"no meeting named", "Zgłoszenie", "Dzień dobry, zgłaszam dwie osoby ze Stowarzyszenia Łąka na konsultacje.\r\n\r\nAnna Nowak\r\n", true},
		{"date with no meeting", "Zgłoszenie", "Dzień dobry, zgłaszam się na spotkanie 20 listopada.\r\n\r\nAnna Nowak\r\n", true},
		{"ambiguous place", "Zgłoszenie", "Dzień dobry, proszę o zapisanie mnie na spotkanie w BIS.\r\n\r\nAnna Nowak\r\n", true},
		{"question", "Pytanie", "Czy trzeba się zapisywać na spotkanie?\r\n\r\nAnna Nowak\r\n", false},
		{"clear sign-up", "Zgłoszenie", "Dzień dobry, zgłaszam się na spotkanie 17 listopada.\r\n\r\nAnna Nowak\r\n", false},
	} {
		d := Decide(mail(tc.subject, tc.body), meetings, time.Time{})
		if got := d.Clarify != nil; got != tc.clarify {
			t.Errorf("%s: %s (%s), clarify %v, want %v", tc.name, d.Action, d.Reason, got, tc.clarify)
			continue
		}
		if d.Clarify != nil && (d.Action != "review" || d.Clarify.Email != "anna@example.org" || d.Clarify.MeetingID != "" || d.Clarify.Attendees < 1) {
			t.Errorf("%s: %+v / %+v", tc.name, d, *d.Clarify)
		}
	}
	if d := Decide(mail("Zgłoszenie", "Dzień dobry, zgłaszam dwie osoby ze Stowarzyszenia Łąka na konsultacje.\r\n\r\nAnna Nowak\r\n"), meetings, time.Time{}); d.Clarify == nil || d.Clarify.Attendees != 2 {
		t.Errorf("head count of a sign-up without a meeting: %+v", d.Clarify)
	}
	// The answer to the question names the meeting; the subject it keeps
	// ("Re: Zgłoszenie na spotkanie – …") carries the request.
	d := Decide(mail("Re: Zgłoszenie na spotkanie – prosimy o wskazanie terminu", "Chodzi nam o spotkanie 24 listopada.\r\n\r\nAnna Nowak\r\n"), meetings, time.Time{})
	if d.Action != "register" || len(d.Registrations) != 1 || d.Registrations[0].MeetingID != "m2" {
		t.Errorf("answer: %+v", d)
	}
}
