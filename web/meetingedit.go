package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"zapisy/notify/pldate"
	"zapisy/storage"
)

// Staff add a meeting (storage.DB.AddMeeting) and change one
// (storage.DB.ImportMeetings with that one meeting, as
// "zapisy meetings import" does): a change of time or place raises the
// iCalendar sequence, mails every registrant and moves the reminders; more
// places move the waiting list up.

const (
	staffMissingMeeting = "Wpisz swoje imię i nazwisko: będzie wiadomo, kto wprowadził zmianę."
	fixFields           = "Nie zapisano: popraw zaznaczone pola."
	startedNoMove       = "To spotkanie już się zaczęło albo odbyło: nie można zmienić jego terminu ani miejsca."
)

func (s *server) meetingNew(w http.ResponseWriter, r *http.Request) {
	ms, err := s.db.Meetings(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderMeetingForm(w, r, http.StatusOK, meetingFormData{Form: meetingFields{ID: nextMeetingID(ms)}}, "")
}

func (s *server) meetingAdd(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	now := s.now()
	f := meetingFieldsOf(r)
	ms, err := s.db.Meetings(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, errs := f.meeting()
	if msg := idProblem(f.ID, ms); msg != "" {
		errs["id"] = msg
	}
	futureProblem(m, now, errs)
	staff, ok := s.staffName(w, r)
	if !ok {
		errs["staff"] = staffMissingMeeting
	}
	if len(errs) > 0 {
		s.renderMeetingForm(w, r, http.StatusUnprocessableEntity, meetingFormData{Form: f, Errs: errs}, fixFields)
		return
	}
	err = s.db.AddMeeting(ctx, m, now)
	if errors.Is(err, storage.ErrMeetingExists) {
		// Added by someone else since the check above.
		errs["id"] = "Spotkanie " + m.ID + " właśnie dodał ktoś inny. Wybierz inny identyfikator."
		s.renderMeetingForm(w, r, http.StatusUnprocessableEntity, meetingFormData{Form: f, Errs: errs}, fixFields)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("web: meeting added", "meeting", m.ID, "starts_at", m.StartsAt, "capacity", m.Capacity, "staff", staff)
	redirect(w, r, "/spotkania/"+m.ID+"?dodano=1")
}

// editable loads the meeting of the request for a change, answering for it
// when it does not exist or is cancelled.
func (s *server) editable(w http.ResponseWriter, r *http.Request) (storage.MeetingInfo, bool) {
	cur, err := s.db.GetMeeting(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return cur, false
	}
	if cur.Cancelled {
		s.renderMeeting(w, r, http.StatusConflict, cur.ID, "", cancelledNoEdit, nil)
		return cur, false
	}
	return cur, true
}

func (s *server) meetingEditForm(w http.ResponseWriter, r *http.Request) {
	cur, ok := s.editable(w, r)
	if !ok {
		return
	}
	d := meetingFormData{Form: fieldsOf(cur.Meeting), Edit: true, Current: cur, Version: versionOf(cur)}
	s.renderMeetingForm(w, r, http.StatusOK, d, "")
}

const cancelledNoEdit = "To spotkanie jest odwołane: nie można go już zmienić."

func (s *server) meetingEdit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	now := s.now()
	cur, ok := s.editable(w, r)
	if !ok {
		return
	}
	f := meetingFieldsOf(r)
	f.ID = cur.ID
	m, errs := f.meeting()
	d := meetingFormData{Form: f, Errs: errs, Edit: true, Current: cur, Version: versionOf(cur)}
	timeRead := errs["date"] == "" && errs["start"] == "" && errs["end"] == ""
	isMove := timeRead && errs["location"] == "" && moved(cur.Meeting, m)
	if isMove {
		moveProblem(cur.Meeting, m, now, errs)
	}
	staff, ok := s.staffName(w, r)
	if !ok {
		errs["staff"] = staffMissingMeeting
	}
	if len(errs) > 0 {
		s.renderMeetingForm(w, r, http.StatusUnprocessableEntity, d, fixFields)
		return
	}
	if r.PostFormValue("wersja") != d.Version {
		d.Stale = true
		s.renderMeetingForm(w, r, http.StatusConflict, d,
			"Nie zapisano: w międzyczasie ktoś inny zmienił to spotkanie. Porównaj swoje zmiany z tym, co jest teraz zapisane (poniżej), i zapisz jeszcze raz.")
		return
	}
	before, err := s.db.Registrations(ctx, storage.RegistrationFilter{MeetingID: cur.ID})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	told, unreachable := reach(before)
	if isMove && told+unreachable > 0 && r.PostFormValue("potwierdzenie") != confirmToken(cur, m) {
		// Saving mails everyone registered: show the move and ask first.
		d.Confirm = &moveConfirm{From: cur.Meeting, To: m, Token: confirmToken(cur, m)}
		s.renderMeetingForm(w, r, http.StatusOK, d, "")
		return
	}
	res, err := s.db.ImportMeetings(ctx, []storage.Meeting{m}, now)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	mailed, promoted, err := s.afterChange(r, cur.ID, before, len(res.ChangedIDs) > 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("web: meeting changed", "meeting", cur.ID, "moved", len(res.ChangedIDs) > 0, "notices", mailed, "promoted", promoted, "staff", staff)
	if mailed > 0 || promoted > 0 {
		s.nudge()
	}
	q := url.Values{"zmieniono": {"dane"}, "awans": {strconv.Itoa(promoted)}}
	switch {
	case res.Unchanged > 0:
		q.Set("zmieniono", "nic")
	case len(res.ChangedIDs) > 0:
		q.Set("zmieniono", "termin")
		q.Set("maile", strconv.Itoa(mailed))
		q.Set("telefony", strconv.Itoa(unreachable))
	}
	redirect(w, r, "/spotkania/"+cur.ID+"?"+q.Encode())
}

// moveProblem checks a change of time or place: a meeting that has begun
// keeps its time and place; a new time must be ahead.
func moveProblem(from, to storage.Meeting, now time.Time, errs map[string]string) {
	if !now.Before(from.StartsAt) {
		for _, c := range []struct {
			field   string
			changed bool
		}{
			{"date", !sameDay(from.StartsAt, to.StartsAt)},
			{"start", !from.StartsAt.Equal(to.StartsAt)},
			{"end", !from.EndsAt.Equal(to.EndsAt)},
			{"location", from.Location != to.Location},
		} {
			if c.changed {
				errs[c.field] = startedNoMove
				return
			}
		}
		return
	}
	if !from.StartsAt.Equal(to.StartsAt) || !from.EndsAt.Equal(to.EndsAt) {
		futureProblem(to, now, errs)
	}
}

func sameDay(a, b time.Time) bool {
	return a.In(storage.Warsaw).Format(time.DateOnly) == b.In(storage.Warsaw).Format(time.DateOnly)
}

// afterChange counts what a saved change of meeting id set going: the
// "changed" notices queued (when moved) and the registrations moved up from
// the waiting list, against the registrations before.
func (s *server) afterChange(r *http.Request, id string, before []storage.Registration, wasMoved bool) (mailed, promoted int, err error) {
	ctx := r.Context()
	after, err := s.db.Registrations(ctx, storage.RegistrationFilter{MeetingID: id})
	if err != nil {
		return 0, 0, err
	}
	waiting := map[string]bool{}
	for _, reg := range before {
		waiting[reg.ID] = reg.Status == storage.StatusWaitlisted
	}
	ids := map[string]bool{}
	for _, reg := range after {
		ids[reg.ID] = true
		if waiting[reg.ID] && reg.Status == storage.StatusRegistered {
			promoted++
		}
	}
	if !wasMoved {
		return 0, promoted, nil
	}
	m, err := s.db.GetMeeting(ctx, id)
	if err != nil {
		return 0, 0, err
	}
	mailed, err = s.noticesFor(r, ids, storage.KindChangedPrefix+strconv.Itoa(m.Sequence))
	return mailed, promoted, err
}

// noticesFor counts the notices of kind owed to the registrations ids.
func (s *server) noticesFor(r *http.Request, ids map[string]bool, kind string) (int, error) {
	ns, err := s.db.Notices(r.Context(), storage.NoticeFilter{Kind: kind})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, x := range ns {
		if x.RegistrationID.Valid && ids[x.RegistrationID.String] {
			n++
		}
	}
	return n, nil
}

// mailNote says who is told of a change by mail and who must be phoned:
// told registrations have an email address, unreachable ones do not; what
// says what the mail holds.
func mailNote(told, unreachable int, what string) string {
	var b strings.Builder
	switch {
	case told == 0 && unreachable == 0:
		return "Nikt nie jest zapisany, więc nikt nie dostanie wiadomości."
	case told == 0:
		b.WriteString("Nikt z zapisanych nie podał adresu e-mail, więc nikt nie dostanie e-maila.")
	default:
		b.WriteString(pldate.People(told) + " " + pldate.Plural(told, "dostanie", "dostaną", "dostanie") + " e-mail " + what + ".")
	}
	if unreachable > 0 {
		b.WriteString(" " + strconv.Itoa(unreachable) + " " + pldate.Plural(unreachable, "zapis nie ma", "zapisy nie mają", "zapisów nie ma") +
			" adresu e-mail: do tych osób trzeba zadzwonić.")
	}
	return b.String()
}

// moveWarning says on the change form, before anything is typed, who a
// change of time or place would be mailed to.
func moveWarning(told, unreachable int) string {
	if told == 0 && unreachable == 0 {
		return "Na to spotkanie nikt się jeszcze nie zapisał, więc teraz nikt nie dostałby wiadomości."
	}
	s := "Każda osoba zapisana na to spotkanie (także z listy rezerwowej) dostaje wtedy e-mail z nowym terminem i miejscem oraz aktualizację wpisu w kalendarzu"
	if told > 0 {
		s += " — teraz to " + pldate.People(told) + "."
	} else {
		s += ", ale teraz nikt z zapisanych nie ma adresu e-mail."
	}
	if unreachable > 0 {
		s += " " + strconv.Itoa(unreachable) + " " + pldate.Plural(unreachable, "zapis nie ma", "zapisy nie mają", "zapisów nie ma") +
			" adresu e-mail: do tych osób trzeba będzie zadzwonić."
	}
	return s
}

// What the mails say, for mailNote.
const (
	mailMoved     = "z nowym terminem i miejscem oraz aktualizacją wpisu w kalendarzu"
	mailCancelled = "o odwołaniu spotkania (wpis zniknie też z kalendarza)"
)

// meetingFlash confirms on the meeting's page what a change just did,
// from the query its redirect set.
func meetingFlash(q url.Values) string {
	n := func(k string) int { v, _ := strconv.Atoi(q.Get(k)); return v }
	var b strings.Builder
	switch {
	case q.Get("dodano") != "":
		return "Dodano spotkanie. Można już na nie zapisywać."
	case q.Get("odwolano") != "":
		b.WriteString("Spotkanie odwołane. " + mailNote(n("maile"), n("telefony"), mailCancelled))
	case q.Get("zmieniono") == "nic":
		return "Nic nie zmieniono: formularz miał te same dane, co spotkanie."
	case q.Get("zmieniono") == "termin":
		b.WriteString("Zapisano nowy termin lub miejsce. " + mailNote(n("maile"), n("telefony"), mailMoved))
	case q.Get("zmieniono") != "":
		b.WriteString("Zapisano zmiany. Termin i miejsce są bez zmian, więc nikt nie dostanie wiadomości o zmianie.")
	default:
		return ""
	}
	if p := n("awans"); p > 0 {
		b.WriteString(" " + strconv.Itoa(p) + " " + pldate.Plural(p, "zapis przeszedł", "zapisy przeszły", "zapisów przeszło") +
			" z listy rezerwowej na listę zapisanych; osoby z adresem e-mail dostaną o tym wiadomość.")
	}
	return b.String()
}
