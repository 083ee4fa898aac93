package understand

import "testing"

// TestGeneralise8 decides an eighth, independently written set in
// testdata/generalise8: a second batch of mail to the same mailbox as the
// corpus, on the corpus's own meetings, with its mix of actions, charsets,
// replies, forwards and ways of naming a meeting.
func TestGeneralise8(t *testing.T) { holdOwnSet(t, "generalise8") }
