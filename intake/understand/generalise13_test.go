package understand

import (
	"path/filepath"
	"testing"
)

// TestGeneralise13 decides a thirteenth, independently written set in
// testdata/generalise13: another batch like the corpus on its meetings, in
// its proportions, in varied styles of writing. It came in at the end of a
// session; two fixes were made (Wróbla → Wróbel, "w dwóch spotkaniach" is
// no head count) and these misses are left open, each on the safe side:
//   - y03 and y11 go to review: the meeting named only as "temat
//     regrantingu, więc chętnie skorzystam" (no word about a meeting; adding
//     "temat" as one broke generalise8), and "rezygnujemy wszystkie trzy"
//     beside a vague "może w grudniu" read as an unclear change;
//   - y17's contact (a colleague named further on), y23's informal group
//     and y29's "Stowarzyszenie na rzecz Osób Bezdomnych „Arka Nadziei”"
//     are not found.
//
// No message may be registered wrongly; actions and fields are held where
// they are until these are done.
func TestGeneralise13(t *testing.T) {
	dir := filepath.Join("testdata", "generalise13")
	cases, meetings := loadSet(t, dir)
	s := scoreSet(t, dir, cases, meetings)
	if s.actionsRight < len(cases)-2 {
		t.Errorf("action right on %d of %d messages, want at least %d", s.actionsRight, len(cases), len(cases)-2)
	}
	s.holdFields(t, 0.8)
}
