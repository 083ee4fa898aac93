package understand

import (
	"strings"
	"testing"
	"time"
)

// Table tests for the rules added after the ninth generalisation set
// (testdata/generalise9, on the corpus's own meetings).

func TestFieldsNinth(t *testing.T) {
	never := func(string) bool { return false }
	for _, tt := range []struct{ body, sig, want string }{
		{"Zapisuję się.", "Aleksandra Pękala\nFundacja Zielone Podwórka, KRS 0000456781", "Fundacja Zielone Podwórka"},
		{"Szanowna Pani,\n\nTowarzystwo Miłośników Starego Prokocimia zgłasza udział w spotkaniu.", "", "Towarzystwo Miłośników Starego Prokocimia"},
		{"Zapisuję się.", "Wiesław Pawlikowski\nsekretarz Towarzystwa Miłośników Starego Prokocimia", "Towarzystwo Miłośników Starego Prokocimia"},
		{"Chcemy razem z Radą Dzielnicy organizować półkolonie.", "pwd. Karolina Wrona\ndrużynowa\n75 Krakowska Drużyna Harcerska „Ognisko”", "75 Krakowska Drużyna Harcerska „Ognisko”"},
		{"Zapisuję się. Jan Kołodziej, Stowarzyszenie Rowerowe Bronowice.", "", "Stowarzyszenie Rowerowe Bronowice"},
	} {
		if got := organization(tt.body, tt.sig, never); got != tt.want {
			t.Errorf("organization(%q, %q) = %q, want %q", tt.body, tt.sig, got, tt.want)
		}
	}
	if got := contactName("zgłaszam udział dwóch przedstawicieli.", "dh Zbigniew Mróz\nPrezes Zarządu", ""); got != "Zbigniew Mróz" {
		t.Errorf("contact with a scout's or firefighter's title = %q", got)
	}
	if got, ok := nominativeName("Andrzeja", "Kmiecia"); !ok || got != "Andrzej Kmieć" {
		t.Errorf("nominativeName(Andrzeja, Kmiecia) = %q, %v", got, ok)
	}
	if got := contactName("Zapisuję się.", "A. Nowak", "Anna Nowak"); got != "Anna Nowak" {
		t.Errorf("an initial is not a title: %q", got)
	}
}

func TestCountInNextListItem(t *testing.T) {
	body := "zgłaszam nas na dwa spotkania w siedzibie Fundacji BIS:\r\n\r\n" +
		"* poniedziałek 17 listopada, godz. 10:00 (zlecanie zadań publicznych)\r\n   - 1 osoba: Łucja Bielecka,\r\n" +
		"* poniedziałek 24 listopada, godz. 12:00 (małe granty i regranting)\r\n   - 2 osoby: Łucja Bielecka i Patryk Sowiński.\r\n\r\nŁucja Bielecka\r\n"
	m := Read(strings.NewReader("From: Łucja Bielecka <l@example.org>\r\nSubject: Zgłoszenie\r\nDate: Mon, 10 Nov 2014 09:00:00 +0100\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n\r\n" + body))
	d := Decide(m, eighthMeetings(t), time.Time{})
	var got []string
	for _, r := range d.Registrations {
		got = append(got, r.MeetingID+":"+string(rune('0'+r.Attendees)))
	}
	if d.Action != "register" || strings.Join(got, " ") != "m1:1 m3:2" {
		t.Errorf("%s %v (%s), want register m1:1 m3:2", d.Action, got, d.Reason)
	}
}
