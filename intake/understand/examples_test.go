package understand

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"zapisy/intake"
)

// TestExamples decides the messages in testdata (our own, written for the
// rule families) against testMeetings.
func TestExamples(t *testing.T) {
	tests := []struct {
		file    string
		action  intake.Action
		meeting string
		want    intake.Registration // checked fields only when set
	}{
		{"signup_mislabelled_charset.eml", intake.Register, "c", intake.Registration{Organization: "Stowarzyszenie Zielone Wzgórza", KRS: "0000123456", ContactName: "Irena Kowalska", Email: "irena@wzgorza.example", Phone: "+48501002003", Attendees: 2}},
		{"autoreply_outlook.eml", intake.Ignore, "", intake.Registration{}},
		{"forward_gmail.eml", intake.Register, "d", intake.Registration{Organization: "Fundacja Dobry Sąsiad", ContactName: "Barbara Wolska", Email: "barbara.wolska@example.net", Phone: "+48698111222", Attendees: 1}},
		{"html_only.eml", intake.Register, "d", intake.Registration{Organization: "Fundacja „Iskra”", ContactName: "Ewa Róg", Email: "ewa@iskra.example", Phone: "+48600700800", Attendees: 1}},
		{"cancel_reply.eml", intake.Cancel, "b", intake.Registration{ContactName: "Adam Kot", Email: "adam@kot.example"}},
		{"question.eml", intake.Review, "", intake.Registration{}},
		{"ambiguous_place.eml", intake.Review, "", intake.Registration{}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			d := Decide(Read(f), testMeetings(), time.Time{})
			if d.Action != tt.action {
				t.Fatalf("action %s (%s), want %s", d.Action, d.Reason, tt.action)
			}
			if tt.meeting == "" {
				return
			}
			if len(d.Registrations) != 1 || d.Registrations[0].MeetingID != tt.meeting {
				t.Fatalf("registrations %+v, want one for %s", d.Registrations, tt.meeting)
			}
			got, w := d.Registrations[0], tt.want
			check := func(name, g, want string) {
				if want != "" && g != want {
					t.Errorf("%s = %q, want %q", name, g, want)
				}
			}
			check("organization", got.Organization, w.Organization)
			check("krs", got.KRS, w.KRS)
			check("contact", got.ContactName, w.ContactName)
			check("email", got.Email, w.Email)
			check("phone", got.Phone, w.Phone)
			if w.Attendees != 0 && got.Attendees != w.Attendees {
				t.Errorf("attendees = %d, want %d", got.Attendees, w.Attendees)
			}
		})
	}
}
