package understand

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"zapisy/storage"
)

// TestGeneralise decides our own messages in testdata/generalise: the
// kinds of variation the development corpus shows, written differently
// (other organisation types and inflections, date forms, relative days,
// quoting styles, signatures, auto-replies, bounces, withdrawals). It
// guards against rules that fit the corpus files rather than the mail.
// Run with -v for the score table and each miss.
func TestGeneralise(t *testing.T) {
	dir := filepath.Join("testdata", "generalise")
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
	s := scoreSet(t, dir, cases, meetings)
	if s.actionsRight < len(cases) {
		t.Errorf("action right on %d of %d messages, want all", s.actionsRight, len(cases))
	}
	s.holdFields(t, 1)
}
