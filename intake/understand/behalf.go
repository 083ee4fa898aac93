package understand

import (
	"regexp"
	"strings"
)

// behalfRE: phrases after which the letter names someone else who comes
// ("weźmie udział Prezes naszej Fundacji, Pan Andrzej Sikorski", "proszę o
// zapisanie Pani Prezes Jadwigi Nowosielskiej", "w imieniu koleżanki,
// Magdaleny Pyrek", "w osobie Pani Marty Wilczek", "potwierdzenie proszę
// wysłać panu Michałowi Zielińskiemu").
var behalfRE = regexp.MustCompile(`(?i)(weźmie\s+udział|wezmą\s+udział|będzie\s+nas\s+reprezentować|reprezentować\s+nas\s+będzie|w\s+imieniu\s+(?:mojej\s+|naszej\s+)?(?:koleżanki|kolegi|pani|pana)|o\s+(?:zapisanie|wpisanie|zgłoszenie)|udział\s+(?:pani|pana)\b|w\s+osobie|(?:potwierdzeni\p{L}*|przesłać|wysłać|przekazać)\s+(?:\p{L}+\s+){0,4}?(?:panu|pani)\s|zgłasza\p{L}*\s.{0,200}?\s(?:panią|pana|p\.)\s*)`)

// selfInRE: the writer signs up themself too ("zgłaszam siebie i panią X").
var selfInRE = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:mnie|siebie|się|nas)(?:[^\p{L}]|$)`)

// selfWords stop the search: the writer signs up themself.
var selfWords = map[string]bool{"mnie": true, "siebie": true, "nas": true, "się": true, "mnie,": true}

// behalfPerson finds the one person a letter signs up on someone's behalf,
// in the nominative, within a few words after behalfRE; "" when the writer
// comes too or no name follows.
func behalfPerson(body string) string {
	for _, s := range sentences(body) {
		for _, loc := range behalfRE.FindAllStringIndex(s, -1) {
			if withSelfRE.MatchString(s[:loc[0]]) || selfInRE.MatchString(s[loc[0]:loc[1]]) {
				return ""
			}
			toks := strings.Fields(s[loc[1]:])
			if len(toks) > 9 {
				toks = toks[:9]
			}
			for i := 0; i+1 < len(toks); i++ {
				if selfWords[strings.ToLower(toks[i])] {
					break
				}
				first := strings.Trim(toks[i], ",.;:()")
				last := strings.Trim(toks[i+1], ",.;:()")
				if strings.HasSuffix(toks[i], ",") || !nameTokenRE.MatchString(first) || !nameTokenRE.MatchString(last) || isOrgWord(last) {
					continue
				}
				n, ok := nominativeName(first, last)
				if !ok {
					continue
				}
				rest := strings.Join(toks[i+2:], " ")
				if andMoreRE.MatchString(rest) {
					return ""
				}
				return n
			}
		}
	}
	return ""
}

// fromOrder writes a signer's name in the order of the From header when it
// is the same name the other way round ("Śródka Łucja" signed, "Łucja
// Śródka" in From).
func fromOrder(signer, fromName string) string {
	s, f := strings.Fields(signer), strings.Fields(fromName)
	if len(s) == 2 && len(f) == 2 && strings.EqualFold(s[0], f[1]) && strings.EqualFold(s[1], f[0]) {
		return f[0] + " " + f[1]
	}
	return signer
}
