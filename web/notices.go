package web

import (
	"errors"
	"net/http"

	"zapisy/notify"
	"zapisy/storage"
)

// noticeRow is a notice that did not (surely) reach its recipient, with
// the registration and meeting it is about.
type noticeRow struct {
	storage.Notice
	Reg     *storage.Registration
	Meeting *storage.MeetingInfo
}

func (s *server) notices(w http.ResponseWriter, r *http.Request) {
	s.renderNotices(w, r, http.StatusOK, "")
}

func (s *server) renderNotices(w http.ResponseWriter, r *http.Request, code int, errText string) {
	ctx := r.Context()
	ns, err := notify.Problems(ctx, s.db)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows := make([]noticeRow, len(ns))
	meetings := map[string]*storage.MeetingInfo{}
	for i, n := range ns {
		rows[i].Notice = n
		if !n.RegistrationID.Valid {
			continue
		}
		reg, err := s.db.GetRegistration(ctx, n.RegistrationID.String)
		if err != nil {
			continue
		}
		rows[i].Reg = &reg
		mid := reg.Meeting()
		if _, ok := meetings[mid]; !ok && mid != "" {
			if m, err := s.db.GetMeeting(ctx, mid); err == nil {
				meetings[mid] = &m
			}
		}
		rows[i].Meeting = meetings[mid]
	}
	v := view{Title: "Powiadomienia, które nie doszły", Nav: "notices", Data: rows, Error: errText}
	if r.URL.Query().Get("ponowiono") != "" {
		v.Flash = "Powiadomienie wróciło do kolejki i zostanie wysłane ponownie (z tym samym identyfikatorem wiadomości)."
	}
	s.render(w, r, code, "notices", "staff", v)
}

func (s *server) resend(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	staff, ok := s.staffName(w, r)
	if !ok {
		s.renderNotices(w, r, http.StatusUnprocessableEntity, "Wpisz swoje imię i nazwisko w polu „Pracownik”, zanim wyślesz ponownie.")
		return
	}
	err := notify.Resend(r.Context(), s.db, id, staff, s.now())
	if errors.Is(err, storage.ErrNotFound) {
		s.renderNotices(w, r, http.StatusConflict, "Tego powiadomienia nie można wysłać ponownie: nie istnieje albo jest już w kolejce lub wysłane.")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("web: notice queued again", "notice", id, "staff", staff)
	s.nudge()
	redirect(w, r, "/powiadomienia?ponowiono=1")
}
