package understand

import "testing"

// TestGeneralise7 decides a seventh, independently written set of messages
// in testdata/generalise7: two meetings on one day (told apart by the hour
// or the topic), a Saturday meeting, label/value forms in Outlook tables,
// different head counts per meeting, thank-you replies in a thread,
// meetings by their place in a quoted list, KRS and phone notations with
// extensions, a foundation whose name begins like the host's, and a
// withdrawal from one of two meetings.
func TestGeneralise7(t *testing.T) { holdOwnSet(t, "generalise7") }
