package understand

import (
	"strings"
	"testing"
	"time"

	"zapisy/storage"
)

// Table tests for the rules added after the seventh generalisation set
// (testdata/generalise7).

// seventhMeetings: two meetings on Wednesday 3 December, at 10 and at 17.
func seventhMeetings() []storage.Meeting {
	at := func(d int, m time.Month, h int) time.Time { return time.Date(2014, m, d, h, 0, 0, 0, storage.Warsaw) }
	return []storage.Meeting{
		{ID: "m1", Title: "Dzielnice i rady dzielnic", StartsAt: at(20, 11, 16), EndsAt: at(20, 11, 18), Location: "Urząd Miasta Krakowa"},
		{ID: "m2", Title: "Kultura fizyczna i sport", StartsAt: at(22, 11, 10), EndsAt: at(22, 11, 13), Location: "Nowohuckie Centrum Kultury"},
		{ID: "m4", Title: "Przeciwdziałanie wykluczeniu społecznemu", StartsAt: at(3, 12, 10), EndsAt: at(3, 12, 12), Location: "Centrum Obywatelskie, ul. Reformacka 3"},
		{ID: "m5", Title: "Spotkanie dla organizacji młodzieżowych", StartsAt: at(3, 12, 17), EndsAt: at(3, 12, 19), Location: "Dom Kultury Podgórze, ul. Sokolska 13"},
		{ID: "m6", Title: "Turystyka i krajoznawstwo", StartsAt: at(4, 12, 15), EndsAt: at(4, 12, 17), Location: "Fundacja BIS, ul. Józefińska 18"},
	}
}

func TestDecideSeventh(t *testing.T) {
	mail := func(from, subject, body string) *Message {
		return Read(strings.NewReader("From: " + from + "\r\nTo: martyna.niedospial@bis-krakow.pl\r\nSubject: " + subject +
			"\r\nDate: Mon, 10 Nov 2014 09:00:00 +0100\r\nMessage-ID: <x@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body))
	}
	const anna = "Anna Nowak <anna@example.org>"
	tests := []struct {
		name, from, subject, body string
		want                      string // action, then meeting:attendees
	}{
		{"two meetings that day, nothing to tell them apart", anna, "Zgłoszenie",
			"Zgłaszam dwie osoby na spotkanie 3 grudnia.\r\n\r\nAnna Nowak\r\n", "review"},
		{"the hour tells", anna, "Zgłoszenie",
			"Zgłaszam się na spotkanie 3 grudnia o 17:00.\r\n\r\nAnna Nowak\r\n", "register m5:1"},
		{"an hour at which none starts", anna, "Zgłoszenie",
			"Zgłaszam się na spotkanie 3 grudnia o godz. 14:00.\r\n\r\nAnna Nowak\r\n", "review"},
		{"the part of the day tells", anna, "zapis 3.12 rano",
			"Proszę zapisać mnie na spotkanie 3.12 rano.\r\n\r\nAnna Nowak\r\n", "register m4:1"},
		{"the topic tells", anna, "Zgłoszenie",
			"Zgłaszam się na spotkanie 3 grudnia (organizacje młodzieżowe).\r\n\r\nAnna Nowak\r\n", "register m5:1"},
		{"both, with a count each from the list", anna, "3 grudnia",
			"3 grudnia chcielibyśmy być na obu spotkaniach:\r\n- rano (przeciwdziałanie wykluczeniu) - 1 osoba,\r\n- po południu (organizacje młodzieżowe) - 2 osoby.\r\n\r\nAnna Nowak\r\n",
			"register m4:1 m5:2"},
		{"a count for each date in one sentence", anna, "Zgłoszenie",
			"Zgłaszamy się na dwa spotkania:\r\nna 20.11 – 2 osoby,\r\nna 4.12 – 1 osoba.\r\n\r\nAnna Nowak\r\n", "register m1:2 m6:1"},
		{"Dom Kultury is a place, not the title's Kultura", anna, "zapis",
			"Chcę się zapisać na spotkanie w Domu Kultury Podgórze.\r\n\r\nAnna Nowak\r\n", "register m5:1"},
		{"a thank-you under the confirmation asks for nothing", anna, "Re: Potwierdzenie zgłoszenia – 22 listopada",
			"Dziękuję, do zobaczenia!\r\n\r\nAnna Nowak\r\n", "review"},
		{"a list of three organisations", anna, "Zgłoszenia",
			"przesyłam zgłoszenia na spotkanie 20 listopada:\r\n\r\n1. Jan Kos – Stowarzyszenie Seniorzy w Akcji\r\n2. Irena Pająk – Klub Seniora Złota Jesień\r\n3. Adam Mucha – Fundacja Pogodna Jesień\r\n\r\nAnna Nowak\r\n",
			"review"},
		{"an auto-reply in German", anna, "Automatische Antwort: Zaproszenie",
			"Ich bin bis 30.11. nicht im Büro.\r\n", "ignore"},
	}
	for _, tt := range tests {
		d := Decide(mail(tt.from, tt.subject, tt.body), seventhMeetings(), time.Time{})
		got := []string{string(d.Action)}
		for _, r := range d.Registrations {
			got = append(got, r.MeetingID+":"+string(rune('0'+r.Attendees)))
		}
		if d.Action != "register" {
			got = got[:1]
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("%s: %s (%s), want %s", tt.name, g, d.Reason, tt.want)
		}
	}
}

func TestFieldsSeventh(t *testing.T) {
	form := "poniżej zgłoszenie:\n\nNazwa organizacji\n\nUczniowski Klub Sportowy Orlęta\n\nNumer KRS\n\n0000287154\n\nLiczba osób\n\n3\n"
	want := "poniżej zgłoszenie:\n\nNazwa organizacji: Uczniowski Klub Sportowy Orlęta\n\nNumer KRS: 0000287154\n\nLiczba osób: 3\n"
	if got := joinFormLabels(form); got != want {
		t.Errorf("joinFormLabels:\n got %q\nwant %q", got, want)
	}
	if got := behalfPerson("zgłaszamy na spotkanie dotyczące dzielnic (20 listopada) p. Mariusza Sikorę, członka zarządu."); got != "Mariusz Sikora" {
		t.Errorf("behalfPerson after 'p.' = %q", got)
	}
	m := Read(strings.NewReader("From: Stowarzyszenie Pracownia Miejska <kontakt@example.org>\r\nReply-To: Olga Kruk <olga@example.org>\r\n" +
		"Subject: Zgłoszenie\r\nDate: Mon, 10 Nov 2014 09:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
		"zgłaszam się na spotkanie 20 listopada.\r\n\r\nO. Kruk\r\nStowarzyszenie Pracownia Miejska\r\n"))
	d := Decide(m, seventhMeetings(), time.Time{})
	if len(d.Registrations) != 1 || d.Registrations[0].ContactName != "Olga Kruk" || d.Registrations[0].Email != "olga@example.org" {
		t.Errorf("from the organisation's account, answering to a person: %+v", d.Registrations)
	}
}
