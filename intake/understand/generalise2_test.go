package understand

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"zapisy/storage"
)

// TestGeneralise2 decides a second, independently written set of
// messages in testdata/generalise2: secretaries signing up their
// president, two organisations in one mail, Outlook Word HTML, mobile
// replies above the whole quoted programme, all capitals, no diacritics,
// foreigners, mislabelled charsets, legal footers (fax, NIP, REGON), and
// hard negatives that name dates and organisations but must not register
// (agenda questions, forwards to a colleague, thanks after a meeting,
// offers, complaints, changes of meeting or head count).
func TestGeneralise2(t *testing.T) {
	dir := filepath.Join("testdata", "generalise2")
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
