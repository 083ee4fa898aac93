package understand

import (
	"regexp"
	"strings"
)

// nameItemRE is one item of a numbered or bulleted list: "1. Anna Nowak",
// "2) Jan Kowal – skarbnik", "- Ewa Zając".
var nameItemRE = regexp.MustCompile(`^\s*(?:\d{1,2}\s*[.)]|[-•*–])\s*(.+?)\s*$`)

// nameListCount is how many people a letter lists by name, one to a line
// ("zgłaszam następujące osoby: 1. … 2. … 3. …"): the length of the first
// run of two or more list items that are each a person's name. 0 when the
// letter has no such list.
func nameListCount(body string) int {
	n := 0
	for _, l := range strings.Split(body, "\n") {
		sm := nameItemRE.FindStringSubmatch(l)
		if sm != nil && personName(stripTitle(sm[1])) != "" {
			n++
			continue
		}
		if n >= 2 {
			return n
		}
		n = 0
	}
	if n >= 2 {
		return n
	}
	return 0
}
