package understand

import (
	"strings"
	"testing"
	"time"
)

// Table tests for the rules added after the eleventh generalisation set
// (testdata/generalise11, on the corpus's own meetings).

func TestDecideEleventh(t *testing.T) {
	mail := func(subject, body string) *Message {
		return Read(strings.NewReader("From: Anna Nowak <anna@example.org>\r\nTo: martyna.niedospial@bis-krakow.pl\r\nSubject: " + subject +
			"\r\nDate: Thu, 13 Nov 2014 09:00:00 +0100\r\nMessage-ID: <x@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body))
	}
	tests := []struct {
		name, subject, body string
		want                string // action, then meeting:attendees
	}{
		{"another person will write for the other meeting", "Zgłoszenie",
			"zgłaszam swój udział w spotkaniu otwartym 19 listopada. Na spotkanie podsumowujące 4.12 przyjdzie ktoś inny z naszej Fundacji - koleżanka napisze osobno.\r\n\r\nAnna Nowak\r\n",
			"register m2:1"},
		{"'zwalniam swoje miejsce' withdraws", "Rezygnacja",
			"Niestety zwalniam swoje miejsce na spotkaniu 24 listopada.\r\n\r\nAnna Nowak\r\n", "cancel m3:1"},
		{"one person of two withdraws", "ODP: Potwierdzenie zgłoszenia – 19 listopada",
			"zgłaszałam na środę dwie osoby. Pan Mirosław się rozchorował, proszę go skreślić z listy. Ja będę na pewno.\r\n\r\nAnna Nowak\r\n", "review"},
		{"a withdrawal of the group says how many", "Rezygnacja",
			"proszę nas skreślić z listy na spotkanie 2 grudnia. Zgłaszałam 2 osoby, ale obie mamy wyjazd.\r\n\r\nAnna Nowak\r\n", "cancel m5:2"},
		{"the waiting list, and someone else's withdrawal as a condition", "Lista rezerwowa - 2 grudnia",
			"Bardzo proszę o wpisanie mnie na listę rezerwową na 2 grudnia – gdyby ktoś zrezygnował, chętnie przyjdę.\r\n\r\nAnna Nowak\r\n", "review"},
	}
	for _, tt := range tests {
		d := Decide(mail(tt.subject, tt.body), eighthMeetings(t), time.Time{})
		got := []string{string(d.Action)}
		if d.Action == "register" || d.Action == "cancel" {
			for _, r := range d.Registrations {
				got = append(got, r.MeetingID+":"+string(rune('0'+r.Attendees)))
			}
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("%s: %s (%s), want %s", tt.name, g, d.Reason, tt.want)
		}
	}
}
