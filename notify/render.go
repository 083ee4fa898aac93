package notify

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"regexp"
	"strings"
	texttemplate "text/template"
	"time"

	"zapisy/notify/pldate"
	"zapisy/storage"
)

// Kinds are the templates every language has: the outbox's kinds without
// their suffixes (see BaseKind).
var Kinds = []string{
	storage.KindConfirmation, storage.KindWaitlisted, storage.KindPromoted, storage.KindWithdrawn,
	"reminder", "changed", storage.KindMeetingCancelled, storage.KindClarification,
}

// Langs are the languages notices are written in; the first is the default.
var Langs = []string{"pl", "en"}

// BaseKind is the template of an outbox kind: "reminder-3d" → "reminder",
// "changed-2" → "changed"; other kinds are their own.
func BaseKind(kind string) string {
	switch {
	case strings.HasPrefix(kind, storage.KindReminderPrefix):
		return "reminder"
	case strings.HasPrefix(kind, storage.KindChangedPrefix):
		return "changed"
	}
	return kind
}

// MeetingView is a meeting as the templates show it.
type MeetingView struct {
	Title     string
	When      string // "środa, 19 listopada 2014, godz. 16:00–18:00"
	Location  string
	DayMonth  string // "19 listopada"
	StartTime string // "16:00"
}

// NewMeetingView formats a meeting in a language (times in Warsaw).
func NewMeetingView(m storage.Meeting, lang string) MeetingView {
	start, end := m.StartsAt.In(storage.Warsaw), m.EndsAt.In(storage.Warsaw)
	v := MeetingView{Title: oneLine(m.Title), Location: oneLine(m.Location), StartTime: start.Format("15:04")}
	if lang == "en" {
		v.When, v.DayMonth = pldate.SpanEN(start, end), start.Format("2 January")
	} else {
		v.When, v.DayMonth = pldate.Span(start, end), pldate.DayMonth(start)
	}
	return v
}

// RegistrationView is what the registrant signed up with.
type RegistrationView struct {
	Organization string
	ContactName  string
	Attendees    int
}

// View is everything a notice's templates may show.
type View struct {
	Kind    string // base kind (see BaseKind)
	Lang    string // "pl" or "en"
	Subject string // set by Render before the HTML part is rendered
	// Foundation signs the notice ("Fundacja BIS").
	Foundation   string
	Meeting      MeetingView // empty for a pending registration
	Registration RegistrationView
	Position     int    // place on the waiting list
	WithdrawURL  string // "" when no public address is configured
	Relative     string // reminders: "jutro", "za 3 dni"
	Waitlisted   bool   // the registration is on the waiting list
	Calendar     bool   // an iCalendar part is attached
	Upcoming     []MeetingView
}

// Relative says when a meeting is, seen from now, in a language.
func Relative(now, start time.Time, lang string) string {
	if lang == "en" {
		return pldate.RelativeEN(now, start)
	}
	return pldate.Relative(now, start)
}

// Rendered is a notice ready to be put into a message.
type Rendered struct {
	Subject string
	Text    string
	HTML    string
}

// Renderer holds every notice template, parsed once.
type Renderer struct {
	text map[string]*texttemplate.Template // lang + "/" + kind
	html map[string]*htmltemplate.Template
}

// NewRenderer parses the mail templates of fsys (templates.FS) for every
// kind and language, and fails when one is missing or broken. No I/O
// besides reading fsys.
func NewRenderer(fsys fs.FS) (*Renderer, error) {
	r := &Renderer{text: map[string]*texttemplate.Template{}, html: map[string]*htmltemplate.Template{}}
	for _, lang := range Langs {
		for _, kind := range Kinds {
			key := lang + "/" + kind
			tt, err := texttemplate.New(kind).Option("missingkey=error").ParseFS(fsys, "mail/"+lang+"/common.txt", "mail/"+key+".txt")
			if err != nil {
				return nil, fmt.Errorf("notify: templates %s: %w", key, err)
			}
			ht, err := htmltemplate.New(kind).Option("missingkey=error").ParseFS(fsys, "mail/"+lang+"/layout.html", "mail/"+key+".html")
			if err != nil {
				return nil, fmt.Errorf("notify: templates %s: %w", key, err)
			}
			for _, name := range []string{"subject", "text"} {
				if tt.Lookup(name) == nil {
					return nil, fmt.Errorf("notify: template mail/%s.txt does not define %q", key, name)
				}
			}
			if ht.Lookup("content") == nil || ht.Lookup("html") == nil {
				return nil, fmt.Errorf("notify: template mail/%s.html does not define \"content\"", key)
			}
			r.text[key], r.html[key] = tt, ht
		}
	}
	return r, nil
}

// Render writes a notice. An unknown language falls back to Polish.
func (r *Renderer) Render(v View) (Rendered, error) {
	if _, ok := r.text[v.Lang+"/"+v.Kind]; !ok {
		v.Lang = Langs[0]
	}
	key := v.Lang + "/" + v.Kind
	tt, ok := r.text[key]
	if !ok {
		return Rendered{}, fmt.Errorf("notify: no template for notice kind %q", v.Kind)
	}
	var b bytes.Buffer
	if err := tt.ExecuteTemplate(&b, "subject", v); err != nil {
		return Rendered{}, fmt.Errorf("notify: render %s subject: %w", key, err)
	}
	v.Subject = oneLine(b.String())
	b.Reset()
	if err := tt.ExecuteTemplate(&b, "text", v); err != nil {
		return Rendered{}, fmt.Errorf("notify: render %s text: %w", key, err)
	}
	text := tidyText(b.String())
	b.Reset()
	if err := r.html[key].ExecuteTemplate(&b, "html", v); err != nil {
		return Rendered{}, fmt.Errorf("notify: render %s HTML: %w", key, err)
	}
	return Rendered{Subject: v.Subject, Text: text, HTML: tidyHTML(b.String())}, nil
}

var (
	blankRuns    = regexp.MustCompile(`\n{3,}`)
	trailingWS   = regexp.MustCompile(`[ \t]+\n`)
	controlChars = regexp.MustCompile(`[\x00-\x1f\x7f]+`)
)

// oneLine makes a header value: no CR, LF or other control characters
// (whatever the meeting title or organisation contained), single spaces.
func oneLine(s string) string {
	return strings.Join(strings.Fields(controlChars.ReplaceAllString(s, " ")), " ")
}

// tidyText trims the blank lines templates leave, keeping the signature
// separator "-- " (with its space) intact.
func tidyText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "-- " {
			lines[i] = strings.TrimRight(l, " \t")
		}
	}
	s = strings.Join(lines, "\n")
	s = blankRuns.ReplaceAllString(s, "\n\n")
	return strings.TrimSpace(s) + "\n"
}

func tidyHTML(s string) string {
	s = trailingWS.ReplaceAllString(s, "\n")
	s = blankRuns.ReplaceAllString(s, "\n")
	return strings.TrimSpace(s) + "\n"
}
