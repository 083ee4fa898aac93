package understand

import (
	"regexp"
	"strconv"
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
		if k := inlineNameList(l); k >= 2 && n < 2 {
			return k // "zgłaszam: 1. Anna Nowak 2. Jan Kowal 3. Ewa Zając"
		}
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

// inlineItemRE is a numbered name within a line: "1. Anna Nowak",
// "2) Jan Kowal-Wrona".
var inlineItemRE = regexp.MustCompile(`(?:^|[\s:,;])(\d{1,2})\s*[.)]\s*(\p{Lu}\p{Ll}+\s+\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)`)

// inlineNameList counts the people a line lists by number, 1, 2, 3 …
// in order; 0 when it lists no one.
func inlineNameList(l string) int {
	n := 0
	for _, sm := range inlineItemRE.FindAllStringSubmatch(l, -1) {
		if sm[1] != strconv.Itoa(n+1) || personName(sm[2]) == "" {
			break
		}
		n++
	}
	return n
}
