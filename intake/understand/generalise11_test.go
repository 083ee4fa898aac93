package understand

import "testing"

// TestGeneralise11 decides an eleventh, independently written set in
// testdata/generalise11: another batch like the corpus on its meetings,
// weighted towards hard decisions — weekdays only, places only, other
// meetings mentioned in passing, withdrawals said many ways (one person of
// two, "zwalniam miejsce"), questions beside a sign-up, the waiting list.
// Three expectations were aligned with the corpus's conventions (reviews
// carry no registrations; a count only in the quoted mail is not the
// writer's), as noted in their "why".
func TestGeneralise11(t *testing.T) { holdOwnSet(t, "generalise11") }
