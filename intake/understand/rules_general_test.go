package understand

import (
	"strings"
	"testing"
	"time"
)

// Table tests for the rules added to generalise beyond the corpus.

func TestOrdinalsToDigits(t *testing.T) {
	tests := []struct{ in, want string }{
		{"na spotkanie drugiego grudnia", "na spotkanie 2 grudnia"},
		{"dwudziestego czwartego listopada", "24 listopada"},
		{"trzydziestego pierwszego grudnia", "31 grudnia"},
		{"dziewietnastego xi", "dziewietnastego xi"}, // Roman months stay numeric-only
		{"zglaszam drugiego uczestnika", "zglaszam drugiego uczestnika"},
		{"bez dat", "bez dat"},
	}
	for _, tt := range tests {
		if got := ordinalsToDigits(tt.in); got != tt.want {
			t.Errorf("ordinalsToDigits(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRelativeDays(t *testing.T) {
	loc := warsaw()
	sunday := time.Date(2025, 3, 9, 20, 0, 0, 0, loc)
	tests := []struct {
		in   string
		want string // d.m of each day, space separated
	}{
		{"zapisuje sie na jutro", "10.3"},
		{"na jutrzejsze spotkanie", "10.3"},
		{"przyjde pojutrze", "11.3"},
		{"na pojutrzejszym spotkaniu", "11.3"},
		{"see you tomorrow", "10.3"},
		{"dzis zglaszam sie", ""},
	}
	for _, tt := range tests {
		var got []string
		for _, d := range relativeDays(tt.in, sunday, loc) {
			got = append(got, strings.TrimSpace(time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, loc).Format("2.1")))
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("relativeDays(%q) = %v, want %q", tt.in, got, tt.want)
		}
	}
	if got := relativeDays("jutro", time.Time{}, loc); got != nil {
		t.Errorf("relativeDays without a date = %v, want none", got)
	}
}

func TestNextWeekday(t *testing.T) {
	loc := warsaw()
	at := func(d int) time.Time { return time.Date(2025, 3, d, 9, 0, 0, 0, loc) }
	tests := []struct {
		anchor time.Time
		wd     time.Weekday
		want   string
	}{
		{at(6), time.Wednesday, "12"},     // Thursday: next Wednesday is in the next week
		{at(10), time.Wednesday, "12 19"}, // Monday: this week's or next week's
		{at(9), time.Monday, "10"},        // Sunday: tomorrow is already next week
	}
	for _, tt := range tests {
		var got []string
		for _, d := range nextWeekdayDays(tt.wd, tt.anchor) {
			got = append(got, d.Format("2"))
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("nextWeekdayDays(%s, %s) = %v, want %s", tt.wd, tt.anchor.Format("Mon 2.01"), got, tt.want)
		}
	}
	if got := findDates("w przyszłą środę"); len(got) != 1 || !got[0].Next {
		t.Errorf("findDates(w przyszłą środę) = %+v, want one next-week weekday", got)
	}
	if got := findDates("w środę"); len(got) != 1 || got[0].Next {
		t.Errorf("findDates(w środę) = %+v, want a plain weekday", got)
	}
}

func TestClauses(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Zgłaszam się na 17.11 (2 osoby) oraz na spotkanie podsumowujące (1 osoba).",
			[]string{"Zgłaszam się na 17.11 (2 osoby)", "oraz na spotkanie podsumowujące (1 osoba)."}},
		{"Zgłaszam się na 17 i 24 listopada.", []string{"Zgłaszam się na 17 i 24 listopada."}},
		{"We will attend on 17 November and the meeting on small grants.",
			[]string{"We will attend on 17 November", "and the meeting on small grants."}},
	}
	for _, tt := range tests {
		got := clauses([]string{tt.in})
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("clauses(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestOrgGeneral(t *testing.T) {
	host := func(string) bool { return false }
	tests := []struct{ body, sig, want string }{
		{"piszę w imieniu Ochotniczej Straży Pożarnej w Batowicach.", "", "Ochotnicza Straż Pożarna w Batowicach"},
		{"chcialabym zapisac Fundacje Przystan na spotkanie.", "", "Fundacja Przystan"},
		{"zgłoś proszę Spółdzielnię Socjalną Zielony Ogród na spotkanie.", "", "Spółdzielnia Socjalna Zielony Ogród"},
		{"Uczniowski Klub Sportowy Orlik zgłasza 2 osoby.", "", "Uczniowski Klub Sportowy Orlik"},
		{"w imieniu Polskiego Towarzystwa Turystyczno-Krajoznawczego zgłaszam się.", "", "Polskie Towarzystwo Turystyczno-Krajoznawcze"},
		{"jestem z Instytutu Spraw Obywatelskich.", "", "Instytut Spraw Obywatelskich"},
		{"Zgłaszam się.", "Anna Nowak | prezes | Fundacja Ładne Miasto | tel. 600 700 800", "Fundacja Ładne Miasto"},
	}
	for _, tt := range tests {
		sig := tt.sig
		if sig != "" {
			sig = unpipe(sig)
		}
		if got := organization(tt.body, sig, host); got != tt.want {
			t.Errorf("organization(%q, %q) = %q, want %q", tt.body, tt.sig, got, tt.want)
		}
	}
	ix := newMeetingIndex(testMeetings())
	if r := ix.refs("Klub Seniorów Wesoła Jesień zgłasza się na 10 marca.", time.Date(2025, 3, 1, 0, 0, 0, 0, warsaw())); r.Conflict != "" {
		t.Errorf("a club's name counted as the meeting place: %s", r.Conflict)
	}
}

func TestHeadcountGeneral(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"będziemy w 4", 4},
		{"Będzie nas troje.", 3},
		{"przyjdziemy ja i koleżanka z zarządu", 2},
		{"będziemy w 19.11 o 16", 0},
		{"będziemy w 24 listopada", 0},
		{"będziemy w 2 XII", 0},
	}
	for _, tt := range tests {
		if got := headcount(tt.in); got != tt.want {
			t.Errorf("headcount(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestContactGeneral(t *testing.T) {
	tests := []struct{ body, sig, from, want string }{
		{"Zapisuję się.", "Jagoda Kmieć\nkoordynatorka", "Jagoda Kmieć", "Jagoda Kmieć"},
		// Name-shaped, but no known first name and no From to confirm it
		// ("Jagoda" was such a name until the first-name list grew).
		{"Zapisuję się.", "Złota Jesień", "Biuro", ""},
		{"Zapisuję się.", "Jagoda Kmieć", "Biuro", "Jagoda Kmieć"},
		{"w imieniu Caritas zgłaszam panią Marię Sikorę na spotkanie.", "ks. Andrzej Filipek", "", "Maria Sikora"},
		{"zgłaszam panią Marię Sikorę i siebie na spotkanie.", "Andrzej Filipek", "", "Andrzej Filipek"},
		{"zgłaszamy naszą wolontariuszkę Magdalenę Wróbel.", "", "", "Magdalena Wróbel"},
	}
	for _, tt := range tests {
		if got := contactName(tt.body, tt.sig, tt.from); got != tt.want {
			t.Errorf("contactName(%q, %q, %q) = %q, want %q", tt.body, tt.sig, tt.from, got, tt.want)
		}
	}
}

func TestWithdrawalsGeneral(t *testing.T) {
	for _, in := range []string{
		"wycofujemy nasze zgłoszenie na 2 grudnia",
		"proszę anulować nasz zapis",
		"odwołuję swój udział w spotkaniu",
		"niestety nie weźmiemy udziału",
		"we won't be able to attend after all",
		"I am unable to attend the meeting",
	} {
		if c, _ := cancelIntent(in); !c {
			t.Errorf("cancelIntent(%q) = false, want a withdrawal", in)
		}
	}
	for _, in := range []string{"zgłaszam się na 2 grudnia", "we will attend"} {
		if c, _ := cancelIntent(in); c {
			t.Errorf("cancelIntent(%q) = true, want none", in)
		}
	}
}
