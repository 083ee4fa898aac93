package understand

import "testing"

// TestGeneralise5 decides a fifth, independently written set of messages in
// testdata/generalise5, on a schedule with its own traps: two meetings at
// the city hall, two Tuesdays and two Thursdays, relative dates ("w
// najbliższy wtorek", "jutrzejsze spotkanie"), a conditional sign-up, a date
// that contradicts the topic, one person for two organisations, forwards
// from three mail programs, and confirmation addresses asked for in the body.
func TestGeneralise5(t *testing.T) { holdOwnSet(t, "generalise5") }
