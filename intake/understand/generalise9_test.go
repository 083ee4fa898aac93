package understand

import "testing"

// TestGeneralise9 decides a ninth, independently written set in
// testdata/generalise9: another batch written like the corpus on its
// meetings, by other kinds of writers (volunteer fire brigades, scouts,
// parish groups, informal groups, people writing from phones).
func TestGeneralise9(t *testing.T) { holdOwnSet(t, "generalise9") }
