// Package web is the staff's window onto Zapisy: a desk in the browser for
// the phone sign-ups, the review queue, the meetings (their lists, and
// adding, changing and cancelling them) and the notices that did not go
// out, plus the one public page registrants reach from their mail,
// /wypisz/{token}, where they withdraw. It also serves the operational
// endpoints /healthz, /readyz and /metrics.
//
// Every change goes through the same paths as the command line (phone.Record,
// storage.DB.Withdraw, storage.DB.ResolveReview, notify.Resend,
// storage.DB.ImportMeetings, storage.DB.CancelMeeting; only a new meeting
// goes through storage.DB.AddMeeting, which never overwrites one), so
// capacity, the waiting list, duplicates and notices behave the same
// whichever way a change was made. Pages are plain server-rendered HTML in
// Polish, usable without JavaScript; every POST is checked against
// cross-origin requests (net/http.CrossOriginProtection) and records the
// staff member who made it.
package web

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"zapisy/storage"
)

// Options configure the handler. The zero value serves staff pages without a
// password, to loopback connections only.
type Options struct {
	// Logger receives one line per change made (ids and the staff member,
	// never contact data at info level). Default: slog.Default().
	Logger *slog.Logger
	// Clock gives "now" for every change and every page. Default: time.Now.
	Clock func() time.Time

	// Staff login (HTTP Basic). With Staff set, each key is a user name and
	// its value that person's password. With StaffPassword set and StaffUser
	// empty, any user name is accepted with the shared password, and the
	// name typed is recorded as the staff member. With StaffUser and
	// StaffPassword, only that user. With none of them, staff pages are
	// served only over loopback connections that did not come through a
	// proxy, and each form asks for the staff member's name.
	Staff         map[string]string
	StaffUser     string
	StaffPassword string

	// PublicBaseURL is the address registrants reach (the prefix of the
	// withdrawal links notify puts in mails), e.g.
	// https://zapisy.bis-krakow.pl. Its origin is trusted for POSTs in
	// addition to the request's own host. Optional.
	PublicBaseURL string
	// TrustedOrigins are further origins ("https://desk.example") allowed to
	// POST, for a reverse proxy that rewrites the Host header. Optional.
	TrustedOrigins []string
	// OnQueued, when set, is called after the desk queued notices — a
	// phone sign-up, a registration from the review queue, a withdrawal
	// (by staff or by the registrant's link), a notice sent again, a
	// meeting moved or cancelled, more places — so that they go out at
	// once (the daemon passes its sender's Nudge). Optional.
	OnQueued func()
}

type server struct {
	db       *storage.DB
	log      *slog.Logger
	now      func() time.Time
	auth     staffAuth
	pages    *pages
	onQueued func()
}

// New builds the handler: staff pages, the public withdrawal page and the
// operational endpoints. It parses every page template (a broken template
// fails here, at start-up) and does no I/O on the database.
func New(db *storage.DB, opts Options) (http.Handler, error) {
	if db == nil {
		return nil, errors.New("web: no database")
	}
	s := &server{db: db, log: opts.Logger, now: opts.Clock, onQueued: opts.OnQueued}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.now == nil {
		s.now = time.Now
	}
	auth, err := newStaffAuth(opts)
	if err != nil {
		return nil, err
	}
	s.auth = auth
	if s.pages, err = parsePages(); err != nil {
		return nil, err
	}
	csrf := http.NewCrossOriginProtection()
	origins := append([]string(nil), opts.TrustedOrigins...)
	if opts.PublicBaseURL != "" {
		origins = append(origins, originOf(opts.PublicBaseURL))
	}
	for _, o := range origins {
		if err := csrf.AddTrustedOrigin(o); err != nil {
			return nil, fmt.Errorf("web: trusted origin %q: %w", o, err)
		}
	}
	csrf.SetDenyHandler(http.HandlerFunc(s.csrfDenied))
	metrics, err := s.metricsHandler()
	if err != nil {
		return nil, err
	}
	return securityHeaders(csrf.Handler(s.routes(metrics))), nil
}

func (s *server) routes(metrics http.Handler) http.Handler {
	mux := http.NewServeMux()
	staff := func(pattern string, h http.HandlerFunc) { mux.Handle(pattern, s.auth.wrap(h, s)) }

	staff("GET /{$}", s.dashboard)
	staff("GET /spotkania/nowe", s.meetingNew)
	staff("POST /spotkania/nowe", s.meetingAdd)
	staff("GET /spotkania/{id}", s.meeting)
	staff("GET /spotkania/{id}/zmien", s.meetingEditForm)
	staff("POST /spotkania/{id}/zmien", s.meetingEdit)
	staff("POST /spotkania/{id}/odwolaj", s.meetingCancel)
	for format := range exportFormats {
		staff("GET /spotkania/{id}/eksport."+format, s.export(format))
	}
	staff("POST /spotkania/{id}/wycofaj", s.staffWithdraw)
	staff("GET /telefon", s.phoneForm)
	staff("POST /telefon", s.phoneSubmit)
	staff("GET /przeglad", s.reviewList)
	staff("GET /przeglad/{id}", s.reviewItem)
	staff("POST /przeglad/{id}/zapisz", s.reviewRegister)
	staff("POST /przeglad/{id}/pomin", s.reviewIgnore)
	staff("GET /powiadomienia", s.notices)
	staff("POST /powiadomienia/{id}/wyslij", s.resend)
	mux.Handle("GET /metrics", s.auth.wrap(metrics.ServeHTTP, s))

	mux.HandleFunc("GET /wypisz/{token}", s.unsubscribeForm)
	mux.HandleFunc("POST /wypisz/{token}", s.unsubscribe)
	mux.HandleFunc("GET /wypisz/{token}/gotowe", s.unsubscribed)

	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.HandleFunc("GET /static/style.css", s.stylesheet)
	mux.HandleFunc("/", s.notFound)
	return mux
}

// originOf cuts a base URL down to its origin (scheme://host[:port]).
func originOf(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		if j := strings.IndexByte(u[i+3:], '/'); j >= 0 {
			return u[:i+3+j]
		}
	}
	return u
}

// securityHeaders are sent with every response: no framing, no sniffing,
// nothing loaded from elsewhere, no referrer (withdrawal links carry a token).
func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "no-referrer")
		h.ServeHTTP(w, r)
	})
}

// nudge wakes the sender after the desk queued notices.
func (s *server) nudge() {
	if s.onQueued != nil {
		s.onQueued()
	}
}
