package web

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"zapisy/storage"
)

// meetingFields are the meeting form as typed: date as 2006-01-02 and times
// as 15:04 (what input type=date and type=time send).
type meetingFields struct {
	ID, Title, Date, Start, End, Location, Capacity string
}

// meetingFormData is what templates/web/meeting_form.html gets, for a new
// meeting and for a change of one.
type meetingFormData struct {
	Form meetingFields
	Errs map[string]string // field name → what is wrong with it
	Edit bool              // a change: the id is fixed
	// Current is the meeting as stored, when Edit.
	Current storage.MeetingInfo
	// Version fingerprints Current as the form was filled from it, so a
	// save over someone else's change in between is noticed.
	Version string
	// Told and Unreachable count the active registrations (registered or
	// waitlisted) with and without an email address: who a change of time
	// or place is mailed to, and who must be phoned.
	Told, Unreachable int
	Confirm           *moveConfirm // a move waiting to be confirmed
	Stale             bool         // Current changed since the form was filled
}

// moveConfirm is a change of time or place shown back before saving,
// because saving mails every registrant.
type moveConfirm struct {
	From, To storage.Meeting
	Token    string // confirmToken of the move; sent back when confirmed
}

// Limits of the typed values.
const (
	maxMeetingID    = 40
	maxTitle        = 200
	maxLocation     = 300
	maxCapacity     = 10000
	reservedNewPath = "nowe" // /spotkania/nowe is the form, not a meeting
)

var meetingIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

func meetingFieldsOf(r *http.Request) meetingFields {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	return meetingFields{ID: strings.ToLower(v("id")), Title: v("title"), Date: v("date"),
		Start: v("start"), End: v("end"), Location: v("location"), Capacity: v("capacity")}
}

// fieldsOf fills the form from a stored meeting.
func fieldsOf(m storage.Meeting) meetingFields {
	s, e := m.StartsAt.In(storage.Warsaw), m.EndsAt.In(storage.Warsaw)
	return meetingFields{ID: m.ID, Title: m.Title, Date: s.Format(time.DateOnly), Start: s.Format("15:04"),
		End: e.Format("15:04"), Location: m.Location, Capacity: strconv.Itoa(m.Capacity)}
}

// meeting reads the fields into a meeting (times in Europe/Warsaw) and
// names what is wrong, field by field. The id is not checked here: a new
// meeting checks it with idProblem, a change takes it from the address.
func (f meetingFields) meeting() (storage.Meeting, map[string]string) {
	errs := map[string]string{}
	m := storage.Meeting{ID: f.ID, Title: f.Title, Location: f.Location}
	switch {
	case f.Title == "":
		errs["title"] = "Podaj tytuł spotkania."
	case len([]rune(f.Title)) > maxTitle:
		errs["title"] = fmt.Sprintf("Tytuł może mieć najwyżej %d znaków.", maxTitle)
	}
	switch {
	case f.Location == "":
		errs["location"] = "Podaj miejsce spotkania (adres albo „online”)."
	case len([]rune(f.Location)) > maxLocation:
		errs["location"] = fmt.Sprintf("Miejsce może mieć najwyżej %d znaków.", maxLocation)
	}
	day, dayOK := dateOf(f.Date)
	if !dayOK {
		errs["date"] = "Podaj datę spotkania (np. 19.11.2014)."
		if f.Date == "" {
			errs["date"] = "Podaj datę spotkania."
		}
	}
	start, msg := clockOn(day, f.Start, "rozpoczęcia")
	if msg != "" {
		errs["start"] = msg
	}
	end, msg := clockOn(day, f.End, "zakończenia")
	if msg != "" {
		errs["end"] = msg
	}
	if dayOK && errs["start"] == "" && errs["end"] == "" {
		m.StartsAt, m.EndsAt = start, end
		if !end.After(start) {
			errs["end"] = "Spotkanie musi się kończyć później, niż się zaczyna."
		}
	}
	c, err := strconv.Atoi(f.Capacity)
	switch {
	case f.Capacity == "":
		errs["capacity"] = "Podaj liczbę miejsc (0 = bez limitu)."
	case err != nil || c < 0 || c > maxCapacity:
		errs["capacity"] = fmt.Sprintf("Podaj liczbę miejsc od 0 do %d (0 = bez limitu).", maxCapacity)
	default:
		m.Capacity = c
	}
	return m, errs
}

// dateOf reads a date as input type=date sends it (2014-11-19), or as
// typed where the browser shows a plain text field (19.11.2014).
func dateOf(s string) (time.Time, bool) {
	for _, layout := range []string{time.DateOnly, "2.1.2006"} {
		if d, err := time.ParseInLocation(layout, s, storage.Warsaw); err == nil {
			return d, true
		}
	}
	return time.Time{}, false
}

// clockOn is the time of day s (16:00, 16:00:00, 16.00) on day in Warsaw;
// which names the field in the message.
func clockOn(day time.Time, s, which string) (time.Time, string) {
	if s == "" {
		return time.Time{}, "Podaj godzinę " + which + "."
	}
	var c time.Time
	var err error
	for _, layout := range []string{"15:04", "15:04:05", "15.04"} {
		if c, err = time.Parse(layout, s); err == nil {
			break
		}
	}
	if err != nil {
		return time.Time{}, "Podaj godzinę " + which + " jako GG:MM, np. 16:00."
	}
	if day.IsZero() {
		return time.Time{}, ""
	}
	t := time.Date(day.Year(), day.Month(), day.Day(), c.Hour(), c.Minute(), 0, 0, storage.Warsaw)
	if t.Hour() != c.Hour() || t.Minute() != c.Minute() {
		return time.Time{}, "Tej godziny nie ma tego dnia (zmiana czasu na letni)."
	}
	return t, ""
}

// idProblem says what is wrong with the id of a new meeting, or "".
func idProblem(id string, ms []storage.MeetingInfo) string {
	switch {
	case id == "":
		return "Podaj identyfikator, np. " + nextMeetingID(ms) + "."
	case len(id) > maxMeetingID:
		return fmt.Sprintf("Identyfikator może mieć najwyżej %d znaków.", maxMeetingID)
	case !meetingIDPattern.MatchString(id):
		return "Identyfikator może mieć tylko małe litery a–z, cyfry i łącznik (np. " + nextMeetingID(ms) + " albo podgorze-2)."
	case id == reservedNewPath:
		return "Tego identyfikatora nie można użyć; wybierz inny, np. " + nextMeetingID(ms) + "."
	}
	for _, m := range ms {
		if m.ID == id {
			return "Spotkanie " + id + " już istnieje („" + m.Title + "”). Wybierz inny identyfikator, np. " + nextMeetingID(ms) + "."
		}
	}
	return ""
}

// nextMeetingID suggests "m" and one more than the highest number of the
// ids of the form mN.
func nextMeetingID(ms []storage.MeetingInfo) string {
	high := 0
	for _, m := range ms {
		rest, ok := strings.CutPrefix(m.ID, "m")
		if n, err := strconv.Atoi(rest); ok && err == nil && rest == strconv.Itoa(n) && n > high {
			high = n
		}
	}
	return "m" + strconv.Itoa(high+1)
}

// futureProblem refuses a meeting that would start at or before now: the
// date when the whole day has passed, the start time otherwise.
func futureProblem(m storage.Meeting, now time.Time, errs map[string]string) {
	if m.StartsAt.IsZero() || m.StartsAt.After(now) {
		return
	}
	s, n := m.StartsAt.In(storage.Warsaw), now.In(storage.Warsaw)
	if s.Format(time.DateOnly) < n.Format(time.DateOnly) {
		errs["date"] = "Ta data już minęła."
		return
	}
	errs["start"] = "Ta godzina już minęła (teraz jest " + n.Format("15:04") + ")."
}

// versionOf fingerprints a stored meeting for the edit form.
func versionOf(m storage.MeetingInfo) string {
	return fingerprint(m.ID, m.Title, m.StartsAt.Unix(), m.EndsAt.Unix(), m.Location, m.Capacity, m.Cancelled, m.Sequence)
}

// confirmToken names one move of a meeting (from the version it was made
// on to the new time and place): a confirmation counts for that move only.
func confirmToken(from storage.MeetingInfo, to storage.Meeting) string {
	return fingerprint(versionOf(from), to.StartsAt.Unix(), to.EndsAt.Unix(), to.Location)
}

func fingerprint(parts ...any) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%v\x00", p)
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// moved reports whether to changes the time or place of from: what makes
// ImportMeetings mail the registrants.
func moved(from, to storage.Meeting) bool {
	return !from.StartsAt.Equal(to.StartsAt) || !from.EndsAt.Equal(to.EndsAt) || from.Location != to.Location
}

// reach counts the active registrations of a meeting with an email address
// (who is mailed about a change) and without (who must be phoned).
func reach(regs []storage.Registration) (told, unreachable int) {
	for _, r := range regs {
		if r.Status != storage.StatusRegistered && r.Status != storage.StatusWaitlisted {
			continue
		}
		if r.Email != "" {
			told++
		} else {
			unreachable++
		}
	}
	return told, unreachable
}

func (s *server) renderMeetingForm(w http.ResponseWriter, r *http.Request, code int, d meetingFormData, errText string) {
	title := "Dodaj spotkanie"
	if d.Edit {
		title = "Zmień spotkanie: " + d.Current.Title
		regs, err := s.db.Registrations(r.Context(), storage.RegistrationFilter{MeetingID: d.Current.ID})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d.Told, d.Unreachable = reach(regs)
	}
	v := view{Title: title, Nav: "dashboard", Data: d, Error: errText}
	if r.Method == http.MethodPost {
		v.Typed = r.PostFormValue("staff")
	}
	s.render(w, r, code, "meeting_form", "staff", v)
}
