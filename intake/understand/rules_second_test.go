package understand

import (
	"testing"
	"time"
)

// Table tests for the rules added after the second generalisation set
// (testdata/generalise2).

func TestIntent(t *testing.T) {
	tests := []struct {
		in           string
		has, present bool
		asks         bool
	}{
		{in: "Zgłaszam się na spotkanie 24.11.", has: true, present: true, asks: true},
		{in: "ZGLASZAM UDZIAL 2 OSOB W SPOTKANIU", has: true, present: true, asks: true},
		{in: "zglaszam sie na spotkanie", has: true, present: true, asks: true},
		{in: "na spotkanie zapisałam się telefonicznie tydzień temu", has: true},
		{in: "zgłaszałem się już wcześniej", has: true},
		{in: "deleguje na spotkanie dwie osoby", has: true, present: true},
		{in: "w spotkaniu weźmie udział nasz prezes", has: true, present: true},
		{in: "proszę zapisać mnie na 24 listopada", has: true, present: true, asks: true},
		{in: "Dziękujemy za wczorajsze spotkanie.", has: false},
	}
	for _, tt := range tests {
		if got := hasIntent(tt.in); got != tt.has {
			t.Errorf("hasIntent(%q) = %v, want %v", tt.in, got, tt.has)
		}
		if got := presentIntent(tt.in); got != tt.present {
			t.Errorf("presentIntent(%q) = %v, want %v", tt.in, got, tt.present)
		}
		if got := asksToSignUp(tt.in); got != tt.asks {
			t.Errorf("asksToSignUp(%q) = %v, want %v", tt.in, got, tt.asks)
		}
	}
}

func TestIsOffer(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Oferujemy catering od 12 zł za osobę. Catering Smak sp. z o.o.", true},
		{"W załączeniu cennik szkoleń. Firma Szkolenia s.c.", true},
		{"Zapraszamy do współpracy! Zgłaszam się też na 19.11. Fundacja X", false},
		{"Czy możemy przedstawić naszą ofertę na spotkaniu? Stowarzyszenie Y", false},
	}
	for _, tt := range tests {
		if got := isOffer(tt.in); got != tt.want {
			t.Errorf("isOffer(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestReferenceDates(t *testing.T) {
	ix := newMeetingIndex(testMeetings())
	anchor := time.Date(2014, 11, 10, 9, 0, 0, 0, ix.loc)
	tests := []struct {
		sentence string
		day, mon int
		want     bool
	}{
		{"w nawiazaniu do zaproszenia z 6 listopada", 6, 11, true},
		{"uwagi przeslemy do 28 listopada", 28, 11, true},
		{"uwagi przeslemy przed 20.11", 20, 11, true},
		{"zglaszam sie na 20 listopada", 20, 11, false},
		{"bedziemy 3 grudnia", 3, 12, false},
	}
	for _, tt := range tests {
		if got := ix.reference(dateRef{Day: tt.day, Month: tt.mon}, tt.sentence, anchor); got != tt.want {
			t.Errorf("reference(%d.%d in %q) = %v, want %v", tt.day, tt.mon, tt.sentence, got, tt.want)
		}
	}
}

func TestBehalfPerson(t *testing.T) {
	tests := []struct{ in, want string }{
		{"W spotkaniu weźmie udział Prezes naszej Fundacji, Pan Andrzej Sikorski.", "Andrzej Sikorski"},
		{"Uprzejmie proszę o zapisanie Pani Prezes Jadwigi Nowosielskiej na spotkanie.", "Jadwiga Nowosielska"},
		{"Piszę w imieniu koleżanki, Magdaleny Pyrek z Fundacji Bezpieczny Dom.", "Magdalena Pyrek"},
		{"Proszę o zapisanie mnie na spotkanie 24.11.", ""},
		{"Proszę o zapisanie Pana Jana Kota oraz mnie.", ""},
		{"W spotkaniu weźmie udział dwoje członków zarządu.", ""},
	}
	for _, tt := range tests {
		if got := behalfPerson(tt.in); got != tt.want {
			t.Errorf("behalfPerson(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCapsAndOrder(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"caps name", "STANISLAW BIALY", "Stanislaw Bialy"},
		{"caps name with letters", "WANDA KLIMEK", "Wanda Klimek"},
		{"apostrophe", "James O'Connor", "James O'Connor"},
		{"not a name", "KLUB SENIORA", ""},
	}
	for _, tt := range tests {
		if got := personName(tt.in); got != tt.want {
			t.Errorf("%s: personName(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
	if got := orgLine("KLUB SENIORA POD LIPAMI"); got != "Klub Seniora Pod Lipami" {
		t.Errorf("orgLine(caps) = %q", got)
	}
	if got := fromOrder("Śródka Łucja", "Łucja Śródka"); got != "Łucja Śródka" {
		t.Errorf("fromOrder = %q", got)
	}
	if got := fromOrder("Anna Nowak", "Biuro Fundacji"); got != "Anna Nowak" {
		t.Errorf("fromOrder kept = %q", got)
	}
}

func TestSelfPlusHeadcount(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"zapisuję siebie + 1 osobę na 24.11", 2},
		{"zgłaszam mnie i dwie osoby", 3},
		{"ja plus 2 os.", 3},
		{"zgłaszam 2 osoby", 2},
	}
	for _, tt := range tests {
		if got := headcount(tt.in); got != tt.want {
			t.Errorf("headcount(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}
