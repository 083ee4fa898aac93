package understand

import (
	"regexp"
	"strings"
	"unicode"
)

var listItemRE = regexp.MustCompile(`^\s*([-*•–·]|\d{1,2}[.)]|[a-z][)])\s+`)

// sentences splits body text into sentences. Hard-wrapped paragraphs are
// joined first; list items stay apart (each is usually one meeting); a
// sentence ends at ".", "?" or "!" unless the word before is an
// abbreviation such as "godz." or "ul.".
func sentences(body string) []string {
	var units []string
	var cur strings.Builder
	flush := func() {
		if s := strings.TrimSpace(cur.String()); s != "" {
			units = append(units, s)
		}
		cur.Reset()
	}
	for _, l := range strings.Split(body, "\n") {
		t := strings.TrimSpace(l)
		switch {
		case t == "":
			flush()
			continue
		case listItemRE.MatchString(l):
			flush()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(t)
		if strings.HasSuffix(t, ":") {
			flush()
		}
	}
	flush()
	var out []string
	for _, u := range units {
		out = append(out, splitSentences(u)...)
	}
	return out
}

var abbreviations = map[string]bool{
	"godz": true, "ul": true, "al": true, "os": true, "pl": true, "św": true, "r": true, "tel": true,
	"kom": true, "nr": true, "im": true, "ok": true, "p": true, "dr": true, "mgr": true, "inż": true,
	"ks": true, "prof": true, "tj": true, "tzn": true, "np": true, "ds": true, "wew": true, "sp": true,
	"zm": true, "pn": true, "wt": true, "śr": true, "czw": true, "pt": true, "sob": true, "ndz": true,
	"m.in": true, "in": true, "ww": true, "jw": true, "tzw": true, "min": true, "wg": true, "br": true,
	"pani": false, "st": true, "hab": true, "lek": true, "n": true, "ew": true, "itd": true, "itp": true,
}

func splitSentences(u string) []string {
	var out []string
	start := 0
	rs := []rune(u)
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		if c != '.' && c != '?' && c != '!' {
			continue
		}
		if i+1 < len(rs) && !unicode.IsSpace(rs[i+1]) {
			continue
		}
		if c == '.' {
			j := i
			for j > start && !unicode.IsSpace(rs[j-1]) && rs[j-1] != '(' {
				j--
			}
			w := strings.ToLower(string(rs[j:i]))
			if abbreviations[w] || len([]rune(w)) == 1 || isDigits(w) {
				continue
			}
		}
		out = append(out, strings.TrimSpace(string(rs[start:i+1])))
		start = i + 1
	}
	if s := strings.TrimSpace(string(rs[start:])); s != "" {
		out = append(out, s)
	}
	return out
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

var foldMap = map[rune]string{
	'ą': "a", 'ć': "c", 'ę': "e", 'ł': "l", 'ń': "n", 'ó': "o", 'ś': "s", 'ź': "z", 'ż': "z",
	'Ą': "a", 'Ć': "c", 'Ę': "e", 'Ł': "l", 'Ń': "n", 'Ó': "o", 'Ś': "s", 'Ź': "z", 'Ż': "z",
	'„': "\"", '”': "\"", '“': "\"", '«': "\"", '»': "\"", '–': "-", '—': "-", '’': "'",
}

// fold lower-cases s and drops Polish diacritics, for matching words that
// people write with or without them ("środa", "sroda").
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if f, ok := foldMap[r]; ok {
			b.WriteString(f)
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

var wordRE = regexp.MustCompile(`[\p{L}\p{N}]+`)

func words(s string) []string { return wordRE.FindAllString(s, -1) }

// clauseRE finds where a sentence goes on to another meeting: "… na
// spotkanie 17.11 oraz na spotkanie podsumowujące", "… and the meeting on".
var clauseRE = regexp.MustCompile(`(?i)(?:,\s*|\s+)(?:oraz|a\s+także|jak\s+również|i|and|also)\s+(?:(?:na|w|we|do|in|for|to|the|on)\s+)+(?:\p{L}+\s+)?(?:spotkani|meeting)|[,;]\s*(?:(?:na|w\s+dniu|dnia)\s+)?\d{1,2}[./]\d{1,2}`)

// clauses splits sentences where they go on to another meeting, so that
// each clause's date, topic and head count are read together.
func clauses(ss []string) []string {
	var out []string
	for _, s := range ss {
		start := 0
		for _, m := range clauseRE.FindAllStringIndex(s, -1) {
			if m[0] > start {
				out = append(out, strings.TrimSpace(s[start:m[0]]))
				start = m[0]
			}
		}
		out = append(out, strings.TrimSpace(s[start:]))
	}
	return out
}

// formLabelRE: a form's label on a line of its own, as a two-column table
// (Outlook, Word) reads once put into text.
var formLabelRE = regexp.MustCompile(`(?i)^(?:nazwa\s+organizacji|pełna\s+nazwa\s+organizacji|organizacja|numer\s+krs|nr\s+krs|krs|osoba\s+kontaktowa|osoba\s+do\s+kontaktu|imię\s+i\s+nazwisko|e-?mail|adres\s+e-?mail|telefon(?:\s+kontaktowy)?|tel\.|spotkanie|termin(?:\s+spotkania)?|data\s+spotkania|liczba\s+(?:osób|uczestników)|uwagi|nip|regon|adres)$`)

// joinFormLabels writes a label on a line of its own followed by its value
// on the next non-empty line as "Label: value", the shape the field rules
// read: "Nazwa organizacji\n\nUKS Orlęta" becomes "Nazwa organizacji: UKS
// Orlęta".
func joinFormLabels(text string) string {
	lines := strings.Split(text, "\n")
	var out []string
	for i := 0; i < len(lines); i++ {
		label := strings.TrimSpace(lines[i])
		if !formLabelRE.MatchString(label) {
			out = append(out, lines[i])
			continue
		}
		j := i + 1
		for j < len(lines) && strings.TrimSpace(lines[j]) == "" {
			j++
		}
		if j >= len(lines) || j-i > 3 || formLabelRE.MatchString(strings.TrimSpace(lines[j])) {
			out = append(out, lines[i])
			continue
		}
		out = append(out, label+": "+strings.TrimSpace(lines[j]))
		i = j
	}
	return strings.Join(out, "\n")
}
