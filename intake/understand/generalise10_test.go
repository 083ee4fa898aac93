package understand

import (
	"path/filepath"
	"testing"
)

// TestGeneralise10 decides a tenth, independently written set in
// testdata/generalise10: another batch like the corpus on its meetings,
// weighted towards the fields — names in every case and shape, surname
// first, titles, KRS and phone notations, confirmation addresses.
//
// Every action must be right. Three fields are still wrong, and are left
// as open work rather than fitted: v09's contact is named only as "to
// Joanna będzie osobą kontaktową" under an office signature; v15's
// "Zarząd UKS „Orlik” Kraków" is not expanded from the line in brackets
// below it; v24's secretary signs up "pana Tadeusza Wróbla" more than nine
// words after the request. Fields are held at 90 % until then.
func TestGeneralise10(t *testing.T) {
	dir := filepath.Join("testdata", "generalise10")
	cases, meetings := loadSet(t, dir)
	s := scoreSet(t, dir, cases, meetings)
	if s.actionsRight < len(cases) {
		t.Errorf("action right on %d of %d messages, want all", s.actionsRight, len(cases))
	}
	s.holdFields(t, 0.9)
}
