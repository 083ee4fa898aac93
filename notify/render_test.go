package notify

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"zapisy/storage"
	"zapisy/templates"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden with the current output")

func sampleMeeting() storage.Meeting {
	return storage.Meeting{
		ID: "m2", Title: "Program współpracy 2015: spotkanie otwarte dla wszystkich organizacji",
		StartsAt: time.Date(2014, 11, 19, 16, 0, 0, 0, storage.Warsaw),
		EndsAt:   time.Date(2014, 11, 19, 18, 0, 0, 0, storage.Warsaw),
		Location: "Urząd Miasta Krakowa, al. Powstania Warszawskiego 10, sala 105", Capacity: 60,
	}
}

// sampleView is what the sender would give the templates of kind.
func sampleView(kind, lang string, withLink bool) View {
	m := sampleMeeting()
	v := View{
		Kind: kind, Lang: lang, Foundation: "Fundacja BIS",
		Meeting:      NewMeetingView(m, lang),
		Registration: RegistrationView{Organization: "Stowarzyszenie Przyjaciół Mistrzejowic", ContactName: "Anna Nowak", Attendees: 2},
	}
	if withLink {
		v.WithdrawURL = "https://zapisy.bis-krakow.pl/wypisz/0123456789abcdef"
	}
	switch kind {
	case storage.KindConfirmation, storage.KindPromoted, "changed", storage.KindMeetingCancelled, storage.KindWithdrawn:
		v.Calendar = true
	case storage.KindWaitlisted:
		v.Position = 3
		v.Waitlisted = true
	case "reminder":
		v.Relative = Relative(m.StartsAt.Add(-24*time.Hour), m.StartsAt, lang)
	case storage.KindClarification:
		v.Meeting = MeetingView{}
		m3 := storage.Meeting{Title: "Tryb pozakonkursowy (małe granty) i regranting", Location: "Fundacja BIS, ul. Józefińska 18, Kraków",
			StartsAt: time.Date(2014, 11, 24, 12, 0, 0, 0, storage.Warsaw), EndsAt: time.Date(2014, 11, 24, 14, 0, 0, 0, storage.Warsaw)}
		v.Upcoming = []MeetingView{NewMeetingView(m, lang), NewMeetingView(m3, lang)}
	}
	return v
}

func TestRenderGolden(t *testing.T) {
	r, err := NewRenderer(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range Langs {
		for _, kind := range Kinds {
			for _, link := range []bool{false, true} {
				name := lang + "-" + kind
				if link {
					name += "-link"
				}
				t.Run(name, func(t *testing.T) {
					out, err := r.Render(sampleView(kind, lang, link))
					if err != nil {
						t.Fatal(err)
					}
					got := "Subject: " + out.Subject + "\n\n" + out.Text + "\n======== HTML ========\n" + out.HTML
					checkGolden(t, filepath.Join("testdata", name+".golden"), got)
					if strings.Contains(out.Text, "<no value>") || strings.Contains(out.HTML, "<no value>") {
						t.Errorf("a field is missing in %s", name)
					}
				})
			}
		}
	}
}

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs (go test -update rewrites it after review)\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
	}
}

func TestRenderSubjectHasNoLineBreaks(t *testing.T) {
	r, err := NewRenderer(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	v := sampleView(storage.KindConfirmation, "pl", false)
	m := sampleMeeting()
	m.Title = "Spotkanie\r\nBcc: ofiara@example.org"
	v.Meeting = NewMeetingView(m, "pl")
	v.Kind = "changed"
	out, err := r.Render(v)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(out.Subject, "\r\n") {
		t.Errorf("subject %q has a line break", out.Subject)
	}
}

func TestRenderUnknownLangFallsBackToPolish(t *testing.T) {
	r, err := NewRenderer(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	out, err := r.Render(sampleView(storage.KindConfirmation, "de", false))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.Subject, "Potwierdzenie zapisu") {
		t.Errorf("subject %q, want the Polish one", out.Subject)
	}
}
