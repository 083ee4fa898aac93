package understand

import (
	"regexp"
	"strings"
)

// notARequest says why a letter that mentions meetings asks neither to
// sign up nor to withdraw, or "": mail passed on for information, a
// withdrawal with a question, a withdrawal joined to a new sign-up (a
// change of meeting).
func (c *signupCase) notARequest(cancel bool) string {
	own := c.own.Body
	if fyiRE.MatchString(own) && !presentIntent(own) {
		return "passes the mail on for information; no sign-up"
	}
	if !cancel {
		return ""
	}
	if q := c.question(); q != "" {
		return "withdrawal with a question for staff: " + clip(q, 120)
	}
	if asksToSignUp(c.body) {
		return "unclear change: withdraws and signs up in one message"
	}
	return ""
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// manyOrgsRE: "zgłaszam dwie organizacje", "kilka organizacji".
var manyOrgsRE = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(dwie|dwóch|trzy|trzech|kilka|kilku)\s+(organizacj\p{L}*|stowarzysze\p{L}*|fundacj\p{L}*)`)

// organisationsSignedUp counts the organisations the sign-up sentences
// name: two or more in one mail need staff to split them. Organisations
// named in other sentences ("koleżanki z Fundacji X napiszą osobno") do
// not count.
func (c *signupCase) organisationsSignedUp() int {
	seen := map[string]bool{}
	listed := false // a sign-up sentence ending in ":" introduces a list
	for _, s := range sentences(c.body) {
		item := listItemRE.MatchString(s)
		if !item {
			listed = false
		}
		if hasIntent(s) && strings.HasSuffix(strings.TrimSpace(s), ":") {
			listed = true
		}
		if !hasIntent(s) && !(item && listed) {
			continue
		}
		if manyOrgsRE.MatchString(s) {
			return 2
		}
		for _, span := range orgNameSpans(s) {
			o := nominativeOrg(span)
			if o == "" || c.ix.isHost(o) || c.ix.isPlace(span) || len(strings.Fields(o)) < 2 {
				continue // "nasze Stowarzyszenie" names no other one
			}
			seen[strings.ToLower(o)] = true
		}
	}
	return len(seen)
}
