package understand

import (
	"regexp"
	"strings"
)

var (
	// cancelRE: the sender withdraws ("rezygnuję", "proszę mnie wykreślić",
	// "nie dam rady przyjść", "odwołuję zgłoszenie").
	cancelRE = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(zwalniam\s+(?:\p{L}+\s+)?miejsc\p{L}*|rezygnuj\p{L}*|rezygnacj\p{L}*|zrezygnowa\p{L}*|wycofuj\p{L}*|wycofa\p{L}*|wycofanie|odwoł\p{L}*\s+((nasz|moj|mój|swoj|swój)\p{L}*\s+)?(zgłoszeni|udział|zapis|rezerwacj|obecnoś)\p{L}*|wykreśl\p{L}*|skreśl\p{L}*|wypisa\p{L}*\s+(mnie|nas)|wypisanie|usunięcie\s+(mnie|nas|zgłoszenia)|usunąć\s+(mnie|nas|zgłoszenie)|odwołuj\p{L}*\s+(zgłoszenie|udział|rezerwacj)|anulowa\p{L}*|anuluj\p{L}*|cancel\p{L}*|withdraw\p{L}*|can(no|')t\s+(make it|attend|come)|(won't|will\s+not|wouldn't|would\s+not|are\s+not|aren't|am\s+not|not)\s+be\s+able\s+to\s+(attend|come|make|join|participate)|unable\s+to\s+(attend|come|make|join|participate))`)
	// cannotComeRE: the sender will not come, said without asking to be
	// removed.
	cannotComeRE = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(nie\s+(dam|damy)\s+rady|nie\s+(będę|będziemy)\s+(mógł|mogła|mogli|mogły|w stanie)|nie\s+(mogę|możemy)\s+(przyjść|przyjechać|być|uczestniczyć|wziąć)|nie\s+(przyjdę|przyjdziemy|przyjedziemy|przyjadę|pojawię|pojawimy)|nie\s+(weźmiemy|wezmę|weźmie)\s+udziału|nie\s+będzie\s+nas\b)`)
	// changeRE: the sender wants something else instead — a move, not a
	// withdrawal, for staff to settle.
	changeRE = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(zamiast|zmian\p{L}*\s+(termin|spotkani|zgłoszeni|na)|przenie\p{L}*|przepisa\p{L}*|inn\p{L}*\s+(spotkani|termin)|któreś\s+inne|zamienić|nie wiem jeszcze|dam znać|może\s+jednak)`)
)

// cancelIntent reports whether the sender clearly withdraws. A withdrawal
// mixed with a change, an open question, or the writer saying they still
// come alone, is not clear.
func cancelIntent(body string) (cancel, unclear bool) {
	body = someoneElseRE.ReplaceAllString(body, " ")
	c := cancelRE.MatchString(body) || cannotComeRE.MatchString(body)
	if !c {
		return false, false
	}
	// "Pan Mirosław … nie przyjdzie, proszę go skreślić. Ja będę na
	// pewno": one of several withdraws — a change of the head count.
	if partialRE.MatchString(body) {
		return true, true
	}
	// "… przyjdę sama": one of several withdraws, the writer still comes —
	// a change of the head count.
	if changeRE.MatchString(body) || aloneRE.MatchString(body) {
		return true, true
	}
	return true, false
}

var (
	// someoneElseRE: a withdrawal by someone else, said as a condition
	// ("gdyby ktoś zrezygnował, chętnie przyjdę").
	someoneElseRE = regexp.MustCompile(`(?i)(?:gdyby|jeśli|jeżeli|jakby|w\s+razie(?:\s+gdyby)?)\s+(?:\p{L}+\s+){0,2}?ktoś\s+[^.,;!?]*`)
	// partialRE: one person of a group withdraws, the writer still comes.
	partialRE = regexp.MustCompile(`(?i)(?:skreśl\p{L}*|wykreśl\p{L}*|wypisa\p{L}*)\s+(?:go|ją|jego|jej|pana|panią|p\.)(?:[^\p{L}]|$)|(?:^|[^\p{L}])(?:go|ją)\s+(?:skreśl|wykreśl|wypis)\p{L}*|(?:^|[^\p{L}])ja\s+(?:będę|przyjdę|zostaję|nadal)`)
)

// noticeReplyRE: a subject answering the foundation's notice about a
// registration (a confirmation, a reminder), where "we cannot come" is about
// that registration.
var noticeReplyRE = regexp.MustCompile(`(?i)potwierdz|przypomn|rezerwow|confirm|reminder|waiting\s+list`)

// othersRE: the other meetings than the one signed up for.
var othersRE = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:pozostał\p{L}*|inn\p{L}*\s+spotka\p{L}*|reszt\p{L}*|others?)(?:[^\p{L}]|$)`)

// dropDeclines leaves out of the body the sentences that decline the
// invitation to one meeting beside a sign-up for another ("Na spotkanie
// 26.11 niestety nie damy rady, może następnym razem. Natomiast na 4/12
// zgłaszam dwie osoby"): there is nothing to withdraw from. Not when the
// letter withdraws in so many words, or answers a notice about a
// registration: then it is a withdrawal or a change.
func (c *signupCase) dropDeclines() {
	if cancelRE.MatchString(c.body) || cancelRE.MatchString(c.subject) {
		return
	}
	var declines []string
	request, others := false, true
	for _, s := range sentences(c.body) {
		switch {
		case cannotComeRE.MatchString(s):
			declines = append(declines, s)
			others = others && othersRE.MatchString(s)
		case presentIntent(s):
			request = true
		}
	}
	// Answering a notice, "we cannot come" is about the registration —
	// unless it is about the other meetings ("Na pozostałe niestety nie dam
	// rady").
	if len(declines) == 0 || !request || noticeReplyRE.MatchString(c.subject) && !others {
		return
	}
	for _, s := range declines {
		var pat []string
		for _, w := range strings.Fields(s) {
			pat = append(pat, regexp.QuoteMeta(w))
		}
		re, err := regexp.Compile(strings.Join(pat, `\s+`))
		if err != nil {
			return
		}
		c.body = re.ReplaceAllLiteralString(c.body, " ")
	}
}
