package understand

import "testing"

// TestGeneralise12 decides a twelfth, independently written set in
// testdata/generalise12: another batch like the corpus on its meetings, in
// its proportions, with several of its phenomena combined in one message.
func TestGeneralise12(t *testing.T) { holdOwnSet(t, "generalise12") }
