package understand

import (
	"strings"
	"unicode"
)

// Signatures often abbreviate what the letter writes out: "UKS Orlik
// Prokocim" signed under "Uczniowski Klub Sportowy Orlik Prokocim zgłasza
// …". The name written out is the organisation's own form.

// expandAbbreviation returns the letter's written-out form of a name that
// starts with an abbreviation, when the letter has one whose first words'
// initials spell it and whose rest is the same; else name unchanged.
func expandAbbreviation(name, body string) string {
	toks := strings.Fields(name)
	if len(toks) == 0 || !isAbbreviation(toks[0]) {
		return name
	}
	abbr := []rune(toks[0])
	for _, m := range orgMentions(body) {
		mt := strings.Fields(m)
		if len(mt) < len(abbr) || !sameName(strings.Join(mt[len(abbr):], " "), strings.Join(toks[1:], " ")) {
			continue
		}
		ok := true
		for i, r := range abbr {
			if first := []rune(mt[i]); len(first) == 0 || unicode.ToUpper(first[0]) != r {
				ok = false
				break
			}
		}
		if ok {
			return m
		}
	}
	return name
}

// isAbbreviation: two to six capital letters ("UKS", "PTTK").
func isAbbreviation(w string) bool {
	r := []rune(w)
	if len(r) < 2 || len(r) > 6 {
		return false
	}
	for _, c := range r {
		if !unicode.IsUpper(c) {
			return false
		}
	}
	return true
}
