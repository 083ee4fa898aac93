package understand

import (
	"strings"
	"unicode"
)

// Some people write everything in capitals ("STANISŁAW BIAŁY", "KLUB
// SENIORA POD LIPAMI"). Names are compared without regard to case, so
// such lines are read title-cased.

// isAllCaps reports whether s has at least two letters and none of them
// lower-case.
func isAllCaps(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n >= 2
}

// titleWords writes each word with a capital first letter and the rest in
// lower case.
func titleWords(s string) string {
	f := strings.Fields(s)
	for i, w := range f {
		r := []rune(strings.ToLower(w))
		for j, c := range r {
			if unicode.IsLetter(c) {
				r[j] = unicode.ToUpper(c)
				break
			}
		}
		f[i] = string(r)
	}
	return strings.Join(f, " ")
}

// foldedFirstNames are the first names without Polish letters, for names
// written without them ("Stanislaw").
var foldedFirstNames = func() map[string]bool {
	m := map[string]bool{}
	for n := range firstNames {
		m[fold(n)] = true
	}
	return m
}()

// knownFirstName reports a first name, with or without Polish letters.
func knownFirstName(w string) bool {
	return firstNames[w] || foldedFirstNames[fold(w)] || diminutives[w] != ""
}
