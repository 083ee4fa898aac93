package web

import (
	"errors"
	"net/http"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"zapisy/intake/phone"
	"zapisy/storage"
)

// phoneFields are the phone sign-up form as typed.
type phoneFields struct {
	Meeting, Org, Name, Phone, Email, Attendees, Note string
}

type phoneData struct {
	Form     phoneFields
	Errs     map[string]string // field name → what is wrong with it
	Meetings []storage.MeetingInfo
	Done     *phoneDone
}

// phoneDone is the sign-up just recorded, shown above an empty form.
type phoneDone struct {
	Reg      storage.Registration
	Meeting  storage.MeetingInfo
	Existing bool
}

func (s *server) phoneForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d := phoneData{Form: phoneFields{Meeting: r.URL.Query().Get("spotkanie"), Attendees: "1"}}
	q := r.URL.Query()
	for _, key := range []string{"zapisano", "juz"} {
		id := q.Get(key)
		if id == "" {
			continue
		}
		reg, err := s.db.GetRegistration(ctx, id)
		if err != nil {
			continue
		}
		m, err := s.db.GetMeeting(ctx, reg.Meeting())
		if err != nil {
			continue
		}
		d.Done = &phoneDone{Reg: reg, Meeting: m, Existing: key == "juz"}
		d.Form.Meeting = reg.Meeting()
	}
	s.renderPhone(w, r, http.StatusOK, d, "")
}

func (s *server) renderPhone(w http.ResponseWriter, r *http.Request, code int, d phoneData, errText string) {
	ms, err := s.db.Meetings(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now := s.now()
	for _, m := range ms {
		if !m.Cancelled && now.Before(m.StartsAt) {
			d.Meetings = append(d.Meetings, m)
		}
	}
	v := view{Title: "Zapis telefoniczny", Nav: "phone", Data: d, Error: errText}
	if code != http.StatusOK {
		v.Typed = r.PostFormValue("staff")
	}
	s.render(w, r, code, "phone", "staff", v)
}

func (s *server) phoneSubmit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f := phoneFields{
		Meeting:   strings.TrimSpace(r.PostFormValue("meeting")),
		Org:       strings.TrimSpace(r.PostFormValue("org")),
		Name:      strings.TrimSpace(r.PostFormValue("name")),
		Phone:     strings.TrimSpace(r.PostFormValue("phone")),
		Email:     strings.TrimSpace(r.PostFormValue("email")),
		Attendees: strings.TrimSpace(r.PostFormValue("attendees")),
		Note:      strings.TrimSpace(r.PostFormValue("note")),
	}
	meetings, err := s.db.Meetings(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	errs := map[string]string{}
	if msg := meetingProblem(meetings, f.Meeting, s.now()); msg != "" {
		errs["meeting"] = msg
	}
	if f.Org == "" && f.Name == "" {
		errs["org"] = "Podaj nazwę organizacji albo imię i nazwisko osoby."
	}
	if msg := phoneProblem(f.Phone, true); msg != "" {
		errs["phone"] = msg
	}
	if msg := emailProblem(f.Email); msg != "" {
		errs["email"] = msg
	}
	att, msg := attendeesOf(f.Attendees)
	if msg != "" {
		errs["attendees"] = msg
	}
	staff, ok := s.staffName(w, r)
	if !ok {
		errs["staff"] = "Wpisz swoje imię i nazwisko: zapis pokaże, kto go przyjął."
	}
	if len(errs) > 0 {
		s.renderPhone(w, r, http.StatusUnprocessableEntity, phoneData{Form: f, Errs: errs},
			"Nie zapisano: popraw zaznaczone pola.")
		return
	}
	reg, existing, err := phone.Record(ctx, s.db, phone.Booking{
		MeetingID: f.Meeting, Organization: f.Org, ContactName: f.Name, Phone: f.Phone,
		Email: f.Email, Attendees: att, Note: f.Note, Staff: staff,
	}, s.now())
	var inv *phone.InvalidError
	if errors.As(err, &inv) {
		s.renderPhone(w, r, http.StatusUnprocessableEntity, phoneData{Form: f, Errs: errs},
			"Nie zapisano: "+strings.Join(inv.Problems, "; ")+".")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("web: phone sign-up recorded", "registration", reg.ID, "meeting", f.Meeting, "status", reg.Status, "existing", existing, "staff", staff)
	if !existing {
		s.nudge()
	}
	key := "zapisano"
	if existing {
		key = "juz"
	}
	redirect(w, r, "/telefon?"+key+"="+reg.ID)
}

// meetingProblem says why one cannot sign up for meeting id now, or "".
func meetingProblem(ms []storage.MeetingInfo, id string, now time.Time) string {
	if id == "" {
		return "Wybierz spotkanie."
	}
	for _, m := range ms {
		if m.ID != id {
			continue
		}
		switch {
		case m.Cancelled:
			return "To spotkanie jest odwołane."
		case !now.Before(m.StartsAt):
			return "To spotkanie już się zaczęło albo odbyło."
		}
		return ""
	}
	return "Nie ma takiego spotkania."
}

// phoneProblem checks a phone number as typed; required says whether an
// empty one is a problem.
func phoneProblem(p string, required bool) string {
	if p == "" {
		if required {
			return "Podaj numer telefonu."
		}
		return ""
	}
	if _, err := phone.Normalize(p); err != nil {
		return "To nie jest poprawny numer telefonu (np. 600 123 456 albo +48 12 345 67 89)."
	}
	return ""
}

func emailProblem(e string) string {
	if e == "" {
		return ""
	}
	a, err := mail.ParseAddress(e)
	if err != nil || a.Name != "" || a.Address != e {
		return "To nie jest adres e-mail (np. anna@example.org)."
	}
	return ""
}

// attendeesOf reads the number of people; empty means one.
func attendeesOf(s string) (int, string) {
	if s == "" {
		return 1, ""
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 50 {
		return 0, "Podaj liczbę osób od 1 do 50."
	}
	return n, ""
}
