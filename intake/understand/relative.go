package understand

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// ordinalDays are the folded genitive ordinals people write for a day of
// the month ("drugiego grudnia", "dwudziestego czwartego listopada").
var ordinalDays = map[string]int{
	"pierwszego": 1, "drugiego": 2, "trzeciego": 3, "czwartego": 4, "piatego": 5, "szostego": 6,
	"siodmego": 7, "osmego": 8, "dziewiatego": 9, "dziesiatego": 10, "jedenastego": 11, "dwunastego": 12,
	"trzynastego": 13, "czternastego": 14, "pietnastego": 15, "szesnastego": 16, "siedemnastego": 17,
	"osiemnastego": 18, "dziewietnastego": 19, "dwudziestego": 20, "trzydziestego": 30,
}

var ordinalRE = regexp.MustCompile(`\b(dwudziestego|trzydziestego)?\s*(pierwszego|drugiego|trzeciego|czwartego|piatego|szostego|siodmego|osmego|dziewiatego|dziesiatego|jedenastego|dwunastego|trzynastego|czternastego|pietnastego|szesnastego|siedemnastego|osiemnastego|dziewietnastego|dwudziestego|trzydziestego)\s+([a-z]+)`)

// ordinalsToDigits rewrites ordinal day words followed by a month name into
// digits, so "drugiego grudnia" reads as "2 grudnia". An ordinal not
// followed by a month ("drugiego uczestnika") stays as written.
func ordinalsToDigits(f string) string {
	if !strings.Contains(f, "ego") {
		return f
	}
	return ordinalRE.ReplaceAllStringFunc(f, func(m string) string {
		sm := ordinalRE.FindStringSubmatch(m)
		if monthWord(sm[3]) == 0 {
			return m
		}
		d := ordinalDays[sm[2]]
		if sm[1] != "" {
			if d >= 10 {
				return m // "dwudziestego dwudziestego" is not a day
			}
			d += ordinalDays[sm[1]]
		}
		lead := ""
		if strings.HasPrefix(m, " ") {
			lead = " "
		}
		return lead + strconv.Itoa(d) + " " + sm[3]
	})
}

// relativeDayWords are words that name a day by its distance from the
// message's date: "jutro", "jutrzejsze spotkanie", "pojutrze". "Dziś" is
// left out: "dziś zgłaszam się na 24.11" says when, not which meeting.
var relativeDayRE = regexp.MustCompile(`\b(pojutrze|pojutrzejsz[a-z]*|jutro|jutrzejsz[a-z]*|tomorrow)\b`)

// relativeDays lists the days a folded sentence names relative to anchor.
func relativeDays(f string, anchor time.Time, loc *time.Location) []dateRef {
	if anchor.IsZero() {
		return nil
	}
	var out []dateRef
	for _, w := range relativeDayRE.FindAllString(f, -1) {
		n := 1
		if strings.HasPrefix(w, "po") {
			n = 2
		}
		d := anchor.In(loc).AddDate(0, 0, n)
		out = append(out, dateRef{Day: d.Day(), Month: int(d.Month()), Year: d.Year()})
	}
	return out
}

// nextWeekRE: the word before a weekday that makes it "next week's"
// ("w przyszłą środę", "w następny wtorek", "next Monday").
var nextWeekRE = regexp.MustCompile(`^(przysz[a-z]*|nastepn[a-z]*|next)$`)

// nextWeekdayDays lists the days "przyszła środa" may mean, said at
// anchor: the coming Wednesday when it falls in the next calendar week;
// when it falls in the current week, people mean either it or the one a
// week later, so both.
func nextWeekdayDays(wd time.Weekday, anchor time.Time) []time.Time {
	d := resolveWeekday(wd, anchor)
	ay, aw := anchor.ISOWeek()
	dy, dw := d.ISOWeek()
	if ay == dy && aw == dw {
		return []time.Time{d, d.AddDate(0, 0, 7)}
	}
	return []time.Time{d}
}
