package understand

import "strings"

// A person's surname is not a meeting's topic or place: "z Janem
// Nowakiem" does not name the meeting "z Nowej Huty", nor "pani Róży
// Mistrzejowskiej" the one in Mistrzejowice.

// withPersonNames adds to skip the folded words of the people named in a
// sentence: a first name, in any case, followed by a capitalised word.
func withPersonNames(s string, skip map[string]bool) map[string]bool {
	toks := strings.Fields(s)
	var found []string
	for i := 0; i+1 < len(toks); i++ {
		first := strings.Trim(toks[i], ",.;:()„”\"")
		last := strings.Trim(toks[i+1], ",.;:()„”\"")
		if !nameTokenRE.MatchString(last) || isOrgWord(last) {
			continue
		}
		if personTitles[strings.ToLower(toks[i])] {
			found = append(found, fold(last)) // "pana Nowaka", "p. Kowalska"
			continue
		}
		if !nameTokenRE.MatchString(first) {
			continue
		}
		if _, _, ok := nominativeFirst(first); !ok {
			continue
		}
		found = append(found, fold(first), fold(last))
	}
	if len(found) == 0 {
		return skip
	}
	out := map[string]bool{}
	for w := range skip {
		out[w] = true
	}
	for _, f := range found {
		for _, w := range words(f) {
			out[w] = true
		}
	}
	return out
}

// personTitles come before a surname alone: "pana Nowaka", "p. Kowalska".
var personTitles = map[string]bool{
	"pan": true, "pana": true, "panem": true, "panu": true, "pani": true, "panią": true, "p.": true,
	"mr": true, "mr.": true, "mrs": true, "mrs.": true, "ms": true, "ms.": true,
}
