package understand

import "testing"

// TestGeneralise decides our own messages in testdata/generalise: the
// kinds of variation the development corpus shows, written differently
// (other organisation types and inflections, date forms, relative days,
// quoting styles, signatures, auto-replies, bounces, withdrawals). It
// guards against rules that fit the corpus files rather than the mail.
// Run with -v for the score table and each miss.
func TestGeneralise(t *testing.T) { holdOwnSet(t, "generalise") }
