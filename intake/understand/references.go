package understand

import (
	"regexp"
	"time"
)

// deadlineRE: a date said as a limit, not as the meeting one comes to
// ("prześlemy do 28 listopada", "przed 20.11", "until 20 November").
// Folded text.
var deadlineRE = regexp.MustCompile(`(?:^|[^\p{L}])(do|przed|until|by|najpozniej)\s+(dnia\s+|dn\.\s*)?(\d{1,2}(?:\s*[./-]\s*\d{1,2}(?:[./-]\d{2,4})?|\s+[a-z]+))`)

// reference tells a date with no meeting that names no meeting either: a
// day already past when the mail was written ("w nawiązaniu do zaproszenia
// z 6 listopada"), or a deadline ("uwagi prześlemy do 28 listopada").
// Such dates are passed over instead of making the sign-up unclear.
func (ix *meetingIndex) reference(d dateRef, f string, anchor time.Time) bool {
	if d.Month == 0 {
		return false
	}
	if !anchor.IsZero() {
		a := anchor.In(ix.loc)
		y := d.Year
		if y == 0 {
			y = a.Year()
		}
		day := time.Date(y, time.Month(d.Month), d.Day, 23, 59, 0, 0, ix.loc)
		if day.Before(a) {
			return true
		}
	}
	for _, m := range deadlineRE.FindAllStringSubmatch(f, -1) {
		for _, dd := range findDates(m[3]) {
			if dd.Day == d.Day && (dd.Month == d.Month || dd.Month == 0) {
				return true
			}
		}
	}
	return false
}
