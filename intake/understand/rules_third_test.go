package understand

import (
	"strings"
	"testing"
	"time"

	"zapisy/storage"
)

// Table tests for the rules added after the third generalisation set
// (testdata/generalise3).

func TestHeadcountThird(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"Przyjdą ze mną dwie osoby z zarządu, czyli razem 3 osoby.", 3},
		{"Będą ze mną 2 os. z biura.", 3},
		{"łącznie: 4", 4},
		{"przyjdę razem z Janem Nowakiem, naszym skarbnikiem", 2},
		{"Przyjdę z tłumaczem języka migowego.", 2},
		{"Będziemy ja i prezes oddziału.", 2},
		{"zgłasza udział dwóch druhów w spotkaniu", 2},
		{"delegujemy trzech członków zarządu", 3},
		{"przyjdę razem z koleżanką", 2},
		{"razem z nami przyjdzie ktoś z gminy", 0},
	}
	for _, tt := range tests {
		if got := headcount(tt.in); got != tt.want {
			t.Errorf("headcount(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestNameListCount(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"zgłaszam następujące osoby:\n1. Piotr Lis\n2. Joanna Duda\n3. Ewa Zając\n\nPozdrawiam", 3},
		{"- Anna Nowak, prezes\n- Jan Kowal – skarbnik", 2},
		{"zgłaszam: 1. Anna Nowak 2. Jan Kowal 3. Ewa Zając.", 3},
		{"1) 19.11 - 2 osoby\n2) 4.12 - 1 osoba", 0},
		{"1. Anna Nowak", 0},
		{"2. Anna Nowak 5. Jan Kowal", 0},
	}
	for _, tt := range tests {
		if got := nameListCount(tt.in); got != tt.want {
			t.Errorf("nameListCount(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestKRSThird(t *testing.T) {
	tests := []struct{ in, want string }{
		{"KRS ZHP: 0000088946", "0000088946"},
		{"wpisana do KRS pod numerem 365411", "0000365411"},
		{"KRS-0000398877", "0000398877"},
		{"KRS nr 0000 410 233", "0000410233"},
		{"NIP 675-000-11-22, REGON 000123456, KRS 0000211234", "0000211234"},
		{"NIP 675-000-11-22, REGON 000123456", ""},
	}
	for _, tt := range tests {
		if got := krs(tt.in); got != tt.want {
			t.Errorf("krs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestThirdPersonTitles(t *testing.T) {
	tests := []struct{ in, want string }{
		{"zgłaszam ks. Marka Sowę na spotkanie", "Marek Sowa"},
		{"zgłaszamy dr Annę Kowalską", "Anna Kowalska"},
		{"zgłaszamy pana Pawła Nowaka, członka zarządu", "Paweł Nowak"},
		{"zgłaszam Jana Kulę", "Jan Kula"},
	}
	for _, tt := range tests {
		if got := thirdPerson(tt.in); got != tt.want {
			t.Errorf("thirdPerson(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestOrganisationThird(t *testing.T) {
	host := func(string) bool { return false }
	tests := []struct{ body, sig, want string }{
		{"", "Grzegorz Pająk\nPTTK Oddział Nowohucki", "PTTK Oddział Nowohucki"},
		{"zgłaszam UKS \"Orlik\" na spotkanie", "Tomasz Bąk\nUKS \"Orlik\"", "UKS \"Orlik\""},
		{"Uczniowski Klub Sportowy Orlik zgłasza 2 osoby.", "Jan Bąk\nUKS Orlik", "Uczniowski Klub Sportowy Orlik"},
		{"", "Pozdrawiamy\nZespół Stowarzyszenia Kraków Otwarty", "Stowarzyszenie Kraków Otwarty"},
		{"Reprezentuję Stowarzyszenie Wolontariuszy „Pomocna Ręka”.", "", "Stowarzyszenie Wolontariuszy „Pomocna Ręka”"},
		{"w imieniu Polskiego Związku Emerytów, Rencistów i Inwalidów zgłaszam się", "", "Polski Związek Emerytów, Rencistów i Inwalidów"},
		{"w imieniu Fundacji Pomocy, Anna Nowak i Jan Kowal zgłaszają się", "", "Fundacja Pomocy"},
	}
	for _, tt := range tests {
		if got := organization(tt.body, tt.sig, host); got != tt.want {
			t.Errorf("organization(%q, %q) = %q, want %q", tt.body, tt.sig, got, tt.want)
		}
	}
}

func TestCalledPhone(t *testing.T) {
	hits := findPhones("dzwoniłam pod numer 535 655 055, ale nikt nie odbierał; mój: 601 222 333")
	if len(hits) != 2 || !hits[0].Called || hits[1].Called {
		t.Fatalf("findPhones: %+v, want the first called and the second not", hits)
	}
}

func TestFullerName(t *testing.T) {
	tests := []struct{ name, other, want string }{
		{"Wojtek Sikora", "Wojciech Sikora", "Wojciech Sikora"},
		{"Katarzyna Wrona", "Kasia Wrona", "Katarzyna Wrona"},
		{"Wojtek Sikora", "Wojciech Nowak", "Wojtek Sikora"},
		{"Ola Kot", "Olga Kot", "Ola Kot"},
	}
	for _, tt := range tests {
		if got := fullerName(tt.name, tt.other); got != tt.want {
			t.Errorf("fullerName(%q, %q) = %q, want %q", tt.name, tt.other, got, tt.want)
		}
	}
}

func TestLongOneLineSignature(t *testing.T) {
	l := splitSignature("potwierdzam udział.\n\nPozdrawiam,\nKatarzyna Wrona | koordynatorka projektów | Fundacja Rozwoju Lokalnego „Wspólna Sprawa”\ntel.: 601-555-432")
	if !strings.Contains(l.Signature, "Fundacja Rozwoju Lokalnego „Wspólna Sprawa”") || strings.Contains(l.Body, "Wrona") {
		t.Errorf("splitSignature: body %q, signature %q", l.Body, l.Signature)
	}
}

func TestRefsThird(t *testing.T) {
	loc := warsaw()
	at := func(d, m int) time.Time { return time.Date(2014, time.Month(m), d, 10, 0, 0, 0, loc) }
	ix := newMeetingIndex([]storage.Meeting{
		{ID: "a", StartsAt: at(17, 11), Location: "Fundacja BIS", Title: "Zlecanie zadań"},
		{ID: "b", StartsAt: at(19, 11), Location: "Urząd Miasta", Title: "Spotkanie otwarte"},
		{ID: "c", StartsAt: at(26, 11), Location: "Klub Kultury Mistrzejowice", Title: "Spotkanie dla organizacji z Nowej Huty"},
		{ID: "d", StartsAt: at(4, 12), Location: "Urząd Miasta", Title: "Spotkanie podsumowujące"},
	})
	anchor := at(5, 11)
	tests := []struct {
		in       string
		either   bool
		conflict bool
		topics   int
	}{
		{in: "na spotkanie 17 listopada przyjdę razem z Janem Nowakiem", topics: 0},
		{in: "zgłaszam na spotkanie 19.11 lub 4.12", either: true},
		{in: "na spotkanie 19 listopada albo 4 grudnia", either: true},
		{in: "na spotkania 19.11 i 4.12", either: false},
		{in: "na spotkanie 17.11 w Nowej Hucie", conflict: true, topics: 1},
	}
	for _, tt := range tests {
		r := ix.refs(tt.in, anchor)
		if r.Either != tt.either || (r.Conflict != "") != tt.conflict || len(r.Topics) != tt.topics {
			t.Errorf("refs(%q) = %+v, want either %v, conflict %v, %d topics", tt.in, r, tt.either, tt.conflict, tt.topics)
		}
	}
}

func TestHeadcountSelfAndOthers(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"zgłaszam siebie i dwie wolontariuszki", 3},
		{"ja + prezes", 2},
		{"Zgłaszam siebie oraz p. Jana Kota", 2},
	}
	for _, tt := range tests {
		if got := headcount(tt.in); got != tt.want {
			t.Errorf("headcount(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
	if got := organization("Przesyłam zgłoszenie Fundacji Rozwoju Kultury.", "", func(string) bool { return false }); got != "Fundacja Rozwoju Kultury" {
		t.Errorf("organization after 'zgłoszenie' = %q", got)
	}
}
