package understand

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// numberWords are Polish (and English) number words as people write head
// counts: "dwie osoby", "we dwójkę", "trzech przedstawicieli".
var numberWords = map[string]int{
	"jeden": 1, "jedna": 1, "jedno": 1, "jedną": 1, "jednego": 1, "jednej": 1, "jednej osoby": 1,
	"dwa": 2, "dwie": 2, "dwóch": 2, "dwoje": 2, "dwójka": 2, "dwójkę": 2, "dwojga": 2, "dwu": 2, "dwiema": 2,
	"trzy": 3, "trzech": 3, "troje": 3, "trójka": 3, "trójkę": 3, "trojga": 3,
	"cztery": 4, "czterech": 4, "czworo": 4, "czwórka": 4, "czwórkę": 4,
	"pięć": 5, "pięciu": 5, "pięcioro": 5, "piątka": 5, "piątkę": 5,
	"sześć": 6, "sześciu": 6, "sześcioro": 6, "siedem": 7, "siedmiu": 7, "osiem": 8, "ośmiu": 8,
	"dziewięć": 9, "dziewięciu": 9, "dziesięć": 10, "dziesięciu": 10,
	"dwoma": 2, "dwojgiem": 2, "trzema": 3, "trojgiem": 3, "czterema": 4,
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
}

const numWord = `(\d{1,2}|jeden|jedna|jedno|jedną|jednego|dwa|dwie|dwóch|dwoje|dwójka|dwójkę|dwu|trzy|trzech|troje|trójka|trójkę|cztery|czterech|czworo|czwórka|czwórkę|pięć|pięciu|pięcioro|piątka|piątkę|sześć|sześciu|sześcioro|siedem|siedmiu|osiem|ośmiu|dziewięć|dziewięciu|dziesięć|dziesięciu|one|two|three|four|five|six)`

var (
	// "2 osoby", "trzy osoby", "3 os.", "dwóch przedstawicieli", "2 people",
	// "2 x osoba", "dwoje naszych członków".
	countNounRE = regexp.MustCompile(tolerant(`(?i)(?:^|[^\p{L}\d])` + numWord + `\s*(?:[x×]\s*|(?:naszych|moich|our)\s+)?(osob\p{L}*|osób|os\.|uczestni\p{L}*|przedstawiciel\p{L}*|reprezentant\p{L}*|delegat\p{L}*|członk\p{L}*|druh\p{L}*|druhen|wolontariusz\p{L}*|pracownik\p{L}*|pracownic\p{L}*|people|persons|participants|attendees|of\s+us)`))
	// "we dwie", "we dwóch", "w trójkę", "we troje".
	countWeRE = regexp.MustCompile(tolerant(`(?i)(?:^|[^\p{L}])we?\s+(dwie|dwóch|dwoje|dwójkę|dwójce|trzy|trzech|troje|trójkę|trójce|cztery|czterech|czworo|czwórkę|pięć|pięciu|pięcioro|piątkę)(?:[^\p{L}]|$)`))
	// "liczba osób: 2", "liczba uczestników – 3", "ilość osób: 2".
	countFieldRE = regexp.MustCompile(tolerant(`(?i)(?:liczba|ilość)\s+(?:osób|uczestnik\p{L}*|miejsc|zgłaszanych\s+osób)\s*[:\-–=]?\s*` + numWord + `(?:[^\p{L}\d]|$)`))
	// "przyjdę z koleżanką", "wraz z panią X", "siebie i pana X".
	companionRE = regexp.MustCompile(tolerant(`(?i)((przyjd\p{L}*|będę|zgłaszam\s+się|zapisuję\s+się|siebie)\s+(wraz\s+|razem\s+)?(z|ze|i|oraz)\s+(koleżank\p{L}*|koleg\p{L}*|żon\p{L}*|mężem|męża|panią|panem|pana|pani|córk\p{L}*|synem|syna|współpracownik\p{L}*|wolontariusz\p{L}*|osobą towarzyszącą|drugą osobą|asystent\p{L}*|tłumacz\p{L}*|opiekun\p{L}*|(?-i:\p{Lu}\p{Ll}+(?:em|ą))\s+(?-i:\p{Lu})|p\.\s*(?-i:\p{Lu})|prezes\p{L}*|wiceprezes\p{L}*|skarbnik\p{L}*|sekretarz\p{L}*|trener\p{L}*)|(?:with|and)\s+(?:a\s+|my\s+|one\s+|our\s+)?(?:colleague|co-?worker|friend|volunteer|partner))`))
	// "siebie + 1 osobę", "mnie i dwie osoby", "ja plus 2 os.", "myself and
	// two colleagues": the writer
	// and that many more.
	selfPlusRE = regexp.MustCompile(tolerant(`(?i)(?:^|[^\p{L}])(?:siebie|mnie|ja|myself|me)\s*(?:\+|plus|i|oraz|wraz\s+z|and)\s*(?:jeszcze\s+|dodatkowo\s+)?` + numWord + `\s*(?:dodatkow\p{L}*\s+|other\s+)?(?:osob\p{L}*|osób|os\.|colleagues?|people|persons|members?|volunteers?|others|wolontariusz\p{L}*|członk\p{L}*|członki\p{L}*|przedstawiciel\p{L}*|koleżank\p{L}*|koleg\p{L}*|współpracow\p{L}*)`))
	// "2 osoby + ja", "dwie osoby i ja": that many and the writer.
	plusMeRE = regexp.MustCompile(tolerant(`(?i)(?:^|[^\p{L}\d])` + numWord + `\s*(?:osob\p{L}*|osób|os\.)\s*(?:\+|plus|i|oraz|and)\s*(?:ja|mnie|siebie|me|myself)(?:[^\p{L}]|$)`))
	// "razem 3 osoby", "łącznie: 4", "w sumie dwie osoby": a total said
	// after its parts.
	totalRE = regexp.MustCompile(tolerant(`(?i)(?:^|[^\p{L}])(?:razem|łącznie|w\s+sumie|ogółem)\s*[:=]?\s*` + numWord + `(?:[^\p{L}\d]|$)`))
	// "przyjdą ze mną dwie osoby", "będą ze mną 2 os.": that many besides
	// the writer.
	withMeRE = regexp.MustCompile(tolerant(`(?i)(?:^|[^\p{L}])(?:(?:przyjd\p{L}*|przyjad\p{L}*|będ\p{L}*|pojad\p{L}*)\s+(?:ze|z)\s+mną|(?:razem\s+|wraz\s+)?ze\s+mną\s+(?:przyjd\p{L}*|przyjad\p{L}*|będ\p{L}*|pojad\p{L}*))\s+(?:jeszcze\s+)?` + numWord + `\s*(?:osob\p{L}*|osób|os\.)`))
	// "z dwiema koleżankami", "together with two colleagues": that many
	// besides the writer.
	withNRE = regexp.MustCompile(tolerant(`(?i)(?:^|[^\p{L}])(?:z|ze|with)\s+(\d{1,2}|dwiema|dwoma|dwojgiem|trzema|trojgiem|czterema|two|three|four)\s+(?:innymi\s+|other\s+|more\s+)?(?:osob\p{L}*|koleżank\p{L}*|koleg\p{L}*|członk\p{L}*|wolontariusz\p{L}*|współpracow\p{L}*|colleagues|people|members|volunteers|friends|others)`))
	// "razem z panią Krawczyk i panem Kowalem": the writer and each one
	// named by title.
	withTitledRE = regexp.MustCompile(tolerant(`(?i)(?:razem|wraz|together)\s+(?:z|ze|with)\s+((?:(?:panią|panem|p\.|mr\.?|mrs\.?|ms\.?)\s*\p{L}+(?:\s+\p{Lu}\p{Ll}+)?\s*(?:,|\bi\b|\boraz\b|\band\b)?\s*)+)`))
	titleWordRE  = regexp.MustCompile(tolerant(`(?i)(?:^|[^\p{L}])(?:panią|panem|p\.|mr\.?|mrs\.?|ms\.?)(?:\s|\p{Lu})`))
	// "będziemy w 4", "przyjdziemy w trzy osoby", "będzie nas troje".
	countGroupRE = regexp.MustCompile(tolerant(`(?i)(?:^|[^\p{L}])(?:(?:będziemy|przyjdziemy|przyjedziemy|stawimy\s+się)\s+w|będzie\s+nas|nas\s+będzie|there\s+will\s+be)\s+` + numWord + `(?:\s*([./:-]?\s*\d|\p{L}+))?`))
	// "ja i koleżanka", "ja oraz pan Adam", "ja oraz p. Kowalska".
	meAndRE = regexp.MustCompile(tolerant(`(?i)(?:^|[^\p{L}])ja\s*(?:i|oraz|\+|plus)\s*(?:moja\s+|mój\s+|nasza\s+|nasz\s+)?(koleżank\p{L}*|koleg\p{L}*|pani\b|pan\b|współpracownic\p{L}*|współpracownik\p{L}*|wolontariusz\p{L}*|prezes\p{L}*|wiceprezes\p{L}*|skarbnik\p{L}*|sekretarz\p{L}*|p\.\s*\p{Lu}|\p{Lu}\p{Ll}+)`))
	// "– x2", "(x 3)": a count written as a multiplier.
	timesRE = regexp.MustCompile(tolerant(`(?i)(?:^|[\s(–—-])[x×]\s?([1-9])(?:[^\p{L}\d.,]|$)`))
	// "będę sama", "przyjdę sam", "tylko ja".
	aloneRE = regexp.MustCompile(tolerant(`(?i)((będę|przyjdę|przyjadę|zgłaszam się)\s+(sama|sam)\b|tylko\s+ja\b|samodzielnie)`))
)

// notPeopleRE: what a number counts when it is not people.
var notPeopleRE = regexp.MustCompile(`(?i)^\s*(?:spotka\p{L}*|termin\p{L}*|dni|dniach|miejsc\p{L}*|sal\p{L}*|meeting\p{L}*)`)

// headcount reads how many people a sentence says will come; 0 when it
// says nothing.
func headcount(s string) int {
	if sm := totalRE.FindStringSubmatch(s); sm != nil {
		if n := numberValue(sm[1]); n > 0 {
			return n
		}
	}
	if sm := withMeRE.FindStringSubmatch(s); sm != nil {
		if n := numberValue(sm[1]); n > 0 {
			return n + 1
		}
	}
	if sm := plusMeRE.FindStringSubmatch(s); sm != nil {
		if n := numberValue(sm[1]); n > 0 {
			return n + 1
		}
	}
	if sm := selfPlusRE.FindStringSubmatch(s); sm != nil {
		if n := numberValue(sm[1]); n > 0 {
			return n + 1
		}
	}
	if sm := withNRE.FindStringSubmatch(s); sm != nil {
		if n := numberValue(sm[1]); n > 0 {
			return n + 1
		}
	}
	if strings.Contains(s, "raz") || strings.Contains(s, "ogether") {
		if sm := withTitledRE.FindStringSubmatch(s); sm != nil {
			if n := len(titleWordRE.FindAllString(sm[1], -1)); n > 0 {
				return n + 1
			}
		}
	}
	if sm := countFieldRE.FindStringSubmatch(s); sm != nil {
		if n := numberValue(sm[1]); n > 0 {
			return n
		}
	}
	if n := countNoun(s); n > 0 {
		return n
	}
	if loc := countWeRE.FindStringSubmatchIndex(s); loc != nil && !notPeopleRE.MatchString(s[loc[1]:]) {
		// "w dwóch spotkaniach" counts meetings, not people.
		if n := numberValue(s[loc[2]:loc[3]]); n > 0 {
			return n
		}
	}
	if n := groupCount(s); n > 0 {
		return n
	}
	if strings.ContainsAny(s, "xX×") {
		if sm := timesRE.FindStringSubmatch(s); sm != nil {
			n, _ := strconv.Atoi(sm[1])
			return n
		}
	}
	if companionRE.MatchString(s) || meAndRE.MatchString(s) {
		return 2
	}
	if aloneRE.MatchString(s) {
		return 1
	}
	return 0
}

var (
	// approxRE ends a text that makes the number after it an estimate
	// ("ponad 40 wolontariuszy"): a description, not who comes.
	approxRE = regexp.MustCompile(tolerant(`(?i)(?:ponad|około|ok\.|blisko|prawie|niemal|przeszło|kilka|kilkanaście|over|about|around|almost|nearly)\s*$`))
	// peopleNounRE: nouns that count who comes by themselves ("2 osoby");
	// others ("40 wolontariuszy", "3 członków") do so only in a sentence
	// about coming.
	peopleNounRE = regexp.MustCompile(tolerant(`(?i)^(?:osob|osób|os\.|uczestni|people|persons|participants|attendees|of\s+us)`))
	comingRE     = regexp.MustCompile(tolerant(`(?i)deleg|wysył|wyśl|kieruj|skieruj|przyjd|przyjad|przyjść|przybęd|zapis|zgłasz|będzie|będą|będziemy|weźm|udział|uczestnic|pojaw|reprezent|come|attend|join|register`))
)

// countNoun reads "2 osoby", "dwóch przedstawicieli": the first such count
// in s that is not an estimate, and for nouns other than persons only in a
// sentence about coming.
func countNoun(s string) int {
	for _, m := range countNounRE.FindAllStringSubmatchIndex(s, -1) {
		if approxRE.MatchString(s[:m[2]]) {
			continue
		}
		if !peopleNounRE.MatchString(s[m[4]:m[5]]) && !comingRE.MatchString(s) {
			continue
		}
		if n := numberValue(s[m[2]:m[3]]); n > 0 {
			return n
		}
	}
	return 0
}

func numberValue(w string) int {
	if n, err := strconv.Atoi(w); err == nil {
		return n
	}
	for k, v := range numberWords {
		if equalFoldPL(k, w) || fold(k) == fold(w) {
			return v
		}
	}
	if fw := fold(w); fw == "dwojce" {
		return 2
	} else if fw == "trojce" {
		return 3
	}
	if w == "dwójce" {
		return 2
	}
	if w == "trójce" {
		return 3
	}
	return 0
}

func equalFoldPL(a, b string) bool { return strings.EqualFold(a, b) }

// groupCount reads "będziemy w 4", "będzie nas troje"; a number that starts
// a date or a time ("będziemy w 19.11", "w 24 listopada", "w 2 XII") is
// not a count.
func groupCount(s string) int {
	for _, sm := range countGroupRE.FindAllStringSubmatch(s, -1) {
		next := strings.TrimSpace(sm[2])
		if r, _ := utf8.DecodeRuneInString(next); next != "" && !unicode.IsLetter(r) {
			continue
		}
		if monthWord(fold(next)) != 0 || romanMonths[strings.ToLower(next)] != 0 && strings.ToUpper(next) == next {
			continue
		}
		if n := numberValue(sm[1]); n > 0 && n < 50 {
			return n
		}
	}
	return 0
}

// plainLetters are the letters people type for Polish ones on a keyboard
// without them ("bede z kolezanka").
var plainLetters = map[rune]string{
	'ą': "a", 'ć': "c", 'ę': "e", 'ł': "l", 'ń': "n", 'ó': "o", 'ś': "s", 'ź': "z", 'ż': "z",
	'Ą': "A", 'Ć': "C", 'Ę': "E", 'Ł': "L", 'Ń': "N", 'Ó': "O", 'Ś': "S", 'Ź': "Z", 'Ż': "Z",
}

// tolerant lets a pattern's Polish letters match their plain forms too:
// "będę" matches "bede". Letters inside a character class stay as they are.
func tolerant(pattern string) string {
	var b strings.Builder
	inClass, escaped := false, false
	for _, r := range pattern {
		switch {
		case escaped:
			escaped = false
		case r == '\\':
			escaped = true
		case r == '[':
			inClass = true
		case r == ']':
			inClass = false
		default:
			if plain, ok := plainLetters[r]; ok && !inClass {
				b.WriteString("[" + string(r) + plain + "]")
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}
