package understand

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"zapisy/intake"
	"zapisy/storage"
)

// setScore is how well Decide did on a set of messages with expected
// answers in the corpus format.
type setScore struct {
	cases, actionsRight, wrongRegister, expectedRegs int
	right                                            map[string]int
}

// scoreSet decides every case of a set, logs each miss and the per-field
// table, and fails on any wrong registration (worse than a review).
func scoreSet(t *testing.T, dir string, cases []corpusCase, meetings []storage.Meeting) setScore {
	t.Helper()
	s := setScore{cases: len(cases), right: map[string]int{}}
	for _, c := range cases {
		got := decideFile(t, filepath.Join(dir, c.File), meetings)
		if got.Action == c.Action {
			s.actionsRight++
		} else {
			t.Logf("%s: action %s (%s), want %s (%s)", c.File, got.Action, got.Reason, c.Action, c.Why)
		}
		if got.Action == intake.Register && c.Action != intake.Register {
			s.wrongRegister++
		}
		byMeeting := map[string]intake.Registration{}
		for _, r := range got.Registrations {
			byMeeting[r.MeetingID] = r
		}
		if got.Action == intake.Register && c.Action == intake.Register && len(got.Registrations) != len(c.Registrations) {
			s.wrongRegister++
			t.Logf("%s: registered for %d meetings, want %d", c.File, len(got.Registrations), len(c.Registrations))
		}
		for _, want := range c.Registrations {
			s.expectedRegs++
			g, ok := byMeeting[want.MeetingID]
			if !ok || got.Action != c.Action {
				t.Logf("%s: no %s registration for %s (got %s: %s)", c.File, c.Action, want.MeetingID, got.Action, got.Reason)
				continue
			}
			for _, f := range corpusFields {
				if sameName(fieldOf(g, f), fieldOf(want, f)) {
					s.right[f]++
				} else {
					t.Logf("%s %s: %s = %q, want %q", c.File, want.MeetingID, f, fieldOf(g, f), fieldOf(want, f))
				}
			}
		}
	}
	t.Logf("action: %d/%d right; wrong registrations: %d", s.actionsRight, len(cases), s.wrongRegister)
	for _, f := range corpusFields {
		t.Logf("%-13s %2d/%d  %5.1f%%", f, s.right[f], s.expectedRegs, 100*float64(s.right[f])/float64(max(1, s.expectedRegs)))
	}
	if s.wrongRegister > 0 {
		t.Errorf("%d messages registered that should not be (or for the wrong meetings)", s.wrongRegister)
	}
	return s
}

// holdFields fails when a field is right on less than mark of the
// expected registrations.
func (s setScore) holdFields(t *testing.T, mark float64) {
	t.Helper()
	for _, f := range corpusFields {
		if float64(s.right[f]) < mark*float64(s.expectedRegs) {
			t.Errorf("%s right on %d of %d expected registrations, want at least %.0f%%", f, s.right[f], s.expectedRegs, 100*mark)
		}
	}
}

// holdOwnSet decides one of the project's own sets in testdata/<name> and
// wants every action and every field right.
func holdOwnSet(t *testing.T, name string) {
	dir := filepath.Join("testdata", name)
	cases, meetings := loadSet(t, dir)
	s := scoreSet(t, dir, cases, meetings)
	if s.actionsRight < len(cases) {
		t.Errorf("action right on %d of %d messages, want all", s.actionsRight, len(cases))
	}
	s.holdFields(t, 1)
}

// loadSet reads a set's expected.json and meetings.csv.
func loadSet(t *testing.T, dir string) ([]corpusCase, []storage.Meeting) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []corpusCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatalf("expected.json: %v", err)
	}
	mf, err := os.Open(filepath.Join(dir, "meetings.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer mf.Close()
	meetings, err := storage.ReadMeetingsCSV(mf)
	if err != nil {
		t.Fatal(err)
	}
	return cases, meetings
}
