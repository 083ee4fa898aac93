package understand

import (
	"strings"
	"testing"
	"time"

	"zapisy/intake"
	"zapisy/storage"
)

// Table tests for the rules added after the fourth generalisation set
// (testdata/generalise4).

func TestNominativeDative(t *testing.T) {
	tests := []struct{ first, last, want string }{
		{"Michałowi", "Zielińskiemu", "Michał Zieliński"},
		{"Annie", "Kowalskiej", "Anna Kowalska"},
		{"Beacie", "Sikorze", "Beata Sikora"},
		{"Pawłowi", "Kurkowi", "Paweł Kurek"},
		{"Markowi", "Nowakowi", "Marek Nowak"},
		{"Jadwidze", "Sowie", "Jadwiga Sowa"},
		{"Jerzemu", "Wilkowi", "Jerzy Wilk"},
		{"Marty", "Wilczek", "Marta Wilczek"},
	}
	for _, tt := range tests {
		if got, ok := nominativeName(tt.first, tt.last); !ok || got != tt.want {
			t.Errorf("nominativeName(%q, %q) = %q, %v; want %q", tt.first, tt.last, got, ok, tt.want)
		}
	}
}

func TestBehalfPersonFourth(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Potwierdzenie prosimy przesłać panu Michałowi Zielińskiemu, który będzie nas reprezentował.", "Michał Zieliński"},
		{"Proszę wysłać potwierdzenie bezpośrednio Pani Beacie Sikorze na adres b.s@example.org.", "Beata Sikora"},
		{"Fundacja weźmie udział w spotkaniu w osobie Pani Marty Wilczek.", "Marta Wilczek"},
		{"Proszę wysłać potwierdzenie na mój adres.", ""},
	}
	for _, tt := range tests {
		if got := behalfPerson(tt.in); got != tt.want {
			t.Errorf("behalfPerson(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := contactName("", "Krzysiek Baran\nStowarzyszenie Muzyczne Fermata", ""); got != "Krzysiek Baran" {
		t.Errorf("contactName with an everyday first name = %q, want %q", got, "Krzysiek Baran")
	}
}

func TestKRSFourth(t *testing.T) {
	tests := []struct{ in, want string }{
		{"KRS/NIP: 0000412233 / 679-233-44-55", "0000412233"},
		{"NIP/KRS: 6762201133 / 0000298765", "0000298765"},
		{"KRS/NIP/REGON: 0000123123 / 6761234567 / 123456789", "0000123123"},
		{"KRS 0000109876, tel. 508 765 001", "0000109876"},
	}
	for _, tt := range tests {
		if got := krs(tt.in); got != tt.want {
			t.Errorf("krs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if hits := findPhones("KRS/NIP/REGON: 0000123123 / 6761234567 / 123456789"); len(hits) != 0 {
		t.Errorf("registry numbers read as phones: %+v", hits)
	}
}

func TestMobileOverLandline(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Jan Kowal\n12 634 22 11\n601 234 765", "+48601234765"},
		{"tel. 12 421 00 11 w. 23\nkom. 507 888 999", "+48507888999"},
		{"tel. 12 656 77 88", "+48126567788"},
		{"601 111 222\n602 333 444", "+48601111222"},
	}
	for _, tt := range tests {
		c := &signupCase{m: &Message{}, p: parts{}}
		if got := c.phone(letter{Signature: tt.text}); got != tt.want {
			t.Errorf("phone(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestHTMLTableRows(t *testing.T) {
	in := `<table><tr><td><p class=MsoNormal><b>Nazwa organizacji</b></p></td><td><p class=MsoNormal>Fundacja X</p></td></tr>` +
		`<tr><td>Telefon:</td><td>600&nbsp;100&nbsp;200</td></tr><tr><td>19.11</td><td>2</td><td>tak</td></tr></table>`
	got := htmlToText(in)
	for _, want := range []string{"Nazwa organizacji: Fundacja X", "Telefon: 600 100 200", "19.11 2 tak"} {
		if !strings.Contains(got, want) {
			t.Errorf("htmlToText: %q lacks %q", got, want)
		}
	}
}

func TestHeadcountFourth(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"na spotkanie w Nowej Hucie przyjdę ja oraz p. Kowalska", 2},
		{"Ilość osób: 2 x osoba", 2},
		{"zapisujemy się na 4.12 – x2 (ja i Ola)", 2},
		{"I'd like to sign up myself and two colleagues", 3},
		{"I will come with my colleague", 2},
		{"together with two colleagues", 3},
		{"przyjdę z dwiema koleżankami", 3},
		{"zapisuję się na 26.11 razem z panią Krawczyk i panem Kowalem", 3},
		{"przyjdzie dwoje naszych członków", 2},
		{"ul. Kalinowa 4x2", 0},
		{"3 of us will come", 3},
	}
	for _, tt := range tests {
		if got := headcount(tt.in); got != tt.want {
			t.Errorf("headcount(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestEnglishDates(t *testing.T) {
	tests := []struct {
		in         string
		day, month int
	}{
		{"on 19th November", 19, 11},
		{"the Nov 26 meeting", 26, 11},
		{"on 2nd December", 2, 12},
		{"December 4th, 2014", 4, 12},
		{"for Nov 19. 3 of us will come", 19, 11},
	}
	for _, tt := range tests {
		refs := findDates(tt.in)
		if len(refs) != 1 || refs[0].Day != tt.day || refs[0].Month != tt.month {
			t.Errorf("findDates(%q) = %+v, want %d.%d", tt.in, refs, tt.day, tt.month)
		}
	}
}

func TestPoliteRequest(t *testing.T) {
	for _, s := range []string{"could you register me and a colleague for the meeting on Wednesday?", "Czy mogłaby Pani zapisać mnie na 19.11?"} {
		if !politeRequestRE.MatchString(fold(s)) {
			t.Errorf("%q not read as a request", s)
		}
	}
	if politeRequestRE.MatchString(fold("Czy trzeba się zapisywać?")) {
		t.Error("a real question read as a request")
	}
}

func TestPersonTitleNotPlace(t *testing.T) {
	skip := withPersonNames("zgłaszam siebie i pana Nowaka na spotkanie 2.12", nil)
	if !skip["nowaka"] {
		t.Errorf("surname after 'pana' not skipped: %v", skip)
	}
	if cancel, unclear := cancelIntent("proszę skreślić pana Nowaka z naszego zgłoszenia, przyjdę sama."); !cancel || !unclear {
		t.Errorf("withdrawal of one person while the writer comes: cancel %v, unclear %v", cancel, unclear)
	}
}

func TestOrganisationFourth(t *testing.T) {
	host := func(string) bool { return false }
	tests := []struct{ body, sig, want string }{
		{"piszę w imieniu Fundacji Ulica Kultury: zgłaszam siebie.", "Ewa Sroka\nStowarzyszenie Teatralne Rampa", "Fundacja Ulica Kultury"},
		{"w imieniu Stowarzyszenia Aktywni Seniorzy zgłaszam się", "Anna Nowak\nStowarzyszenie „Aktywni Seniorzy”", "Stowarzyszenie „Aktywni Seniorzy”"},
		{"", "Tadeusz Nowicki\nPrezes Stowarzyszenia\nStowarzyszenie Razem dla Prądnika", "Stowarzyszenie Razem dla Prądnika"},
		{"Reprezentuję grupę nieformalną Sąsiedzi z Kazimierza.", "Kasia", "Sąsiedzi z Kazimierza"},
		{"z ramienia Stowarzyszenia Sąsiedzi Podgórza zgłaszam 2 osoby", "Jan Test\nPrezes Fundacji Inna Nazwa", "Stowarzyszenie Sąsiedzi Podgórza"},
		{"on behalf of Fundacja Zielona Przyszłość I'd like to register", "Jan Test\nStowarzyszenie Test", "Fundacja Zielona Przyszłość"},
	}
	for _, tt := range tests {
		if got := organization(tt.body, tt.sig, host); got != tt.want {
			t.Errorf("organization(%q, %q) = %q, want %q", tt.body, tt.sig, got, tt.want)
		}
	}
}

// TestMeetingsByPlace: 'oba', 'wszystkie' and ordinals against the
// schedule and the quoted invitation.
func TestMeetingsByPlace(t *testing.T) {
	loc := warsaw()
	at := func(d, m int) time.Time { return time.Date(2014, time.Month(m), d, 10, 0, 0, 0, loc) }
	ms := []storage.Meeting{
		{ID: "a", StartsAt: at(17, 11), Location: "Fundacja BIS", Title: "Zlecanie zadań"},
		{ID: "b", StartsAt: at(19, 11), Location: "Urząd Miasta", Title: "Spotkanie otwarte"},
		{ID: "c", StartsAt: at(26, 11), Location: "Klub Kultury Mistrzejowice", Title: "Nowa Huta"},
		{ID: "d", StartsAt: at(4, 12), Location: "Urząd Miasta", Title: "Spotkanie podsumowujące"},
	}
	quote := "\n\nW dniu 2014-11-04 11:05, Biuro pisze:\n> - 17.11 Fundacja BIS\n> - 19.11 Urząd\n> - 26.11 Mistrzejowice\n> - 4.12 Urząd\n"
	tests := []struct {
		date, body string
		action     intake.Action
		ids        string
	}{
		{"Mon, 03 Nov 2014 10:00:00 +0100", "zapisuję się na oba spotkania w Urzędzie.", intake.Register, "b d"},
		{"Fri, 21 Nov 2014 10:00:00 +0100", "zapisuję się na wszystkie spotkania.", intake.Register, "c d"},
		{"Mon, 03 Nov 2014 10:00:00 +0100", "zapisuję się na wszystkie spotkania oprócz 19.11.", intake.Review, ""},
		{"Mon, 03 Nov 2014 10:00:00 +0100", "zapisuję się na pierwsze spotkanie." + quote, intake.Register, "a"},
		{"Mon, 03 Nov 2014 10:00:00 +0100", "zgłaszam się na ostatnie spotkanie." + quote, intake.Register, "d"},
		{"Mon, 03 Nov 2014 10:00:00 +0100", "zapisuję się na pierwsze spotkanie.", intake.Review, ""},
		{"Mon, 03 Nov 2014 10:00:00 +0100", "przyjdę na oba." + quote, intake.Review, ""},
		{"Mon, 03 Nov 2014 10:00:00 +0100", "zgłaszam się na 19.11 i 4.12. Na oba spotkania przyjdę sama.", intake.Register, "b d"},
	}
	for _, tt := range tests {
		raw := "From: Jan Kowal <jan@example.org>\r\nTo: biuro@bis.example\r\nSubject: Re: spotkania\r\nDate: " + tt.date +
			"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + strings.ReplaceAll(tt.body+"\n\nJan Kowal\nFundacja Test\n", "\n", "\r\n")
		d := Decide(Read(strings.NewReader(raw)), ms, time.Time{})
		var ids []string
		for _, r := range d.Registrations {
			ids = append(ids, r.MeetingID)
		}
		if d.Action != tt.action || d.Action == intake.Register && strings.Join(ids, " ") != tt.ids {
			t.Errorf("%q: %s %v (%s), want %s %s", tt.body, d.Action, ids, d.Reason, tt.action, tt.ids)
		}
	}
}
