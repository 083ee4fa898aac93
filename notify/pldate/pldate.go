// Package pldate writes meeting dates the way Polish (and English) notices
// print them: "środa, 19 listopada 2014, godz. 16:00–18:00". Month names are
// in the genitive, as Polish dates require ("19 listopada", not
// "19 listopad"); weekdays in the nominative, lower case.
//
// It formats only; reading dates from free text is intake's business.
// Times are shown in the time zone of the values given (callers pass
// Europe/Warsaw times).
package pldate

import (
	"fmt"
	"time"
)

var weekdaysPL = [...]string{"niedziela", "poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota"}

// monthsGenitive are the month names as they follow a day number.
var monthsGenitive = [...]string{"", "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września", "października", "listopada", "grudnia"}

// Weekday is the Polish name of t's weekday ("środa").
func Weekday(t time.Time) string { return weekdaysPL[t.Weekday()] }

// Date is "19 listopada 2014".
func Date(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), monthsGenitive[t.Month()], t.Year())
}

// DateTime is a moment as Polish readers write it: "19 listopada 2014, 16:05".
func DateTime(t time.Time) string { return Date(t) + ", " + t.Format("15:04") }

// DayMonth is "19 listopada".
func DayMonth(t time.Time) string {
	return fmt.Sprintf("%d %s", t.Day(), monthsGenitive[t.Month()])
}

// LongDate is "środa, 19 listopada 2014".
func LongDate(t time.Time) string { return Weekday(t) + ", " + Date(t) }

// Span is a meeting's time: "środa, 19 listopada 2014, godz. 16:00–18:00";
// without an end (zero or not after start) "…, godz. 16:00"; across
// midnight "środa, 19 listopada 2014, godz. 16:00 – czwartek, 20 listopada
// 2014, godz. 10:00".
func Span(start, end time.Time) string {
	s := LongDate(start) + ", godz. " + start.Format("15:04")
	switch {
	case end.IsZero() || !end.After(start):
		return s
	case sameDay(start, end):
		return s + "–" + end.Format("15:04")
	}
	return s + " – " + LongDate(end) + ", godz. " + end.Format("15:04")
}

// SpanEN is the English form: "Wednesday, 19 November 2014, 16:00–18:00".
func SpanEN(start, end time.Time) string {
	s := start.Format("Monday, 2 January 2006, 15:04")
	switch {
	case end.IsZero() || !end.After(start):
		return s
	case sameDay(start, end):
		return s + "–" + end.Format("15:04")
	}
	return s + " – " + end.Format("Monday, 2 January 2006, 15:04")
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// Plural picks the Polish form for n: one ("1 osoba"), few (2–4, 22–24,
// … but not 12–14: "3 osoby") or many ("5 osób", "12 osób", "0 osób").
func Plural(n int, one, few, many string) string {
	if n < 0 {
		n = -n
	}
	switch {
	case n == 1:
		return one
	case n%10 >= 2 && n%10 <= 4 && (n%100 < 12 || n%100 > 14):
		return few
	}
	return many
}

// People is "1 osoba", "2 osoby", "5 osób".
func People(n int) string {
	return fmt.Sprintf("%d %s", n, Plural(n, "osoba", "osoby", "osób"))
}

// Relative names the day of start as seen on the day of now, in a sentence
// "spotkanie odbędzie się …": "dzisiaj", "jutro", "pojutrze", "za 5 dni".
// Calendar days count, not hours: a reminder sent at 18:00 for a meeting at
// 9:00 next morning says "jutro".
func Relative(now, start time.Time) string {
	switch n := daysBetween(now, start); {
	case n <= 0:
		return "dzisiaj"
	case n == 1:
		return "jutro"
	case n == 2:
		return "pojutrze"
	default:
		return fmt.Sprintf("za %d dni", n)
	}
}

// RelativeEN is the English form of Relative: "today", "tomorrow", "in 3 days".
func RelativeEN(now, start time.Time) string {
	switch n := daysBetween(now, start); {
	case n <= 0:
		return "today"
	case n == 1:
		return "tomorrow"
	default:
		return fmt.Sprintf("in %d days", n)
	}
}

// daysBetween counts calendar days from a to b in b's time zone.
func daysBetween(a, b time.Time) int {
	a = a.In(b.Location())
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	da := time.Date(ay, am, ad, 12, 0, 0, 0, time.UTC)
	db := time.Date(by, bm, bd, 12, 0, 0, 0, time.UTC)
	return int(db.Sub(da).Hours() / 24)
}
