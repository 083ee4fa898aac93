package understand

import "testing"

// TestGeneralise6 decides a sixth, independently written set of messages in
// testdata/generalise6: messy everyday writing (no diacritics, capitals,
// typos in months, "4/12", "4 XII", mobile signatures), attendee lists,
// a colleague signed up by name, indirect withdrawals, change requests,
// two Tuesdays in consecutive weeks, meeting places inside organisation
// names, and ISO-8859-2 labels on Windows-1250 bytes.
func TestGeneralise6(t *testing.T) { holdOwnSet(t, "generalise6") }
