package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"zapisy/intake"
	"zapisy/notify/pldate"
	"zapisy/storage"
	"zapisy/templates"
)

// Page templates under templates/web: each defines "title" and "content",
// rendered in the staff frame ("staff") or the registrants' one ("public").
var pageFiles = []string{
	"dashboard", "meeting", "meeting_form", "phone", "review_list", "review_item",
	"notices", "unsubscribe", "unsubscribed", "error",
}

type pages struct {
	t   map[string]*template.Template
	css []byte
}

func parsePages() (*pages, error) {
	p := &pages{t: map[string]*template.Template{}}
	for _, name := range pageFiles {
		t, err := template.New(name).Funcs(funcs).ParseFS(templates.FS, "web/layout.html", "web/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("web: parse page %s: %w", name, err)
		}
		p.t[name] = t
	}
	css, err := fs.ReadFile(templates.FS, "web/style.css")
	if err != nil {
		return nil, fmt.Errorf("web: style sheet: %w", err)
	}
	p.css = css
	return p, nil
}

// view is what every page template gets.
type view struct {
	Title    string
	Nav      string // the active menu item
	Staff    string // the logged-in staff member; "" without a password
	AskStaff bool   // forms ask for the staff member's name
	Typed    string // the name last typed, to fill the staff field in
	Flash    string // a confirmation of what was just done
	Error    string // what went wrong, in words staff can act on
	Lang     string // "en" for English public pages
	Data     any
}

// render writes a page with status code. It renders to a buffer first, so a
// template error gives a clean 500, never half a page.
func (s *server) render(w http.ResponseWriter, r *http.Request, code int, page, frame string, v view) {
	v.Staff = staffFrom(r.Context())
	v.AskStaff = s.auth.noPassword
	if v.AskStaff && v.Typed == "" {
		v.Typed = rememberedStaff(r)
	}
	var buf bytes.Buffer
	if err := s.pages.t[page].ExecuteTemplate(&buf, frame, v); err != nil {
		s.log.Error("web: render page", "page", page, "err", err)
		http.Error(w, "Błąd serwera", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	_, _ = w.Write(buf.Bytes())
}

func (s *server) renderError(w http.ResponseWriter, r *http.Request, code int, title, text string) {
	s.render(w, r, code, "error", "public", view{Title: title, Data: text})
}

// fail answers an unexpected error: logged, and a page without details.
// fail answers a request that could not be served: 404 for something that
// does not exist, 500 (logged) for anything else.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, storage.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	s.log.Error("web: request failed", "path", r.URL.Path, "err", err)
	s.renderError(w, r, http.StatusInternalServerError, "Błąd serwera",
		"Coś poszło nie tak po naszej stronie. Spróbuj ponownie za chwilę; jeśli błąd się powtarza, przekaż administratorowi godzinę, o której wystąpił.")
}

func (s *server) notFound(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusNotFound, "Nie ma takiej strony", "Sprawdź adres albo wróć na stronę główną.")
}

func (s *server) csrfDenied(w http.ResponseWriter, r *http.Request) {
	s.log.Warn("web: cross-origin POST refused", "path", r.URL.Path)
	s.renderError(w, r, http.StatusForbidden, "Żądanie odrzucone",
		"Formularz wysłano z innej strony niż Zapisy, więc nic nie zostało zmienione. Otwórz stronę Zapisów i wyślij formularz stamtąd.")
}

func (s *server) stylesheet(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, _ = w.Write(s.pages.css)
}

// redirect answers a successful POST (Post/Redirect/Get: reloading the page
// does not repeat the change).
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, to, http.StatusSeeOther)
}

var funcs = template.FuncMap{
	"span":     func(a, b time.Time) string { return pldate.Span(a.In(storage.Warsaw), b.In(storage.Warsaw)) },
	"spanEN":   func(a, b time.Time) string { return pldate.SpanEN(a.In(storage.Warsaw), b.In(storage.Warsaw)) },
	"date":     func(t time.Time) string { return pldate.Date(t.In(storage.Warsaw)) },
	"when":     when,
	"people":   pldate.People,
	"status":   storage.StatusPL,
	"source":   storage.SourcePL,
	"kind":     templates.KindPL,
	"delivery": noticeStatusPL,
	"action":   actionPL,
	"callWhy":  callReasonPL,
	"reason":   templates.ReasonPL,
	"phone":    prettyPhone,
	"staffArgs": func(v view, formID, err string) map[string]any {
		return map[string]any{"AskStaff": v.AskStaff, "Typed": v.Typed, "FormID": formID, "Err": err}
	},
	"inc":         func(i int) int { return i + 1 },
	"moveWarning": moveWarning,
	"movedNote":   func(told, unreachable int) string { return mailNote(told, unreachable, mailMoved) },
	"cancelNote":  func(told, unreachable int) string { return mailNote(told, unreachable, mailCancelled) },
	"field":       func(errs map[string]string, name string) string { return errs[name] },
}

// when is a moment as staff read it: "19 listopada 2014, 16:05".
func when(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return pldate.DateTime(t.In(storage.Warsaw))
}

func noticeStatusPL(st string) string {
	switch st {
	case storage.NoticeQueued:
		return "w kolejce"
	case storage.NoticeSending:
		return "wysyłane"
	case storage.NoticeSent:
		return "wysłane"
	case storage.NoticeFailed:
		return "odrzucone"
	case storage.NoticeUncertain:
		return "niepewne"
	case storage.NoticeSkipped:
		return "pominięte"
	}
	return st
}

func actionPL(a intake.Action) string {
	switch a {
	case intake.Register:
		return "zapisać"
	case intake.Cancel:
		return "wypisać"
	case intake.Review:
		return "do decyzji pracownika"
	case intake.Ignore:
		return "pominąć (bez odpowiedzi)"
	}
	return string(a)
}

func callReasonPL(reason string) string {
	switch {
	case reason == "no email address":
		return "brak adresu e-mail"
	case strings.HasPrefix(reason, "reminder failed: "):
		return "przypomnienie nie doszło: " + strings.TrimPrefix(reason, "reminder failed: ")
	}
	return reason
}

// prettyPhone writes a Polish E.164 number the way people dial it:
// +48535655055 → "535 655 055"; other numbers stay as they are.
func prettyPhone(e164 string) string {
	if len(e164) == 12 && strings.HasPrefix(e164, "+48") {
		d := e164[3:]
		return d[:3] + " " + d[3:6] + " " + d[6:]
	}
	return e164
}
