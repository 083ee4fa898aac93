package understand

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// dateRef is one mention of a day in a sentence. Month is 0 when only the
// day was given ("w środę 19-go"); Day is 0 for a weekday alone ("w
// poniedziałek", "w przyszły wtorek").
type dateRef struct {
	Day, Month, Year int
	Weekday          time.Weekday
	HasWeekday       bool
	// Alternative: joined to the next mention by "lub"/"albo" (one or the
	// other, not both).
	Alternative bool
	// Next: a weekday said as next week's ("w przyszły wtorek").
	Next bool
}

// monthForms are the folded genitive and nominative month names.
var monthForms = map[string]int{
	"stycznia": 1, "styczen": 1, "lutego": 2, "luty": 2, "marca": 3, "marzec": 3, "kwietnia": 4, "kwiecien": 4,
	"maja": 5, "maj": 5, "czerwca": 6, "czerwiec": 6, "lipca": 7, "lipiec": 7, "sierpnia": 8, "sierpien": 8,
	"wrzesnia": 9, "wrzesien": 9, "pazdziernika": 10, "pazdziernik": 10, "listopada": 11, "listopad": 11,
	"grudnia": 12, "grudzien": 12,
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
	"september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
	"sty": 1, "lis": 11, "gru": 12, "paz": 10, "wrz": 9, "kwi": 4, "cze": 6, "lip": 7,
}

var romanMonths = map[string]int{"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10, "xi": 11, "xii": 12}

// monthWord reads a folded word as a month name, forgiving one typo in
// longer names ("listopda", "grudnai").
func monthWord(w string) int {
	if m, ok := monthForms[w]; ok {
		return m
	}
	if len(w) < 5 {
		return 0
	}
	for f, m := range monthForms {
		if len(f) >= 5 && editDistance(w, f) <= 1+len(f)/10 {
			return m
		}
	}
	return 0
}

var weekdayForms = []struct {
	re *regexp.Regexp
	wd time.Weekday
}{
	{regexp.MustCompile(`^(poniedzial(ek|ku|kiem)|monday)$`), time.Monday},
	{regexp.MustCompile(`^(wtor(ek|ku|kiem)|tuesday)$`), time.Tuesday},
	{regexp.MustCompile(`^(sro(da|de|dy|dzie|da)|wednesday)$`), time.Wednesday},
	{regexp.MustCompile(`^(czwart(ek|ku|kiem)|thursday)$`), time.Thursday},
	{regexp.MustCompile(`^(piat(ek|ku|kiem)|friday)$`), time.Friday},
	{regexp.MustCompile(`^(sobot(a|e|y|a|ie)|saturday)$`), time.Saturday},
	{regexp.MustCompile(`^(niedziel(a|e|i)|sunday)$`), time.Sunday},
}

func weekdayWord(w string) (time.Weekday, bool) {
	for _, f := range weekdayForms {
		if f.re.MatchString(w) {
			return f.wd, true
		}
	}
	return 0, false
}

var (
	// A day with a month word or a Roman month: "19 listopada", "19-go
	// listopada", "19. XI", "19 XI 2014", "19th November".
	dayMonthRE = regexp.MustCompile(`(?:^|[^\d])(\d{1,2})(?:\s*-?\s*(?:go|ego|tego)|st|nd|rd|th)?\.?\s*(?:\([a-z]+\)\s*)?([a-z]{1,14}\b\.?)(?:\s*(\d{4}))?`)
	// An English month before the day: "Nov 26", "November 19th".
	monthDayRE = regexp.MustCompile(`(?:^|[^a-z])(january|february|march|april|june|july|august|september|october|november|december|jan|feb|apr|jun|jul|aug|sept|oct|nov|dec)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\.?(?:[^\d./:-]|$)`)
	// Numeric dates: 19.11, 19.11.2014, 19/11, 19-11-2014, 2014-11-19.
	numDateRE  = regexp.MustCompile(`(?:^|[^\d./:-])(\d{1,2})([./])(\d{1,2})(?:[./](\d{4}|\d{2}))?\.?(?:[^\d/:]|$)`)
	dashDateRE = regexp.MustCompile(`(?:^|[^\d./:-])(\d{1,2})-(\d{1,2})-(\d{4})(?:[^\d]|$)`)
	isoDateRE  = regexp.MustCompile(`(?:^|[^\d])(\d{4})-(\d{1,2})-(\d{1,2})(?:[^\d]|$)`)
	// A day alone, made clear by the ordinal ending: "19-go", "19-tego".
	dayOnlyRE    = regexp.MustCompile(`(?:^|[^\d])(\d{1,2})\s*-?\s*(?:go|ego|tego)\b`)
	timeBeforeRE = regexp.MustCompile(`(godz|godzinie|o|od|do|ok|okolo)\.?\s*$`)
	listBeforeRE = regexp.MustCompile(`((?:\d{1,2}\s*(?:,|i|oraz|lub|albo|czy)\s*)+)$`)
)

// findDates lists the day mentions in a sentence (folded text).
func findDates(s string) []dateRef {
	f := ordinalsToDigits(fold(s))
	var refs []dateRef
	taken := make([]bool, len(f)+1)
	mark := func(a, b int) {
		for i := a; i < b && i < len(taken); i++ {
			taken[i] = true
		}
	}
	free := func(a, b int) bool {
		for i := a; i < b && i < len(taken); i++ {
			if taken[i] {
				return false
			}
		}
		return true
	}
	for _, m := range isoDateRE.FindAllStringSubmatchIndex(f, -1) {
		y, mo, d := atoi(f[m[2]:m[3]]), atoi(f[m[4]:m[5]]), atoi(f[m[6]:m[7]])
		if validDay(d, mo) {
			refs = append(refs, dateRef{Day: d, Month: mo, Year: y})
			mark(m[2], m[7])
		}
	}
	for _, m := range dayMonthRE.FindAllStringSubmatchIndex(f, -1) {
		if !free(m[2], m[5]) {
			continue
		}
		w := strings.TrimSuffix(f[m[4]:m[5]], ".")
		mo := monthWord(w)
		if mo == 0 {
			mo = romanMonths[w]
			if mo == 0 || w == "i" && m[6] < 0 { // in "19 i 24" it is "and"
				continue
			}
		}
		d := atoi(f[m[2]:m[3]])
		if !validDay(d, mo) {
			continue
		}
		end := m[5]
		y := 0
		if m[6] >= 0 {
			y, end = atoi(f[m[6]:m[7]]), m[7]
		}
		// Earlier days sharing the month: "17, 19 i 24 listopada".
		if lm := listBeforeRE.FindStringSubmatch(f[max(0, m[2]-60):m[2]]); lm != nil {
			alt := strings.Contains(lm[1], "lub") || strings.Contains(lm[1], "albo") || strings.Contains(lm[1], "czy")
			for _, ds := range regexp.MustCompile(`\d{1,2}`).FindAllString(lm[1], -1) {
				if dd := atoi(ds); validDay(dd, mo) {
					refs = append(refs, dateRef{Day: dd, Month: mo, Year: y, Alternative: alt})
				}
			}
			mark(m[2]-len(lm[1]), m[2])
		}
		refs = append(refs, dateRef{Day: d, Month: mo, Year: y})
		mark(m[2], end)
	}
	for _, m := range englishMonthDays(f) {
		if !free(m[2], m[5]) {
			continue
		}
		if d, mo := atoi(f[m[4]:m[5]]), monthForms[f[m[2]:m[3]]]; validDay(d, mo) {
			refs = append(refs, dateRef{Day: d, Month: mo})
			mark(m[2], m[5])
		}
	}
	for _, m := range dashDateRE.FindAllStringSubmatchIndex(f, -1) {
		if !free(m[2], m[7]) {
			continue
		}
		d, mo, y := atoi(f[m[2]:m[3]]), atoi(f[m[4]:m[5]]), atoi(f[m[6]:m[7]])
		if validDay(d, mo) {
			refs = append(refs, dateRef{Day: d, Month: mo, Year: y})
			mark(m[2], m[7])
		}
	}
	for _, m := range numDateRE.FindAllStringSubmatchIndex(f, -1) {
		if !free(m[2], m[7]) {
			continue
		}
		d, mo := atoi(f[m[2]:m[3]]), atoi(f[m[6]:m[7]])
		y := 0
		if m[8] >= 0 {
			y = atoi(f[m[8]:m[9]])
			if y < 100 {
				y += 2000
			}
		} else if f[m[4]:m[5]] == "." && d <= 23 && timeBeforeRE.MatchString(f[max(0, m[2]-20):m[2]]) {
			continue // "o godz. 10.30" is a time
		}
		if !validDay(d, mo) {
			continue
		}
		refs = append(refs, dateRef{Day: d, Month: mo, Year: y})
		mark(m[2], m[7])
	}
	for _, m := range dayOnlyRE.FindAllStringSubmatchIndex(f, -1) {
		if !free(m[2], m[3]) {
			continue
		}
		if d := atoi(f[m[2]:m[3]]); d >= 1 && d <= 31 {
			refs = append(refs, dateRef{Day: d})
			mark(m[2], m[1])
		}
	}
	return attachWeekdays(f, refs)
}

// attachWeekdays gives a lone date the weekday written next to it
// ("poniedziałek 17 listopada", "19 listopada (środa)"); a weekday with no
// date nearby becomes its own mention.
func attachWeekdays(f string, refs []dateRef) []dateRef {
	var lone []dateRef
	prev := ""
	for _, w := range wordRE.FindAllString(f, -1) {
		if wd, ok := weekdayWord(w); ok {
			lone = append(lone, dateRef{Weekday: wd, HasWeekday: true, Next: nextWeekRE.MatchString(prev)})
		}
		prev = w
	}
	if len(lone) == 0 {
		return refs
	}
	if len(refs) == 0 {
		return lone
	}
	// Weekdays written with dates describe them: pair them up in order when
	// the counts agree, otherwise only a single date and a single weekday.
	if len(lone) == len(refs) {
		for i := range refs {
			refs[i].Weekday, refs[i].HasWeekday = lone[i].Weekday, true
			refs[i].Next = false
		}
	}
	return refs
}

func validDay(d, m int) bool { return d >= 1 && d <= 31 && m >= 1 && m <= 12 }

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return n
}

// editDistance is the Levenshtein distance, for short words only.
func editDistance(a, b string) int {
	if len(a) > 32 || len(b) > 32 {
		return 99
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// resolveWeekday turns a weekday alone into a date: the next such day after
// the anchor (the message's Date), within a week.
func resolveWeekday(wd time.Weekday, anchor time.Time) time.Time {
	d := anchor
	for i := 1; i <= 7; i++ {
		d = anchor.AddDate(0, 0, i)
		if d.Weekday() == wd {
			break
		}
	}
	return d
}

// englishMonthDays runs monthDayRE only on text that holds an English
// month's abbreviation: most mail has none, and findDates runs often.
func englishMonthDays(f string) [][]int {
	for _, m := range []string{"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "oct", "nov", "dec"} {
		if strings.Contains(f, m) {
			return monthDayRE.FindAllStringSubmatchIndex(f, -1)
		}
	}
	return nil
}
