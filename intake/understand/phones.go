package understand

import (
	"regexp"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// phoneRunRE finds stretches that may hold a phone number: digits with the
// separators people use ("600 123 456", "(12) 656-43-21", "(0-12)
// 644-88-99", "+48 12 345 67 89", "0048 503 221 100").
var phoneRunRE = regexp.MustCompile(`\+?\(?\d[\d \-()./]{6,22}\d`)

// notPhoneRE marks numbers that are something else: KRS, NIP, REGON, bank
// accounts, postal codes.
var notPhoneRE = regexp.MustCompile(`(?i)(krs|nip|regon|konto|rachunek|rachunku|iban|pesel|nr\s+konta)[\s.:nr]*$`)

// phoneLabelRE is a label that says a phone follows, strongest first.
var phoneLabelRE = regexp.MustCompile(`(?i)(telefon kontaktowy|tel\. kontaktowy|numer kontaktowy|kontakt telefoniczny|mój telefon|mój numer|mój tel|moja komórka|tel\.? do niej|tel\.? do niego|jej numer|jego numer|pod numerem|kom\.|komórka|tel\.? kom|mobile|phone|tel|telefon)\W*$`)

// idListRE: the later numbers of "KRS/NIP/REGON: 0000123123 / 6761234567 /
// 123456789", one label for several registry numbers.
var idListRE = regexp.MustCompile(`(?i)\b(?:krs|nip|regon)\b(?:\s*/\s*(?:krs|nip|regon)\b)*[\s.:]*(?:\d[\d .-]*\d\s*/\s*)+$`)

type phoneHit struct {
	E164  string
	Label string // lower-cased label just before it, "" when none
	Pos   int
	// Called: the text says the sender called this number ("dzwoniłam pod
	// numer …"): someone else's, not theirs.
	Called bool
}

// calledRE ends the text before a number the sender called or tried to.
var calledRE = regexp.MustCompile(`(?i)(dzwoni\p{L}*|dodzwoni\p{L}*|zadzwoni\p{L}*|telefonowa\p{L}*|called|calling)\s+(?:\p{L}+\s+){0,3}(?:pod|na)\s+(?:numer\s+|nr\.?\s*|number\s+)?$`)

// findPhones lists the valid Polish (or international) phone numbers in
// text, in order, in E.164.
func findPhones(text string) []phoneHit {
	var out []phoneHit
	for _, loc := range phoneRunRE.FindAllStringIndex(text, -1) {
		before := text[max(0, loc[0]-30):loc[0]]
		line := text[max(0, loc[0]-80):loc[0]]
		if i := strings.LastIndexByte(line, '\n'); i >= 0 {
			line = line[i+1:]
		}
		if notPhoneRE.MatchString(before) || idListRE.MatchString(line) {
			continue
		}
		run := text[loc[0]:loc[1]]
		if looksLikeDate(run) {
			continue
		}
		if e := normalizePhone(run); e != "" {
			label := ""
			if sm := phoneLabelRE.FindStringSubmatch(before); sm != nil {
				label = strings.ToLower(sm[1])
			}
			called := calledRE.MatchString(text[max(0, loc[0]-60):loc[0]])
			out = append(out, phoneHit{E164: e, Label: label, Pos: loc[0], Called: called})
		}
	}
	return out
}

var dateLikeRE = regexp.MustCompile(`^\d{1,2}[./]\d{1,2}[./]\d{2,4}`)

func looksLikeDate(s string) bool { return dateLikeRE.MatchString(s) }

// normalizePhone turns one written number into E.164, or "" when it is not
// a valid number. Leading words of digits that make it too long ("2 osoby,
// 600 …") are dropped one group at a time.
func normalizePhone(run string) string {
	groups := strings.FieldsFunc(run, func(r rune) bool { return r == ' ' || r == '/' })
	for i := 0; i < len(groups); i++ {
		cand := strings.Join(groups[i:], " ")
		if e := parsePL(cand); e != "" {
			return e
		}
	}
	return ""
}

func parsePL(s string) string {
	var d strings.Builder
	plus := strings.HasPrefix(strings.TrimSpace(s), "+")
	for _, r := range s {
		if r >= '0' && r <= '9' {
			d.WriteRune(r)
		}
	}
	digits := d.String()
	switch {
	case plus:
		digits = "+" + digits
	case strings.HasPrefix(digits, "00") && len(digits) > 11:
		digits = "+" + digits[2:]
	case strings.HasPrefix(digits, "48") && len(digits) == 11:
		digits = "+" + digits
	case strings.HasPrefix(digits, "0") && len(digits) == 10:
		digits = digits[1:] // old trunk prefix: (0-12) 644 88 99
	}
	if !strings.HasPrefix(digits, "+") && len(digits) != 9 {
		return ""
	}
	n, err := phonenumbers.Parse(digits, "PL")
	if err != nil || !phonenumbers.IsValidNumber(n) {
		return ""
	}
	return phonenumbers.Format(n, phonenumbers.E164)
}

// isMobile reports whether an E.164 number is a mobile one.
func isMobile(e164 string) bool {
	n, err := phonenumbers.Parse(e164, "PL")
	if err != nil {
		return false
	}
	t := phonenumbers.GetNumberType(n)
	return t == phonenumbers.MOBILE || t == phonenumbers.FIXED_LINE_OR_MOBILE
}
