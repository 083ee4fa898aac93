package web

import (
	"net/http"
	"net/url"
	"strconv"

	"zapisy/storage"
)

// meetingCancel cancels a meeting (storage.DB.CancelMeeting, as
// "zapisy meetings cancel" does) once staff ticked the confirmation: every
// active registrant with an address is owed a cancellation notice, and the
// reminders are dropped.
func (s *server) meetingCancel(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	now := s.now()
	m, err := s.db.GetMeeting(ctx, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	switch {
	case m.Cancelled:
		s.renderMeeting(w, r, http.StatusConflict, m.ID, "", "To spotkanie jest już odwołane.", nil)
		return
	case !now.Before(m.StartsAt):
		s.renderMeeting(w, r, http.StatusConflict, m.ID, "", "To spotkanie już się zaczęło albo odbyło: nie można go odwołać.", nil)
		return
	}
	errs := map[string]string{}
	if r.PostFormValue("potwierdzam") != "tak" {
		errs["confirm"] = "Zaznacz „Tak, odwołuję to spotkanie”, jeśli na pewno chcesz je odwołać."
	}
	staff, ok := s.staffName(w, r)
	if !ok {
		errs["staff"] = staffMissingMeeting
	}
	if len(errs) > 0 {
		s.renderMeeting(w, r, http.StatusUnprocessableEntity, m.ID, "", "Nie odwołano: popraw zaznaczone pola.", errs)
		return
	}
	if err := s.db.CancelMeeting(ctx, m.ID, "staff: "+staff, now); err != nil {
		s.fail(w, r, err)
		return
	}
	regs, err := s.db.Registrations(ctx, storage.RegistrationFilter{MeetingID: m.ID})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ids := map[string]bool{}
	for _, reg := range regs {
		ids[reg.ID] = true
	}
	mailed, err := s.noticesFor(r, ids, storage.KindMeetingCancelled)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	_, unreachable := reach(regs)
	s.log.Info("web: meeting cancelled", "meeting", m.ID, "notices", mailed, "staff", staff)
	if mailed > 0 {
		s.nudge()
	}
	q := url.Values{"odwolano": {"1"}, "maile": {strconv.Itoa(mailed)}, "telefony": {strconv.Itoa(unreachable)}}
	redirect(w, r, "/spotkania/"+m.ID+"?"+q.Encode())
}
