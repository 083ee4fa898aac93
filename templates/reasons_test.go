package templates

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"zapisy/intake/understand"
	"zapisy/storage"
)

func TestReasonPL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"out-of-office auto-reply", "automatyczna odpowiedź o nieobecności"},
		{"question for staff: Czy mogę przyjść z dzieckiem?", "pytanie do pracowników: Czy mogę przyjść z dzieckiem?"},
		{"withdrawal with a question for staff: Czy będą materiały?", "rezygnacja z pytaniem do pracowników: Czy będą materiały?"},
		{"withdrawal: no meeting named", "rezygnacja: nie wskazano spotkania"},
		{"signs up 2 organisations in one message", "zgłasza kilka organizacji w jednej wiadomości (liczba: 2)"},
		{"withdraws from m3 (24.11)", "wycofuje zgłoszenie z m3 (24.11)"},
		{"signs up for all meetings but some", "zapis na wszystkie spotkania oprócz niektórych"},
		{"signs up for m2 (19.11), m6 (4.12)", "zgłoszenie na m2 (19.11), m6 (4.12)"},
		{"no meeting on 3.12", "nie ma spotkania w dniu 3.12"},
		{"meeting ambiguous: the weekday fits m2, m4", "niejasne spotkanie: dzień tygodnia pasuje do m2, m4"},
		{"'oba spotkania' but 3 meetings fit", "„oba spotkania”, ale pasujących spotkań jest 3"},
		{"unreadable message: the message has no header", "nieczytelna wiadomość: wiadomość nie ma nagłówka"},
		{"meeting m2 is cancelled", "spotkanie m2 jest odwołane"},
		{`meeting "m9" does not exist`, "nie ma spotkania „m9”"},
		// The clarification round wraps the decider's reason.
		{"asked the sender which meeting they mean; their answer completes the sign-up. no meeting named",
			"zapytano nadawcę, o które spotkanie chodzi; odpowiedź dokończy zapis (nie wskazano spotkania)"},
		{"asked the sender which meeting they mean; their answer completes the sign-up.",
			"zapytano nadawcę, o które spotkanie chodzi; odpowiedź dokończy zapis"},
		{"no answer to the question which meeting (sign-up expired); asked the sender which meeting they mean; their answer completes the sign-up. no meeting named",
			"brak odpowiedzi na pytanie o spotkanie (zgłoszenie wygasło); zapytano nadawcę, o które spotkanie chodzi; odpowiedź dokończy zapis (nie wskazano spotkania)"},
		{"answers the clarification: completes the pending sign-up 0190abcd. signs up for m3 (24.11)",
			"odpowiedź na pytanie o spotkanie uzupełnia oczekujące zgłoszenie (zgłoszenie na m3 (24.11))"},
		{"closed by Ola (answered by hand or needs no answer)", "zamknięte przez: Ola (odpowiedź odręczna albo niepotrzebna)"},
		// Unknown reasons, and the mailbox's Polish ones, are shown as they are.
		{"Wiadomość jest za duża (30.0 MB, limit 25.0 MB): zapisano tylko jej nagłówek.", "Wiadomość jest za duża (30.0 MB, limit 25.0 MB): zapisano tylko jej nagłówek."},
		{"", ""},
	}
	for _, tt := range tests {
		if got := ReasonPL(tt.in); got != tt.want {
			t.Errorf("ReasonPL(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// TestReasonPLKnowsTheDecider puts into Polish every reason the decider
// gives on the project's own sets of sign-up mail and, where it is beside the
// project, the shared corpus: staff must not meet an English reason.
func TestReasonPLKnowsTheDecider(t *testing.T) {
	sets, _ := filepath.Glob(filepath.Join("..", "intake", "understand", "testdata", "*", "meetings.csv"))
	if len(sets) == 0 {
		t.Fatal("no sets of sign-up mail under intake/understand/testdata")
	}
	for i := range sets {
		sets[i] = filepath.Dir(sets[i])
	}
	seen := map[string]bool{}
	check := func(t *testing.T, dir, meetingsCSV string) {
		meetings := readMeetings(t, meetingsCSV)
		mails, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
		for _, path := range mails {
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			d := understand.Decide(understand.Read(f), meetings, time.Date(2014, 11, 1, 12, 0, 0, 0, time.UTC))
			f.Close()
			if seen[d.Reason] {
				continue
			}
			seen[d.Reason] = true
			if pl, known := translateReason(d.Reason); !known {
				t.Errorf("%s: no Polish for the reason %q (shown as %q)", path, d.Reason, pl)
			}
		}
	}
	for _, dir := range sets {
		t.Run(filepath.Base(dir), func(t *testing.T) { check(t, dir, filepath.Join(dir, "meetings.csv")) })
	}
	t.Run("corpus", func(t *testing.T) {
		dir := filepath.Join("..", "..", "shared", "corpus", "dev")
		if _, err := os.Stat(dir); err != nil {
			if os.Getenv("ZAPISY_TEST_STRICT") == "1" {
				t.Fatalf("sign-up corpus not found at %s: %v", dir, err)
			}
			t.Skipf("sign-up corpus not found at %s (it lives beside the project as shared/corpus); skipping", dir)
		}
		check(t, dir, filepath.Join(dir, "..", "meetings.csv"))
	})
	if len(seen) < 20 {
		t.Errorf("only %d different reasons seen; the sets are not being read", len(seen))
	}
	for r := range seen {
		if strings.TrimSpace(r) == "" {
			t.Error("a decision without a reason")
		}
	}
}

func readMeetings(t *testing.T, path string) []storage.Meeting {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ms, err := storage.ReadMeetingsCSV(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return ms
}
