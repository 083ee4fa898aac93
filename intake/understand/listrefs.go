package understand

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Meetings named by where they stand rather than by date or topic: "na
// pierwsze spotkanie" in a reply to an invitation that lists them, "na oba
// spotkania w Urzędzie", "na wszystkie spotkania".
var (
	// allMeetingsRE: "na wszystkie spotkania", "we wszystkich spotkaniach",
	// "for all the meetings".
	allMeetingsRE = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:na|we|w|for|to|in)\s+(?:wszystkie|wszystkich|all(?:\s+the)?|all\s+of\s+the)\s+(?:\p{L}+\s+)?(?:spotka\p{L}*|meetings)`)
	// bothMeetingsRE: "na oba spotkania", "w obu spotkaniach", "both
	// meetings", "przyjdę na oba.".
	bothMeetingsRE = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:(?:oba|obydwa|obu|obydwu|both)\s+(?:te\s+|these\s+|the\s+)?(?:spotka\p{L}*|terminy|meetings)|(?:na|w|we)\s+(?:oba|obydwa|obu|obydwu)\s*(?:[.!,;)]|$))`)
	// exceptRE: "wszystkie oprócz…": not all after all.
	exceptRE = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(oprócz|prócz|poza\s+\p{L}|z\s+wyjątkiem|except|apart\s+from|but\s+not)`)
	// ordinalMeetingRE: "na pierwsze spotkanie", "ostatnie z tych spotkań".
	// numberedMeetingRE: "spotkanie nr 3 z listy", "pozycja 2", "punkt 4
	// z zaproszenia": a meeting by its number in the quoted list.
	numberedMeetingRE = regexp.MustCompile(`(?i)(?:spotka\p{L}*|meeting)\s+(?:nr\.?|numer|no\.?|#)\s*(\d)(?:[^\d.:/-]|$)|(?:pozycj\p{L}*|punkt\p{L}*|item)\s+(?:nr\.?|numer|no\.?|#)?\s*(\d)(?:[^\d.:/-]|$)|(?:^|[^\p{L}])(?:nr\.?|numer)\s*(\d)\s+z\s+(?:listy|harmonogramu|wykazu|zaproszenia)`)
	ordinalMeetingRE  = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(pierwsze|drugie|trzecie|czwarte|piąte|szóste|ostatnie|first|second|third|fourth|fifth|sixth|last)\s+(?:z\s+(?:tych\s+|wymienionych\s+)?)?(?:spotka\p{L}*|meeting)`)
)

var ordinalPlace = map[string]int{
	"pierwsze": 1, "drugie": 2, "trzecie": 3, "czwarte": 4, "piąte": 5, "szóste": 6, "ostatnie": -1,
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "last": -1,
}

// upcoming keeps the meetings that start after the message was sent.
func (c *signupCase) upcoming(sel []int) []int {
	var out []int
	for _, i := range sel {
		if c.anchor.IsZero() || c.ix.ms[i].StartsAt.After(c.anchor) {
			out = append(out, i)
		}
	}
	return out
}

// quotedList is the meetings the quoted mail lists, in its order, each
// once: where its date first stands places it.
func (c *signupCase) quotedList() []int {
	var out []int
	seen := map[int]bool{}
	for _, l := range strings.Split(withoutHeaderLines(c.p.Quoted), "\n") {
		for _, d := range c.ix.refsWith(l, c.anchor, nil, false).Dates {
			if len(d) != 1 || seen[d[0]] {
				continue
			}
			seen[d[0]] = true
			out = append(out, d[0])
		}
	}
	return out
}

// meetingsByPlace resolves "wszystkie"/"oba" said in a sign-up letter that
// names no day (else they refer to the days it names). ok is false when no sentence says so; problem is set
// when it does but the meetings meant are not clear.
func (c *signupCase) meetingsByPlace() (sel []int, problem string, ok bool) {
	if !allMeetingsRE.MatchString(c.body) && !bothMeetingsRE.MatchString(c.body) {
		return nil, "", false
	}
	ss := sentences(c.body)
	for _, s := range ss {
		if (allMeetingsRE.MatchString(s) || bothMeetingsRE.MatchString(s)) && exceptRE.MatchString(s) && hasIntent(s) {
			return nil, "signs up for all meetings but some", true // "na wszystkie oprócz 19.11"
		}
	}
	for _, s := range ss {
		if hasDay(findDates(s)) {
			return nil, "", false // "na oba spotkania" after naming them by date
		}
	}
	for _, s := range ss {
		if !hasIntent(s) {
			continue
		}
		switch {
		case allMeetingsRE.MatchString(s):
			all := make([]int, len(c.ix.ms))
			for i := range all {
				all[i] = i
			}
			if sel = c.upcoming(all); len(sel) == 0 {
				return nil, "all meetings already took place", true
			}
			return sel, "", true
		case bothMeetingsRE.MatchString(s):
			var cands []int
			if topics := c.ix.refsWith(s, c.anchor, c.orgWords, false).Topics; len(topics) > 0 {
				cands = topics[0]
				for _, t := range topics[1:] {
					cands = intersect(cands, t)
				}
			} else {
				cands = c.quotedList()
			}
			cands = c.upcoming(cands)
			if len(cands) != 2 {
				return nil, fmt.Sprintf("'oba spotkania' but %d meetings fit", len(cands)), true
			}
			return cands, "", true
		}
	}
	return nil, "", false
}

// meetingByOrdinal resolves "na pierwsze spotkanie", "ostatnie spotkanie"
// against the list of meetings in the quoted invitation.
func (c *signupCase) meetingByOrdinal() (int, bool) {
	for _, s := range sentences(c.body) {
		if !hasIntent(s) {
			continue
		}
		n := 0
		if sm := ordinalMeetingRE.FindStringSubmatch(s); sm != nil {
			n = ordinalPlace[strings.ToLower(sm[1])]
		} else if sm := numberedMeetingRE.FindStringSubmatch(s); sm != nil {
			n, _ = strconv.Atoi(sm[1] + sm[2] + sm[3])
		} else {
			continue
		}
		list := c.quotedList()
		if len(list) < 2 {
			return 0, false
		}
		if n == -1 {
			n = len(list)
		}
		if n < 1 || n > len(list) {
			return 0, false
		}
		return list[n-1], true
	}
	return 0, false
}
