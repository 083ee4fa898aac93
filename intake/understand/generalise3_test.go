package understand

import "testing"

// TestGeneralise3 decides a third, independently written set of messages
// in testdata/generalise3, aimed at the fields: organisation names of many
// shapes (quotes, abbreviations such as PTTK, ZHP, UKS, a place or a
// branch in the name, the type word last, inflected in the letter), contact
// names inflected or with titles, signed by an office or only in From,
// confirmation addresses asked for in the body or in Reply-To, phones in
// every notation beside the foundation's and the city office's numbers,
// KRS beside NIP and REGON, and head counts in words, lists of names and
// companions; with a few auto-replies, bounces, reviews and withdrawals.
func TestGeneralise3(t *testing.T) { holdOwnSet(t, "generalise3") }
