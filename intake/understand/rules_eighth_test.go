package understand

import (
	"os"
	"strings"
	"testing"
	"time"

	"zapisy/storage"
)

// Table tests for the rules added after the eighth generalisation set
// (testdata/generalise8, on the corpus's own meetings).

func eighthMeetings(t *testing.T) []storage.Meeting {
	t.Helper()
	f, err := os.Open("testdata/generalise8/meetings.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ms, err := storage.ReadMeetingsCSV(f)
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

const eighthInvitation = "\r\n\r\nW dniu 6 listopada 2014 10:12 użytkownik Martyna Niedośpiał <martyna.niedospial@bis-krakow.pl> napisał:\r\n" +
	"> 1. 17 listopada (poniedziałek), 10:00-12:00, Fundacja BIS - zlecanie realizacji zadań publicznych\r\n" +
	"> 2. 19 listopada (środa), 16:00-18:00, UMK - spotkanie otwarte\r\n" +
	"> 3. 24 listopada (poniedziałek), 12:00-14:00, Fundacja BIS - małe granty i regranting\r\n" +
	"> 4. 26 listopada (środa), 17:00-19:00, Klub Kultury Mistrzejowice - Nowa Huta\r\n"

func TestDecideEighth(t *testing.T) {
	mail := func(subject, body string) *Message {
		return Read(strings.NewReader("From: Anna Nowak <anna@example.org>\r\nTo: martyna.niedospial@bis-krakow.pl\r\nSubject: " + subject +
			"\r\nDate: Wed, 12 Nov 2014 09:00:00 +0100\r\nMessage-ID: <x@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body))
	}
	tests := []struct {
		name, subject, body string
		want                string // action, then meeting:attendees
	}{
		{"a meeting by its number in the quoted list", "Re: Zaproszenie",
			"proszę o zapisanie mnie na spotkanie nr 3 z listy poniżej.\r\n\r\nAnna Nowak" + eighthInvitation, "register m3:1"},
		{"a comparison names no meeting", "Zapis",
			"Fundacja BIS organizuje chyba osobne spotkanie dla organizacji z Podgórza, tak jak dla Nowej Huty. Chciałabym się na nie zapisać.\r\n\r\nAnna Nowak\r\n", "review"},
		{"the weekday picks among the meetings at a place", "Zapis",
			"zgłaszam swój udział w spotkaniu w przyszły poniedziałek w siedzibie Fundacji BIS.\r\n\r\nAnna Nowak\r\n", "register m1:1"},
		{"the others declined under a reminder", "RE: Przypomnienie – spotkania konsultacyjne",
			"proszę o zapisanie mnie na spotkanie 4 grudnia. Na pozostałe niestety nie dam rady.\r\n\r\nAnna Nowak\r\n", "register m6:1"},
		{"the host's seat is no second organisation", "Zgłoszenie",
			"Fundacja Pracownia Obywatelska zgłasza się na spotkanie 17 listopada w siedzibie Fundacji BIS przy ul. Józefińskiej.\r\n\r\nAnna Nowak\r\n", "register m1:1"},
		{"a count per date on lines of one sentence", "Zgłoszenie",
			"zgłaszam nas na dwa spotkania:\r\n24.11 – 1 os.,\r\n26.11 – 3 os.\r\n\r\nAnna Nowak\r\n", "register m3:1 m4:3"},
		{"'razem ze mną przyjdzie jeszcze jedna osoba'", "Zgłoszenie",
			"Chciałabym zapisać się na spotkanie 24 listopada – razem ze mną przyjdzie jeszcze jedna osoba.\r\n\r\nAnna Nowak\r\n", "register m3:2"},
	}
	for _, tt := range tests {
		d := Decide(mail(tt.subject, tt.body), eighthMeetings(t), time.Time{})
		got := []string{string(d.Action)}
		if d.Action == "register" {
			for _, r := range d.Registrations {
				got = append(got, r.MeetingID+":"+string(rune('0'+r.Attendees)))
			}
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("%s: %s (%s), want %s", tt.name, g, d.Reason, tt.want)
		}
	}
}

func TestFieldsEighth(t *testing.T) {
	never := func(string) bool { return false }
	for _, tt := range []struct{ body, want string }{
		{"W skrócie:\n- organizacja: Stowarzyszenie Rodziców Dzieci z Autyzmem Mozaika\n- KRS: 0000213377", "Stowarzyszenie Rodziców Dzieci z Autyzmem Mozaika"},
		{"poproszę o wpisanie mnie. Agata Rutkowska, Stowarzyszenie Mamy Czas, tel. 516 204 887.", "Stowarzyszenie Mamy Czas"},
		{"Jestem wolontariuszką w Fundacji Cztery Łapy Kraków i będę reprezentować naszą organizację.", "Fundacja Cztery Łapy Kraków"},
	} {
		if got := organization(tt.body, "", never); got != tt.want {
			t.Errorf("organization(%q) = %q, want %q", tt.body, got, tt.want)
		}
	}
	if got := fullerName("Bartek Kołodziej", "Bartosz Kołodziej"); got != "Bartosz Kołodziej" {
		t.Errorf("fullerName(Bartek, Bartosz) = %q", got)
	}
	if got := fullerName("Bartek Kołodziej", "Barbara Kołodziej"); got != "Bartek Kołodziej" {
		t.Errorf("fullerName(Bartek, Barbara) = %q", got)
	}
}
