package understand

import "testing"

// TestGeneralise4 decides a fourth, independently written set of messages
// in testdata/generalise4, aimed at the weak spots of the earlier rounds:
// contacts named in the dative or after 'w osobie', two unlabelled phones,
// the organisation in the body against the signature's, companions by
// surname only, 'KRS/NIP' as one label, 'x2' head counts, everyday first
// names with no full form, English sign-ups, Outlook HTML tables, replies
// that pick a meeting from the quoted invitation by its place in the list,
// 'oba'/'wszystkie spotkania', and a sign-up sent twice.
func TestGeneralise4(t *testing.T) { holdOwnSet(t, "generalise4") }
