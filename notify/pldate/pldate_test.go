package pldate

import (
	"testing"
	"time"
)

func warsaw(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Warsaw")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestSpan(t *testing.T) {
	w := warsaw(t)
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, w) }
	tests := []struct {
		name       string
		start, end time.Time
		pl, en     string
	}{
		{"same day", at(2014, 11, 19, 16, 0), at(2014, 11, 19, 18, 0),
			"środa, 19 listopada 2014, godz. 16:00–18:00", "Wednesday, 19 November 2014, 16:00–18:00"},
		{"no end", at(2014, 11, 17, 10, 0), time.Time{},
			"poniedziałek, 17 listopada 2014, godz. 10:00", "Monday, 17 November 2014, 10:00"},
		{"over midnight", at(2014, 12, 31, 22, 30), at(2015, 1, 1, 1, 0),
			"środa, 31 grudnia 2014, godz. 22:30 – czwartek, 1 stycznia 2015, godz. 01:00",
			"Wednesday, 31 December 2014, 22:30 – Thursday, 1 January 2015, 01:00"},
		{"every month genitive", at(2015, 3, 1, 9, 5), at(2015, 3, 1, 9, 5),
			"niedziela, 1 marca 2015, godz. 09:05", "Sunday, 1 March 2015, 09:05"},
		{"sobota, września", at(2015, 9, 5, 12, 0), at(2015, 9, 5, 13, 0),
			"sobota, 5 września 2015, godz. 12:00–13:00", "Saturday, 5 September 2015, 12:00–13:00"},
		{"piątek, października", at(2015, 10, 30, 8, 0), at(2015, 10, 30, 9, 0),
			"piątek, 30 października 2015, godz. 08:00–09:00", "Friday, 30 October 2015, 08:00–09:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Span(tt.start, tt.end); got != tt.pl {
				t.Errorf("Span = %q, want %q", got, tt.pl)
			}
			if got := SpanEN(tt.start, tt.end); got != tt.en {
				t.Errorf("SpanEN = %q, want %q", got, tt.en)
			}
		})
	}
}

func TestMonths(t *testing.T) {
	want := []string{"stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września", "października", "listopada", "grudnia"}
	for i, m := range want {
		if got := DayMonth(time.Date(2015, time.Month(i+1), 2, 0, 0, 0, 0, time.UTC)); got != "2 "+m {
			t.Errorf("month %d: got %q, want %q", i+1, got, "2 "+m)
		}
	}
}

func TestPeople(t *testing.T) {
	tests := map[int]string{0: "0 osób", 1: "1 osoba", 2: "2 osoby", 4: "4 osoby", 5: "5 osób", 11: "11 osób", 12: "12 osób",
		14: "14 osób", 21: "21 osób", 22: "22 osoby", 24: "24 osoby", 25: "25 osób", 112: "112 osób", 122: "122 osoby"}
	for n, want := range tests {
		if got := People(n); got != want {
			t.Errorf("People(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestRelative(t *testing.T) {
	w := warsaw(t)
	meeting := time.Date(2014, 11, 19, 9, 0, 0, 0, w)
	tests := []struct {
		now    time.Time
		pl, en string
	}{
		{time.Date(2014, 11, 19, 7, 0, 0, 0, w), "dzisiaj", "today"},
		{time.Date(2014, 11, 18, 18, 0, 0, 0, w), "jutro", "tomorrow"},
		{time.Date(2014, 11, 18, 0, 30, 0, 0, w).UTC(), "jutro", "tomorrow"}, // 23:30 UTC the day before
		{time.Date(2014, 11, 17, 9, 0, 0, 0, w), "pojutrze", "in 2 days"},
		{time.Date(2014, 11, 16, 9, 0, 0, 0, w), "za 3 dni", "in 3 days"},
		{time.Date(2014, 10, 26, 9, 0, 0, 0, w), "za 24 dni", "in 24 days"}, // across the DST change
	}
	for _, tt := range tests {
		if got := Relative(tt.now, meeting); got != tt.pl {
			t.Errorf("Relative(%v) = %q, want %q", tt.now, got, tt.pl)
		}
		if got := RelativeEN(tt.now, meeting); got != tt.en {
			t.Errorf("RelativeEN(%v) = %q, want %q", tt.now, got, tt.en)
		}
	}
}

func TestDateTime(t *testing.T) {
	w := warsaw(t)
	if got, want := DateTime(time.Date(2014, 11, 9, 21, 5, 0, 0, w)), "9 listopada 2014, 21:05"; got != want {
		t.Errorf("DateTime = %q, want %q", got, want)
	}
}
