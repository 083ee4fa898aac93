package understand

import (
	"strings"
	"testing"
	"time"

	"zapisy/storage"
)

// Table tests for the rules added after the sixth generalisation set
// (testdata/generalise6).

// sixthMeetings: two Tuesdays a week apart; a meeting in a "Klub Kultury".
func sixthMeetings() []storage.Meeting {
	at := func(d int, m time.Month, h int) time.Time { return time.Date(2014, m, d, h, 0, 0, 0, storage.Warsaw) }
	return []storage.Meeting{
		{ID: "m1", Title: "Sport i rekreacja", StartsAt: at(25, 11, 17), EndsAt: at(25, 11, 19), Location: "Rada Dzielnicy XIII Podgórze"},
		{ID: "m2", Title: "Pomoc społeczna", StartsAt: at(26, 11, 10), EndsAt: at(26, 11, 12), Location: "Małopolski Urząd Wojewódzki, ul. Basztowa 22"},
		{ID: "m3", Title: "Ekologia", StartsAt: at(2, 12, 17), EndsAt: at(2, 12, 19), Location: "Klub Kultury Paleta, ul. Bujaka 15"},
		{ID: "m4", Title: "Edukacja", StartsAt: at(4, 12, 16), EndsAt: at(4, 12, 18), Location: "Urząd Miasta Krakowa"},
	}
}

func sixthMail(from, subject, body string) *Message {
	return Read(strings.NewReader("From: " + from + "\r\nTo: martyna.niedospial@bis-krakow.pl\r\nSubject: " + subject +
		"\r\nDate: Sun, 23 Nov 2014 20:00:00 +0100\r\nMessage-ID: <x@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body))
}

func TestDecideSixth(t *testing.T) {
	const anna = "Anna Nowak <anna@example.org>"
	tests := []struct {
		name, from, subject, body string
		action                    string
		meetings                  string
	}{
		{"an event gone by names no meeting", anna, "Zgłoszenie",
			"W zeszłą środę byliśmy na spotkaniu w Małopolskim Urzędzie Wojewódzkim. Chcę zapisać się na spotkanie o sporcie 25.11.\r\n\r\nAnna Nowak\r\n",
			"register", "m1"},
		{"a lower-case place word is no place", anna, "Zgłoszenie",
			"Chcielibyśmy zapisać się na spotkanie dotyczące kultury.\r\n\r\nAnna Nowak\r\n",
			"review", ""},
		{"a capitalised place word is", anna, "Zgłoszenie",
			"Chcielibyśmy zapisać się na spotkanie w Klubie Kultury Paleta.\r\n\r\nAnna Nowak\r\n",
			"register", "m3"},
		{"an invitation declined beside a sign-up", anna, "Zgłoszenie",
			"Na spotkanie 26.11 niestety nie damy rady, może następnym razem. Natomiast na 4/12 (edukacja) zgłaszam dwie osoby.\r\n\r\nAnna Nowak\r\n",
			"register", "m4"},
		{"a withdrawal in so many words is not a decline", anna, "Zgłoszenie",
			"Rezygnuję ze spotkania 26.11, nie damy rady. Zgłaszam się za to na 4/12.\r\n\r\nAnna Nowak\r\n",
			"review", ""},
		{"the weekday of the confirmation answered", anna, "Re: Potwierdzenie zgłoszenia – ekologia, 2 grudnia",
			"niestety nie damy rady przyjsc we wtorek, prosze nas wykreslic.\r\n\r\nAnna\r\n",
			"cancel", "m3"},
		{"a weekday alone means the coming one", anna, "Rezygnacja",
			"niestety nie damy rady przyjsc we wtorek, prosze nas wykreslic.\r\n\r\nAnna\r\n",
			"cancel", "m1"},
	}
	for _, tt := range tests {
		d := Decide(sixthMail(tt.from, tt.subject, tt.body), sixthMeetings(), time.Time{})
		var ids []string
		for _, r := range d.Registrations {
			ids = append(ids, r.MeetingID)
		}
		if string(d.Action) != tt.action || (tt.meetings != "" && strings.Join(ids, " ") != tt.meetings) {
			t.Errorf("%s: %s %v (%s), want %s %s", tt.name, d.Action, ids, d.Reason, tt.action, tt.meetings)
		}
	}
}

func TestHeadcountSixth(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"ok, zapisuje sie, bede z kolezanka", 2},
		{"zglaszam dwoch przedstawicieli", 2},
		{"Nas będzie troje.", 3},
		{"Przyjdą 2 osoby + ja.", 3},
		{"dwie osoby i ja", 3},
	}
	for _, tt := range tests {
		if got := headcount(tt.in); got != tt.want {
			t.Errorf("headcount(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
	if got, want := tolerant(`będę[ąx]\p{L}`), `b[ęe]d[ęe][ąx]\p{L}`; got != want {
		t.Errorf("tolerant = %q, want %q", got, want)
	}
}

func TestFieldsSixth(t *testing.T) {
	if !replyHeaderRE.MatchString("Wiadomość napisana przez Martyna Niedośpiał <m@bis-krakow.pl> w dniu 24 lis 2014, o godz. 09:02:") {
		t.Error("Apple Mail's Polish reply header not recognised")
	}
	for _, tt := range []struct{ sig, want string }{
		{"Sarah O'Connor\nFundacja Sąsiedzi bez Granic\nKRS 0000512377", "Fundacja Sąsiedzi bez Granic"},
		{"Krystyna Duda\nFundacja Dom pod Aniołem\nKRS 0000287700", "Fundacja Dom pod Aniołem"},
	} {
		if got := organization("", tt.sig, func(string) bool { return false }); got != tt.want {
			t.Errorf("organization(%q) = %q, want %q", tt.sig, got, tt.want)
		}
	}
	for _, tt := range []struct{ in, want string }{
		{"uprzejmie zgłaszam na spotkanie 26 listopada (środa, godz. 10:00) naszą koordynatorkę wolontariatu – Panią Renatę Szewczyk.", "Renata Szewczyk"},
		{"zgłaszam siebie i Panią Renatę Szewczyk.", ""},
	} {
		if got := behalfPerson(tt.in); got != tt.want {
			t.Errorf("behalfPerson(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	d := Decide(sixthMail("Marek Zając <marek@example.org>", "Zgloszenie", "zglaszam sie na 25.11\r\n\r\nMarek Zajac\r\n"), sixthMeetings(), time.Time{})
	if len(d.Registrations) != 1 || d.Registrations[0].ContactName != "Marek Zając" {
		t.Errorf("registrations %+v, want Marek Zając as the sender spells it", d.Registrations)
	}
}
