package understand

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"zapisy/storage"
)

// warsaw is where the meetings and the mail happen. The zone database may
// be missing on a bare system; a fixed CET offset is then close enough for
// telling days apart.
func warsaw() *time.Location {
	if l, err := time.LoadLocation("Europe/Warsaw"); err == nil {
		return l
	}
	return time.FixedZone("CET", 3600)
}

// meetingIndex answers "which meetings does this mention mean": by date,
// by weekday, and by the distinctive words of titles and places.
type meetingIndex struct {
	ms   []storage.Meeting
	loc  *time.Location
	keys []topicKey
}

type topicKey struct {
	word string // folded
	set  []int  // meetings whose title or place holds the word
	// place: the word is only in places, not in titles. It names a place
	// when written with a capital ("w Klubie Kultury"); in lower case it
	// is an ordinary word ("spotkanie dotyczące kultury").
	place bool
}

// topicStopwords are words every consultation meeting shares, or that say
// nothing about which one is meant.
var topicStopwords = map[string]bool{
	"program": true, "programu": true, "programie": true, "programem": true, "wspolpracy": true,
	"wspolpraca": true, "spotkanie": true, "spotkania": true, "spotkaniu": true, "spotkaniem": true,
	"konsultacje": true, "konsultacji": true, "konsultacjach": true, "konsultacyjne": true, "konsultacyjnym": true, "dla": true, "organizacji": true,
	"organizacje": true, "oraz": true, "krakow": true, "krakowa": true, "sala": true, "sali": true,
	"fundacja": true, "fundacji": true, "the": true, "and": true, "for": true, "with": true, "przy": true,
	"nad": true, "pod": true, "ulica": true, "miasta": true, "miejski": true, "osiedle": true,
}

func newMeetingIndex(ms []storage.Meeting) *meetingIndex {
	ix := &meetingIndex{ms: ms, loc: warsaw()}
	sets := map[string]map[int]bool{}
	inTitle := map[string]bool{}
	for _, m := range ms {
		for _, w := range words(fold(m.Title)) {
			inTitle[w] = true
		}
	}
	for i, m := range ms {
		for _, w := range words(fold(m.Title + " " + m.Location)) {
			if len(w) < 3 || isDigits(w) || topicStopwords[w] {
				continue
			}
			if sets[w] == nil {
				sets[w] = map[int]bool{}
			}
			sets[w][i] = true
		}
	}
	for w, s := range sets {
		if len(ms) > 2 && len(s) == len(ms) {
			continue
		}
		ix.keys = append(ix.keys, topicKey{word: w, set: sortedSet(s), place: !inTitle[w]})
	}
	sort.Slice(ix.keys, func(a, b int) bool { return ix.keys[a].word < ix.keys[b].word })
	return ix
}

func sortedSet(s map[int]bool) []int {
	out := make([]int, 0, len(s))
	for i := range s {
		out = append(out, i)
	}
	sort.Ints(out)
	return out
}

// stemMatch tells whether a word of the mail is a form of a title word:
// same beginning, allowing for Polish endings (grantach/granty,
// podsumowującym/podsumowujące) and the ą/ę alternation (Urząd/Urzędzie).
func stemMatch(w, k string) bool {
	if len(k) <= 3 || len(w) <= 3 {
		return w == k
	}
	cp := 0
	for cp < len(w) && cp < len(k) && (w[cp] == k[cp] || w[cp] == 'a' && k[cp] == 'e' || w[cp] == 'e' && k[cp] == 'a') {
		cp++
	}
	// The common beginning must also reach near the end of the title word,
	// leaving at most an ending: "dzień" is no form of "dziedzictwo" nor
	// of "dzielnic".
	return cp >= max(4, min(len(w), len(k))-2) && cp >= len(k)-3
}

// sentenceRefs is what one sentence says about meetings.
type sentenceRefs struct {
	Dates     [][]int   // meetings of each dated mention that matched
	Unmatched []dateRef // plausible dates with no meeting
	Weekdays  [][]int   // meetings a weekday alone may mean
	// weekdaysAll: for each of Weekdays, every meeting ahead on that
	// weekday (Weekdays keeps the coming one).
	weekdaysAll [][]int
	Topics      [][]int // meetings named by a title or place word
	// topicPlace says of each of Topics whether a place word named it.
	topicPlace []bool
	Conflict   string // why the sentence contradicts itself, if it does
	Either     bool   // "17 lub 24 listopada": one or the other
}

func (r sentenceRefs) dated() []int {
	var out []int
	for _, d := range r.Dates {
		out = union(out, d)
	}
	return out
}

var meetingContext = []string{"spotkan", "zapis", "zglasz", "zglos", "udzial", "przyjd", "przyjad", "konsultac",
	"wpis", "rezygn", "skresl", "wykresl", "uczestn", "meeting", "bede", "bedziemy", "sign", "register", "attend"}

// eitherDatesRE: two dates joined by "lub"/"albo" (folded text): one
// meeting or the other, not both.
var eitherDatesRE = regexp.MustCompile(`\d[\p{L}\d./ ]{0,12}\s(?:lub|albo|ewentualnie)\s+(?:(?:w|we|na|dnia)\s+)?\d`)

func hasMeetingContext(f string) bool {
	for _, c := range meetingContext {
		if strings.Contains(f, c) {
			return true
		}
	}
	return false
}

// refs finds the meeting mentions of one sentence. anchor is the message's
// date (for weekdays and years).
func (ix *meetingIndex) refs(s string, anchor time.Time) sentenceRefs {
	return ix.refsSkipping(s, anchor, nil)
}

// refsSkipping is refs where capitalised words in skip (folded) do not
// count as topics: they belong to the sender's organisation's name
// ("Fundacja Otwarte Drzwi" is not the "spotkanie otwarte").
func (ix *meetingIndex) refsSkipping(s string, anchor time.Time, skip map[string]bool) sentenceRefs {
	return ix.refsWith(s, anchor, skip, true)
}

// refsWith is refsSkipping where relative says whether "jutro" and
// "pojutrze" may name a meeting: only in letters that give no date
// anywhere ("jutro prześlę listę" beside "26 listopada" is not a date).
func (ix *meetingIndex) refsWith(s string, anchor time.Time, skip map[string]bool, relative bool) sentenceRefs {
	return ix.refsIn(s, anchor, skip, relative, false)
}

// refsIn is refsWith where inContext says the sentence is about meetings
// even without saying so: an item of a list that a sentence about
// meetings introduced ("na obu spotkaniach:\n- rano (wykluczenie) – 1
// osoba").
func (ix *meetingIndex) refsIn(s string, anchor time.Time, skip map[string]bool, relative, inContext bool) sentenceRefs {
	var r sentenceRefs
	f := fold(s)
	dates := findDates(s)
	if relative && !hasDay(dates) && hasMeetingContext(f) {
		dates = append(dates, relativeDays(f, anchor, ix.loc)...)
	}
	if len(dates) > 1 && eitherDatesRE.MatchString(f) {
		r.Either = true // "19.11 lub 4.12", "19 listopada albo 4 grudnia"
	}
	for _, d := range dates {
		if d.Alternative {
			r.Either = true
		}
		if d.Day == 0 && d.HasWeekday {
			if d.Next && !anchor.IsZero() {
				r.Weekdays = append(r.Weekdays, ix.onDays(nextWeekdayDays(d.Weekday, anchor.In(ix.loc))))
				continue
			}
			r.Weekdays = append(r.Weekdays, ix.byWeekday(d.Weekday, anchor))
			r.weekdaysAll = append(r.weekdaysAll, ix.aheadOn(d.Weekday, anchor))
			continue
		}
		set, conflict := ix.byDate(d, anchor)
		if conflict != "" {
			r.Conflict = conflict
		}
		if len(set) > 0 {
			r.Dates = append(r.Dates, set)
		} else if ix.plausible(d, anchor) && !ix.reference(d, f, anchor) {
			r.Unmatched = append(r.Unmatched, d)
		}
	}
	if !inContext && !hasMeetingContext(f) && len(r.Dates) == 0 {
		return r
	}
	skip = withPersonNames(s, ix.withOrgSpans(s, skip))
	seen := map[string]bool{}
	topical := s
	if loc := comparisonRE.FindStringIndex(topical); loc != nil {
		// "osobne spotkanie dla organizacji z Podgórza, tak jak dla Nowej
		// Huty": what follows is a comparison, not the meeting meant.
		topical = topical[:loc[0]]
	}
	tw := words(topical)
	sending := sendingRE.MatchString(f)
	for wi, orig := range tw {
		w := fold(orig)
		if skip[w] && isCapitalised(orig) {
			continue
		}
		// "proszę przesłać dalej do BIS", "wyślij do Fundacji BIS": where
		// the mail goes, not where the meeting is.
		toward := sending && (wi > 0 && fold(tw[wi-1]) == "do" || wi > 1 && fold(tw[wi-2]) == "do")
		var match []topicKey
		exact := false
		for _, k := range ix.keys {
			if k.place && toward {
				continue
			}
			if k.place && (!isCapitalised(orig) || orig == strings.ToUpper(orig) && utf8.RuneCountInString(orig) > 4) {
				// Lower case, or capitals throughout ("SPOTKANIE
				// KULTURA", but not an abbreviation such as "BIS"): no
				// sign of a place's name.
				continue
			}
			if stemMatch(w, k.word) {
				match = append(match, k)
				exact = exact || k.word == w
			}
		}
		for _, k := range match {
			// A word that is itself a key means that key only: "Kultury"
			// (Dom Kultury) is not also the title's "Kultura".
			if seen[k.word] || exact && k.word != w {
				continue
			}
			seen[k.word] = true
			r.Topics = append(r.Topics, k.set)
			r.topicPlace = append(r.topicPlace, k.place)
		}
	}
	for i, set := range r.Dates {
		if len(set) > 1 {
			var problem string
			r.Dates[i], problem = ix.sameDay(set, r, f)
			if problem != "" && r.Conflict == "" {
				r.Conflict = problem
			}
		}
	}
	if dated := r.dated(); len(dated) > 0 {
		// A topic or place of another meeting contradicts the date, unless
		// the sentence's words name the dated meeting more ("do Fundacji
		// BIS … na 4 XII (edukacja)": BIS is where the mail goes, not
		// where the meeting is). A title's word weighs twice a place's; a
		// word several other meetings share weighs least, but still counts
		// ("w Fundacji BIS, 19 listopada": both meetings at BIS are on
		// Mondays).
		agree, against := 0, 0
		for i, t := range r.Topics {
			w := 4
			if r.topicPlace[i] {
				w = 2
			}
			switch {
			case len(intersect(t, dated)) > 0:
				if len(t) == 1 {
					agree += w
				}
			case len(t) == 1:
				against += w
			default:
				against++
			}
		}
		if against > 0 && against >= agree {
			r.Conflict = "the date and the topic or place point to different meetings"
		}
	}
	return r
}

func (ix *meetingIndex) local(i int) time.Time { return ix.ms[i].StartsAt.In(ix.loc) }

// byDate lists the meetings on the mentioned day; a weekday written with
// the date must agree with it.
func (ix *meetingIndex) byDate(d dateRef, anchor time.Time) ([]int, string) {
	var out []int
	for i := range ix.ms {
		t := ix.local(i)
		if t.Day() != d.Day || d.Month != 0 && int(t.Month()) != d.Month || d.Year != 0 && t.Year() != d.Year {
			continue
		}
		if d.Month == 0 && !anchor.IsZero() && t.Before(anchor) {
			continue // "19-go" means the coming 19th
		}
		if d.HasWeekday && t.Weekday() != d.Weekday {
			if d.Month == 0 {
				continue
			}
			return nil, "the weekday and the date do not agree"
		}
		out = append(out, i)
	}
	return out, ""
}

// onDays lists the meetings held on any of the given days.
func (ix *meetingIndex) onDays(days []time.Time) []int {
	var out []int
	for i := range ix.ms {
		t := ix.local(i)
		for _, d := range days {
			if t.Year() == d.Year() && t.YearDay() == d.YearDay() {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

func hasDay(refs []dateRef) bool {
	for _, d := range refs {
		if d.Day != 0 {
			return true
		}
	}
	return false
}

// aheadOn lists the meetings on weekday wd still ahead of anchor.
func (ix *meetingIndex) aheadOn(wd time.Weekday, anchor time.Time) []int {
	var ahead []int
	for i := range ix.ms {
		t := ix.local(i)
		if t.Weekday() == wd && (anchor.IsZero() || t.After(anchor)) {
			ahead = append(ahead, i)
		}
	}
	return ahead
}

// byWeekday: a weekday alone means the only meeting on that weekday still
// ahead, or else the one on the coming such day.
func (ix *meetingIndex) byWeekday(wd time.Weekday, anchor time.Time) []int {
	ahead := ix.aheadOn(wd, anchor)
	if len(ahead) <= 1 || anchor.IsZero() {
		return ahead
	}
	next := resolveWeekday(wd, anchor.In(ix.loc))
	for _, i := range ahead {
		t := ix.local(i)
		if t.Year() == next.Year() && t.YearDay() == next.YearDay() {
			return []int{i}
		}
	}
	return ahead
}

// plausible reports whether a date that matches no meeting could have been
// meant as a meeting date (so it is worth a review), rather than being an
// address, a deadline months away or noise.
func (ix *meetingIndex) plausible(d dateRef, anchor time.Time) bool {
	if d.Month == 0 || len(ix.ms) == 0 {
		return false
	}
	first, last := ix.local(0), ix.local(0)
	for i := range ix.ms {
		t := ix.local(i)
		if t.Before(first) {
			first = t
		}
		if t.After(last) {
			last = t
		}
	}
	y := d.Year
	if y == 0 {
		y = first.Year()
	}
	t := time.Date(y, time.Month(d.Month), d.Day, 12, 0, 0, 0, ix.loc)
	if d.Year == 0 && t.Before(first.AddDate(0, 0, -14)) {
		t = t.AddDate(1, 0, 0)
	}
	return !t.Before(first.AddDate(0, 0, -14)) && !t.After(last.AddDate(0, 0, 14))
}

func union(a, b []int) []int {
	m := map[int]bool{}
	for _, x := range a {
		m[x] = true
	}
	for _, x := range b {
		m[x] = true
	}
	return sortedSet(m)
}

func intersect(a, b []int) []int {
	m := map[int]bool{}
	for _, x := range a {
		m[x] = true
	}
	var out []int
	for _, x := range b {
		if m[x] {
			out = append(out, x)
			delete(m, x)
		}
	}
	sort.Ints(out)
	return out
}

// withOrgSpans adds to skip the words of organisation names written in the
// sentence ("Uczniowski Klub Sportowy Orlik zgłasza…"): a "Klub" in a
// name is not the "Klub Kultury" where a meeting is held. Names of the
// meeting places themselves ("w Klubie Kultury Mistrzejowice", "w Fundacji
// BIS") stay topics.
func (ix *meetingIndex) withOrgSpans(s string, skip map[string]bool) map[string]bool {
	spans := orgNameSpans(s)
	if len(spans) == 0 {
		return skip
	}
	out := map[string]bool{}
	for w := range skip {
		out[w] = true
	}
	for _, span := range spans {
		if ix.isHost(nominativeOrg(span)) || ix.isPlace(span) {
			continue
		}
		for _, t := range span {
			for _, w := range words(fold(t)) {
				out[w] = true
			}
		}
	}
	return out
}

// isHost tells organisations that are the foundation's own or hold the
// meetings: named in the meeting places ("Fundacja BIS").
func (ix *meetingIndex) isHost(o string) bool {
	fo := strings.TrimSpace(fold(o))
	if fo == "" {
		return false
	}
	for _, m := range ix.ms {
		if strings.Contains(fold(m.Location), fo) {
			return true
		}
	}
	return false
}

// isPlace tells a name that is, in any case, a meeting place ("w Centrum
// Sąsiedzkim" for "Centrum Sąsiedzkie"): each of its words is a form of a
// word of one meeting's location.
func (ix *meetingIndex) isPlace(span []string) bool {
	var ws []string
	for _, t := range span {
		if !isCapitalised(t) {
			continue // "na os. Tysiąclecia", "przy ul. Józefińskiej"
		}
		ws = append(ws, words(fold(t))...)
	}
	if len(ws) == 0 {
		return false
	}
	for _, m := range ix.ms {
		loc := words(fold(m.Location))
		all := true
		for _, w := range ws {
			found := false
			for _, l := range loc {
				if stemMatch(w, l) {
					found = true
					break
				}
			}
			if !found {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

var (
	// sendingRE: the sentence passes mail on ("przesłać dalej do BIS").
	sendingRE = regexp.MustCompile(`(?:^|[^\p{L}])(?:prze[sś]\p{L}*|przekaz\p{L}*|wys[lł]\p{L}*|wy[sś]l\p{L}*|dalej)(?:[^\p{L}]|$)`)
	// comparisonRE starts the part of a sentence that compares rather than
	// names ("tak jak dla Nowej Huty", "podobnie jak w zeszłym roku").
	comparisonRE = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:tak\s+jak|podobnie\s+jak|jak\s+w\s+przypadku|na\s+wzór)(?:[^\p{L}]|$)`)
	// clockRE: an hour in folded text: "o 17", "o godz. 10:00", "17.00",
	// "od 10", "na 17:00".
	clockRE = regexp.MustCompile(`(?:^|[^\p{L}\d])(?:(?:o|od|na|at)\s+(?:godz(?:inie)?\.?\s*)?|godz(?:inie)?\.?\s*)(\d{1,2})(?:[:.](\d{2}))?(?:[^\d]|$)|(?:^|[^\d.:])(\d{1,2})[:.]([0-5][05])(?:\s*(?:-|–|do)\s*\d{1,2}[:.]\d{2})?(?:[^\d.]|$)`)
	// morningRE and afternoonRE: a part of the day, in folded text.
	morningRE   = regexp.MustCompile(`(?:^|[^\p{L}])(?:rano|porann\p{L}*|przedpoludni\p{L}*|przed\s+poludniem|do\s+poludnia|morning)`)
	afternoonRE = regexp.MustCompile(`(?:^|[^\p{L}])(?:popoludni\p{L}*|po\s+poludniu|wieczor\p{L}*|wieczorn\p{L}*|afternoon|evening)`)
	// bothRE: every meeting of the day is meant.
	bothRE = regexp.MustCompile(`(?:^|[^\p{L}])(?:oba|obydwa|obu|obydwu|both|wszystkie|all)(?:[^\p{L}]|$)`)
)

// sameDay narrows the meetings held on one mentioned day to the one the
// sentence means: by its topic or place, the hour ("3 grudnia o 17"), or the
// part of the day ("popołudniowe"). With nothing to tell them apart, or an
// hour at which none starts, it says why staff must decide — unless the
// writer wants them all ("na oba spotkania 3 grudnia").
func (ix *meetingIndex) sameDay(set []int, r sentenceRefs, f string) ([]int, string) {
	var topical []int
	for _, t := range r.Topics {
		if len(t) == 1 && len(intersect(t, set)) == 1 {
			topical = union(topical, t)
		}
	}
	if len(topical) == 1 {
		return topical, ""
	}
	var byClock []int
	clocks := 0
	for _, m := range clockRE.FindAllStringSubmatch(f, -1) {
		h, mm := m[1], m[2]
		if h == "" {
			h, mm = m[3], m[4]
		}
		hour, _ := strconv.Atoi(h)
		if hour > 23 {
			continue
		}
		clocks++
		minute, _ := strconv.Atoi(mm) // "o 17" is 17:00
		for _, i := range set {
			if t := ix.local(i); t.Hour() == hour && t.Minute() == minute {
				byClock = union(byClock, []int{i})
			}
		}
	}
	if len(byClock) == 1 {
		return byClock, ""
	}
	if clocks > 0 && len(byClock) == 0 {
		return set, "no meeting at the hour named that day"
	}
	var part []int
	morning, afternoon := morningRE.MatchString(f), afternoonRE.MatchString(f)
	if morning != afternoon {
		for _, i := range set {
			if (ix.local(i).Hour() < 12) == morning {
				part = append(part, i)
			}
		}
		if len(part) == 1 {
			return part, ""
		}
	}
	if bothRE.MatchString(f) || len(topical) > 1 || len(byClock) > 1 {
		return set, ""
	}
	return set, "meeting ambiguous: more than one meeting that day"
}
