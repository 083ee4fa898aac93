package understand

import "testing"

// TestGeneralise2 decides a second, independently written set of
// messages in testdata/generalise2: secretaries signing up their
// president, two organisations in one mail, Outlook Word HTML, mobile
// replies above the whole quoted programme, all capitals, no diacritics,
// foreigners, mislabelled charsets, legal footers (fax, NIP, REGON), and
// hard negatives that name dates and organisations but must not register
// (agenda questions, forwards to a colleague, thanks after a meeting,
// offers, complaints, changes of meeting or head count).
func TestGeneralise2(t *testing.T) { holdOwnSet(t, "generalise2") }
