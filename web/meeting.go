package web

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"

	"zapisy/notify"
	"zapisy/storage"
)

type meetingData struct {
	Meeting   meetingRow
	Active    []storage.Registration // registered and waitlisted
	Inactive  []storage.Registration // withdrawn, expired
	Calls     []storage.CallEntry
	Ended     bool
	WithdrawN string // id of the registration just withdrawn, for the flash
	// Told and Unreachable count the active registrations with and
	// without an email address (who a cancellation is mailed to).
	Told, Unreachable int
	CancelErrs        map[string]string // the cancel form's field errors
}

func (s *server) meeting(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id := r.PathValue("id")
	flash := meetingFlash(r.URL.Query())
	if wid := r.URL.Query().Get("wypisano"); wid != "" {
		if reg, err := s.db.GetRegistration(ctx, wid); err == nil && reg.Meeting() == id {
			flash = "Wypisano: " + orgOrName(reg) + "."
		}
	}
	s.renderMeeting(w, r, http.StatusOK, id, flash, "", nil)
}

// renderMeeting shows a meeting's page with a flash or an error, and the
// cancel form's field errors after a refused cancellation.
func (s *server) renderMeeting(w http.ResponseWriter, r *http.Request, code int, id, flash, errText string, cancelErrs map[string]string) {
	d, err := s.meetingData(r, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Calls, err = notify.CallList(r.Context(), s.db, id); err != nil {
		s.fail(w, r, err)
		return
	}
	d.CancelErrs = cancelErrs
	v := view{Title: d.Meeting.Title, Nav: "dashboard", Data: d, Flash: flash, Error: errText}
	if r.Method == http.MethodPost {
		v.Typed = r.PostFormValue("staff")
	}
	s.render(w, r, code, "meeting", "staff", v)
}

func (s *server) meetingData(r *http.Request, id string) (meetingData, error) {
	ctx := r.Context()
	m, err := s.db.GetMeeting(ctx, id)
	if err != nil {
		return meetingData{}, err
	}
	regs, err := s.db.Registrations(ctx, storage.RegistrationFilter{MeetingID: id})
	if err != nil {
		return meetingData{}, err
	}
	d := meetingData{Meeting: meetingRow{MeetingInfo: m}, Ended: ended(m, s.now())}
	for _, reg := range regs {
		switch reg.Status {
		case storage.StatusRegistered:
			d.Meeting.Taken += reg.Attendees
			d.Meeting.Registrations++
			d.Active = append(d.Active, reg)
		case storage.StatusWaitlisted:
			d.Meeting.Waiting++
			d.Meeting.WaitingPeople += reg.Attendees
			d.Active = append(d.Active, reg)
		default:
			d.Inactive = append(d.Inactive, reg)
		}
	}
	d.Meeting.Full = m.Capacity > 0 && d.Meeting.Taken >= m.Capacity
	d.Told, d.Unreachable = reach(d.Active)
	return d, nil
}

func orgOrName(r storage.Registration) string {
	if r.Organization != "" {
		return r.Organization
	}
	return r.ContactName
}

// exportFormats are the downloads of a meeting's list, by file extension.
var exportFormats = map[string]struct {
	contentType string
	write       func(io.Writer, []storage.Registration) error
}{
	"csv":  {"text/csv; charset=utf-8", storage.WriteCSV},
	"xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", storage.WriteXLSX},
	"json": {"application/json; charset=utf-8", storage.WriteJSON},
}

// export serves /spotkania/{id}/eksport.<format>.
func (s *server) export(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { s.exportAs(w, r, format) }
}

func (s *server) exportAs(w http.ResponseWriter, r *http.Request, format string) {
	ctx := r.Context()
	id := r.PathValue("id")
	f := exportFormats[format]
	if _, err := s.db.GetMeeting(ctx, id); err != nil {
		s.fail(w, r, err)
		return
	}
	regs, err := s.db.Registrations(ctx, storage.RegistrationFilter{MeetingID: id})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name := "zapisy-" + safeFileName(id) + "." + format
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Content-Type", f.contentType)
	if err := f.write(w, regs); err != nil {
		s.log.Error("web: export", "meeting", id, "err", err)
	}
}

// safeFileName keeps letters, digits, '-' and '_' of a meeting id.
func safeFileName(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') {
			return r
		}
		return '_'
	}, s)
}

func (s *server) staffWithdraw(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id := r.PathValue("id")
	regID := r.PostFormValue("registration")
	reg, err := s.db.GetRegistration(ctx, regID)
	if errors.Is(err, storage.ErrNotFound) || (err == nil && reg.Meeting() != id) {
		s.renderError(w, r, http.StatusNotFound, "Nie ma takiego zapisu", "Ten zapis nie istnieje albo dotyczy innego spotkania.")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	staff, ok := s.staffName(w, r)
	if !ok {
		d, err := s.meetingData(r, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d.Calls, _ = notify.CallList(ctx, s.db, id)
		s.render(w, r, http.StatusUnprocessableEntity, "meeting", "staff", view{Title: d.Meeting.Title, Nav: "dashboard", Data: d,
			Error: "Wpisz swoje imię i nazwisko w polu „Pracownik”, żeby było wiadomo, kto wypisał tę osobę."})
		return
	}
	if _, err := s.db.Withdraw(ctx, reg.ID, "staff: "+staff, s.now()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("web: registration withdrawn by staff", "registration", reg.ID, "meeting", id, "staff", staff)
	s.nudge()
	redirect(w, r, "/spotkania/"+id+"?wypisano="+reg.ID)
}

// staffName is who makes a change: the logged-in user, or the name typed in
// the form's "staff" field when no password is set.
func (s *server) staffName(w http.ResponseWriter, r *http.Request) (string, bool) {
	if n := staffFrom(r.Context()); n != "" {
		return n, true
	}
	n := strings.Join(strings.Fields(r.PostFormValue("staff")), " ")
	if len([]rune(n)) > 100 {
		n = string([]rune(n)[:100])
	}
	if n == "" {
		return "", false
	}
	// Remembered so the next form comes filled in.
	http.SetCookie(w, &http.Cookie{Name: staffCookie, Value: url.QueryEscape(n), Path: "/",
		MaxAge: 365 * 24 * 3600, HttpOnly: true, SameSite: http.SameSiteStrictMode})
	return n, true
}

// staffCookie remembers the name typed in forms when there is no login.
const staffCookie = "zapisy_pracownik"

// rememberedStaff is the name last typed in a form on this browser.
func rememberedStaff(r *http.Request) string {
	c, err := r.Cookie(staffCookie)
	if err != nil {
		return ""
	}
	n, err := url.QueryUnescape(c.Value)
	if err != nil {
		return ""
	}
	return n
}
