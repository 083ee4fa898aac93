package web

import (
	"errors"
	"net/http"

	"zapisy/storage"
)

// unsubscribeData is what the public withdrawal page shows.
type unsubscribeData struct {
	Token   string
	Reg     storage.Registration
	Meeting storage.MeetingInfo
	EN      bool // the registrant wrote in English
	Active  bool // registered or waitlisted: can withdraw
	Past    bool // the meeting has begun or is over
}

// unsubscribeLoad finds the registration a withdrawal link names; it has
// answered the request when ok is false.
func (s *server) unsubscribeLoad(w http.ResponseWriter, r *http.Request) (unsubscribeData, bool) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Robots-Tag", "noindex, nofollow")
	ctx := r.Context()
	token := r.PathValue("token")
	reg, err := s.db.RegistrationByToken(ctx, token)
	if errors.Is(err, storage.ErrNotFound) || (err == nil && (token == "" || reg.Meeting() == "")) {
		s.renderError(w, r, http.StatusNotFound, "Nie znaleziono zapisu",
			"Ten link nie prowadzi do żadnego zapisu. Sprawdź, czy skopiowano go w całości, albo napisz do nas: martyna.niedospial@bis-krakow.pl, tel. 535 655 055.")
		return unsubscribeData{}, false
	}
	if err != nil {
		s.fail(w, r, err)
		return unsubscribeData{}, false
	}
	m, err := s.db.GetMeeting(ctx, reg.Meeting())
	if err != nil {
		s.fail(w, r, err)
		return unsubscribeData{}, false
	}
	d := unsubscribeData{Token: token, Reg: reg, Meeting: m, EN: reg.Lang == "en",
		Active: reg.Status == storage.StatusRegistered || reg.Status == storage.StatusWaitlisted,
		Past:   !s.now().Before(m.StartsAt)}
	return d, true
}

// unsubscribeForm only shows the registration and a button: mail scanners
// and link previews fetch links, and a GET must not withdraw anyone.
func (s *server) unsubscribeForm(w http.ResponseWriter, r *http.Request) {
	d, ok := s.unsubscribeLoad(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "unsubscribe", "public", view{Title: pick(d.EN, "Wypisanie ze spotkania", "Withdraw from the meeting"), Lang: d.Reg.Lang, Data: d})
}

func (s *server) unsubscribe(w http.ResponseWriter, r *http.Request) {
	d, ok := s.unsubscribeLoad(w, r)
	if !ok {
		return
	}
	if d.Active && !d.Past && !d.Meeting.Cancelled {
		if _, err := s.db.Withdraw(r.Context(), d.Reg.ID, "link", s.now()); err != nil {
			s.fail(w, r, err)
			return
		}
		s.log.Info("web: registration withdrawn by link", "registration", d.Reg.ID, "meeting", d.Meeting.ID)
		s.nudge()
	}
	redirect(w, r, "/wypisz/"+d.Token+"/gotowe")
}

func (s *server) unsubscribed(w http.ResponseWriter, r *http.Request) {
	d, ok := s.unsubscribeLoad(w, r)
	if !ok {
		return
	}
	if d.Active {
		// Not withdrawn (yet): back to the page with the button.
		redirect(w, r, "/wypisz/"+d.Token)
		return
	}
	s.render(w, r, http.StatusOK, "unsubscribed", "public", view{Title: pick(d.EN, "Wypisano", "Withdrawn"), Lang: d.Reg.Lang, Data: d})
}

func pick(en bool, pl, english string) string {
	if en {
		return english
	}
	return pl
}
