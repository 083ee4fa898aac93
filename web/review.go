package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode"

	"zapisy/intake"
	"zapisy/intake/phone"
	"zapisy/intake/understand"
	"zapisy/storage"
)

// maxShownText bounds the decoded text shown on a review page.
const maxShownText = 20000

type reviewRow struct {
	storage.Inbound
	Proposed intake.Decision
}

type reviewListData struct {
	Items []reviewRow
	Done  *storage.Registration // registered just now from the queue
	DoneM string                // its meeting's title
}

func (s *server) reviewList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ins, err := s.db.InboundMessages(ctx, storage.InboundFilter{ReviewOpen: true})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var d reviewListData
	for _, in := range ins {
		d.Items = append(d.Items, reviewRow{Inbound: in, Proposed: storedDecision(in)})
	}
	v := view{Title: "Poczta do przejrzenia", Nav: "review", Data: d}
	q := r.URL.Query()
	if id := q.Get("zapisano"); id != "" {
		if reg, err := s.db.GetRegistration(ctx, id); err == nil {
			title := reg.Meeting()
			if m, err := s.db.GetMeeting(ctx, reg.Meeting()); err == nil {
				title = m.Title
			}
			v.Flash = "Zapisano: " + orgOrName(reg) + " — " + title + " (" + storage.StatusPL(reg.Status) + ")."
		}
	}
	if q.Get("pominieto") != "" {
		v.Flash = "Wiadomość zamknięta bez odpowiedzi."
	}
	s.render(w, r, http.StatusOK, "review_list", "staff", v)
}

// storedDecision is what the parser proposed for a message.
func storedDecision(in storage.Inbound) intake.Decision {
	var d intake.Decision
	if in.Decision != "" {
		_ = json.Unmarshal([]byte(in.Decision), &d)
	}
	if d.Action == "" && in.Action.Valid {
		d.Action = intake.Action(in.Action.String)
	}
	if d.Reason == "" {
		d.Reason = in.Reason
	}
	return d
}

// reviewFields are the registration form of a review item as typed.
type reviewFields struct {
	Meeting, Org, Name, Email, Phone, KRS, Attendees string
}

type reviewItemData struct {
	In       storage.Inbound
	Msg      *understand.Message
	Text     string
	Cut      bool // the text was shortened
	Proposed intake.Decision
	Open     bool
	Form     reviewFields
	Errs     map[string]string
	Meetings []storage.MeetingInfo
}

func (s *server) loadReviewItem(r *http.Request, id string) (reviewItemData, error) {
	ctx := r.Context()
	in, err := s.db.GetInbound(ctx, id)
	if err != nil {
		return reviewItemData{}, err
	}
	raw, err := s.db.InboundRaw(ctx, id)
	if err != nil {
		return reviewItemData{}, err
	}
	msg := understand.Read(bytes.NewReader(raw))
	d := reviewItemData{In: in, Msg: msg, Proposed: storedDecision(in), Open: in.ReviewState != "done"}
	d.Text = strings.TrimSpace(msg.Text)
	if len(d.Text) > maxShownText {
		d.Text, d.Cut = strings.ToValidUTF8(d.Text[:maxShownText], ""), true
	}
	ms, err := s.db.Meetings(ctx)
	if err != nil {
		return reviewItemData{}, err
	}
	now := s.now()
	for _, m := range ms {
		if !m.Cancelled && now.Before(m.StartsAt) {
			d.Meetings = append(d.Meetings, m)
		}
	}
	d.Form = proposedFields(d.Proposed, msg)
	return d, nil
}

// proposedFields fills the form with what the parser found, and the sender's
// address and name where it found none.
func proposedFields(d intake.Decision, msg *understand.Message) reviewFields {
	var p intake.Registration
	if len(d.Registrations) > 0 {
		p = d.Registrations[0]
	} else if d.Clarify != nil {
		p = *d.Clarify
	}
	f := reviewFields{Meeting: p.MeetingID, Org: p.Organization, Name: p.ContactName, Email: p.Email,
		Phone: prettyPhone(p.Phone), KRS: p.KRS, Attendees: "1"}
	if p.Attendees > 0 {
		f.Attendees = strconv.Itoa(p.Attendees)
	}
	if f.Email == "" {
		f.Email = msg.ReplyTo
		if f.Email == "" {
			f.Email = msg.Envelope.From
		}
	}
	if f.Name == "" {
		f.Name = msg.FromName
	}
	return f
}

func (s *server) reviewItem(w http.ResponseWriter, r *http.Request) {
	d, err := s.loadReviewItem(r, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderReviewItem(w, r, http.StatusOK, d, "")
}

func (s *server) renderReviewItem(w http.ResponseWriter, r *http.Request, code int, d reviewItemData, errText string) {
	title := d.In.Subject
	if title == "" {
		title = "(bez tematu)"
	}
	v := view{Title: title, Nav: "review", Data: d, Error: errText}
	if code != http.StatusOK {
		v.Typed = r.PostFormValue("staff")
	}
	s.render(w, r, code, "review_item", "staff", v)
}

func (s *server) reviewRegister(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id := r.PathValue("id")
	d, err := s.loadReviewItem(r, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := reviewFields{
		Meeting:   strings.TrimSpace(r.PostFormValue("meeting")),
		Org:       strings.TrimSpace(r.PostFormValue("org")),
		Name:      strings.TrimSpace(r.PostFormValue("name")),
		Email:     strings.TrimSpace(r.PostFormValue("email")),
		Phone:     strings.TrimSpace(r.PostFormValue("phone")),
		KRS:       strings.TrimSpace(r.PostFormValue("krs")),
		Attendees: strings.TrimSpace(r.PostFormValue("attendees")),
	}
	d.Form, d.Errs = f, map[string]string{}
	if !d.Open {
		s.renderReviewItem(w, r, http.StatusConflict, d, "Tę wiadomość już rozpatrzono ("+d.In.ReviewedBy+"); nic nie zmieniono.")
		return
	}
	ms, err := s.db.Meetings(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if msg := meetingProblem(ms, f.Meeting, s.now()); msg != "" {
		d.Errs["meeting"] = msg
	}
	if f.Org == "" && f.Name == "" {
		d.Errs["org"] = "Podaj nazwę organizacji albo imię i nazwisko osoby."
	}
	if msg := emailProblem(f.Email); msg != "" {
		d.Errs["email"] = msg
	}
	if msg := phoneProblem(f.Phone, false); msg != "" {
		d.Errs["phone"] = msg
	}
	if f.Email == "" && f.Phone == "" {
		d.Errs["email"] = "Podaj adres e-mail albo telefon: potwierdzenie musi gdzieś trafić."
	}
	krs, msg := krsOf(f.KRS)
	if msg != "" {
		d.Errs["krs"] = msg
	}
	att, msg := attendeesOf(f.Attendees)
	if msg != "" {
		d.Errs["attendees"] = msg
	}
	staff, ok := s.staffName(w, r)
	if !ok {
		d.Errs["staff"] = "Wpisz swoje imię i nazwisko: zapis pokaże, kto rozpatrzył wiadomość."
	}
	if len(d.Errs) > 0 {
		s.renderReviewItem(w, r, http.StatusUnprocessableEntity, d, "Nie zapisano: popraw zaznaczone pola.")
		return
	}
	e164 := ""
	if f.Phone != "" {
		e164, _ = phone.Normalize(f.Phone)
	}
	lang := d.Proposed.Lang
	if lang == "" {
		lang = "pl"
	}
	dec := intake.Decision{
		Action: intake.Register,
		Reason: "registered from the review queue by " + staff,
		Lang:   lang,
		Registrations: []intake.Registration{{
			MeetingID: f.Meeting, Organization: f.Org, KRS: krs, ContactName: f.Name,
			Email: f.Email, Phone: e164, Attendees: att,
		}},
	}
	out, err := s.db.ResolveReview(ctx, id, staff, dec, d.Msg.Envelope, s.now())
	if errors.Is(err, storage.ErrReviewClosed) {
		s.renderReviewItem(w, r, http.StatusConflict, d, "Tę wiadomość właśnie rozpatrzył ktoś inny; nic nie zmieniono.")
		return
	}
	if reason, ok := storage.IsReject(err); ok {
		s.renderReviewItem(w, r, http.StatusUnprocessableEntity, d, "Nie zapisano: "+reason+".")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.nudge()
	regID := ""
	if len(out.Registrations) > 0 {
		regID = out.Registrations[0].ID
	}
	s.log.Info("web: review resolved", "inbound", id, "action", intake.Register, "registration", regID, "staff", staff)
	redirect(w, r, "/przeglad?zapisano="+regID)
}

func (s *server) reviewIgnore(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id := r.PathValue("id")
	d, err := s.loadReviewItem(r, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !d.Open {
		s.renderReviewItem(w, r, http.StatusConflict, d, "Tę wiadomość już rozpatrzono ("+d.In.ReviewedBy+"); nic nie zmieniono.")
		return
	}
	staff, ok := s.staffName(w, r)
	if !ok {
		d.Errs = map[string]string{"staff-ignore": "Wpisz swoje imię i nazwisko."}
		s.renderReviewItem(w, r, http.StatusUnprocessableEntity, d, "Nie zamknięto: brak imienia pracownika.")
		return
	}
	dec := intake.Decision{Action: intake.Ignore, Reason: "closed by " + staff + " (answered by hand or needs no answer)"}
	_, err = s.db.ResolveReview(ctx, id, staff, dec, d.Msg.Envelope, s.now())
	if errors.Is(err, storage.ErrReviewClosed) {
		s.renderReviewItem(w, r, http.StatusConflict, d, "Tę wiadomość właśnie rozpatrzył ktoś inny; nic nie zmieniono.")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.Info("web: review resolved", "inbound", id, "action", intake.Ignore, "staff", staff)
	redirect(w, r, "/przeglad?pominieto=1")
}

// krsOf checks a KRS number (the National Court Register's, up to ten
// digits, written zero-padded to ten); spaces and dashes are dropped.
func krsOf(s string) (string, string) {
	if s == "" {
		return "", ""
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case unicode.IsSpace(r) || r == '-':
		default:
			return "", "Numer KRS to same cyfry (do dziesięciu)."
		}
	}
	k := b.String()
	if k == "" || len(k) > 10 {
		return "", "Numer KRS to same cyfry (do dziesięciu)."
	}
	return strings.Repeat("0", 10-len(k)) + k, ""
}
