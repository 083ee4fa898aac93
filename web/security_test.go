package web_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"zapisy/storage"
	"zapisy/web"
)

// Every POST of the desk and the public page, with a valid form.
func posts(t *testing.T, db *storage.DB) []struct{ path string } {
	seed(t, db)
	reg := signUp(t, db, "m1", "Fundacja Łąka", "anna@ngo.example", "", 1)
	in := storeReview(t, db, 1, reviewMail)
	n := failNotice(t, db, "550 no such user")
	return []struct{ path string }{
		{"/spotkania/m1/wycofaj?registration=" + reg.ID},
		{"/spotkania/nowe"},
		{"/spotkania/m1/zmien"},
		{"/spotkania/m1/odwolaj"},
		{"/telefon"},
		{"/przeglad/" + in.ID + "/zapisz"},
		{"/przeglad/" + in.ID + "/pomin"},
		{"/powiadomienia/" + n.ID + "/wyslij"},
		{"/wypisz/" + reg.Token},
	}
}

func TestCrossOriginPostsRefused(t *testing.T) {
	eachDB(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		ps := posts(t, db)
		d := newDesk(t, db, web.Options{})
		before := snapshot(t, db)
		attacks := []struct {
			name string
			hdr  map[string]string
		}{
			{"cross-site fetch", map[string]string{"Sec-Fetch-Site": "cross-site"}},
			{"same-site other origin", map[string]string{"Sec-Fetch-Site": "same-site"}},
			{"foreign Origin", map[string]string{"Origin": "https://evil.example"}},
		}
		form := url.Values{"staff": {"Ola"}, "meeting": {"m1"}, "org": {"X"}, "phone": {"600123456"},
			"email": {"x@ngo.example"}, "registration": {""},
			// a new meeting, a change of m1 and its cancellation
			"id": {"m7"}, "title": {"X"}, "date": {"2014-11-21"}, "start": {"10:00"}, "end": {"11:00"},
			"location": {"Y"}, "capacity": {"5"}, "potwierdzam": {"tak"}}
		for _, p := range ps {
			for _, a := range attacks {
				t.Run(a.name+" "+p.path, func(t *testing.T) {
					f := url.Values{}
					for k, v := range form {
						f[k] = v
					}
					path := p.path
					if i := strings.IndexByte(path, '?'); i >= 0 {
						q, _ := url.ParseQuery(path[i+1:])
						f.Set("registration", q.Get("registration"))
						path = path[:i]
					}
					r := d.do("POST", path, f, a.hdr)
					wantCode(t, r, http.StatusForbidden)
					wantBody(t, r, "Żądanie odrzucone")
				})
			}
		}
		if after := snapshot(t, db); after != before {
			t.Errorf("refused POSTs changed the ledger:\n%s\n---\n%s", before, after)
		}
		_ = ctx
	})
}

// snapshot summarises what POSTs could change.
func snapshot(t *testing.T, db *storage.DB) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	regs, _ := db.Registrations(ctx, storage.RegistrationFilter{})
	for _, r := range regs {
		b.WriteString(r.ID + " " + r.Status + "\n")
	}
	ins, _ := db.InboundMessages(ctx, storage.InboundFilter{})
	for _, in := range ins {
		b.WriteString(in.ID + " " + in.ReviewState + "\n")
	}
	ms, _ := db.Meetings(ctx)
	for _, m := range ms {
		fmt.Fprintf(&b, "%s %q %v %v %q %d %t %d\n", m.ID, m.Title, m.StartsAt, m.EndsAt, m.Location, m.Capacity, m.Cancelled, m.Sequence)
	}
	ns, _ := db.Notices(ctx, storage.NoticeFilter{})
	for _, n := range ns {
		b.WriteString(n.ID + " " + n.Status + "\n")
	}
	return b.String()
}

func TestStaffLogin(t *testing.T) {
	eachDB(t, func(t *testing.T, db *storage.DB) {
		seed(t, db)
		ctx := context.Background()
		tests := []struct {
			name       string
			opts       web.Options
			user, pass string
			code       int
		}{
			{"no credentials", web.Options{StaffPassword: "tajne"}, "", "", 401},
			{"wrong password", web.Options{StaffPassword: "tajne"}, "Ola", "jawne", 401},
			{"shared password, any name", web.Options{StaffPassword: "tajne"}, "Ola", "tajne", 200},
			{"fixed user, other name", web.Options{StaffUser: "biuro", StaffPassword: "tajne"}, "Ola", "tajne", 401},
			{"fixed user", web.Options{StaffUser: "biuro", StaffPassword: "tajne"}, "biuro", "tajne", 200},
			{"accounts, right", web.Options{Staff: map[string]string{"Martyna": "m1", "Ola": "o1"}}, "Ola", "o1", 200},
			{"accounts, another's password", web.Options{Staff: map[string]string{"Martyna": "m1", "Ola": "o1"}}, "Ola", "m1", 401},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				d := newDesk(t, db, tc.opts)
				d.user, d.pass = tc.user, tc.pass
				if tc.user == "" {
					d.user = ""
				}
				r := d.get("/")
				wantCode(t, r, tc.code)
				if tc.code == 401 {
					if !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Basic ") {
						t.Errorf("WWW-Authenticate %q", r.header.Get("WWW-Authenticate"))
					}
					wantBody(t, r, "Wymagane logowanie")
					wantCode(t, d.get("/metrics"), 401)
				} else {
					wantBody(t, r, "Zalogowano jako <strong>"+tc.user+"</strong>")
					wantNotBody(t, r, "Hasło dla pracowników nie jest ustawione", `name="staff"`)
				}
				// Public and operational pages need no login.
				wantCode(t, d.get("/healthz"), 200)
				wantCode(t, d.get("/readyz"), 200)
				wantCode(t, d.get("/static/style.css"), 200)
			})
		}
		if _, err := web.New(db, web.Options{StaffUser: "biuro"}); err == nil {
			t.Error("a user without a password was accepted")
		}

		// With a login, the user name is the staff member on record.
		d := newDesk(t, db, web.Options{StaffPassword: "tajne"})
		d.user, d.pass = "Ola Kowalska", "tajne"
		r := d.post("/telefon", url.Values{"meeting": {"m1"}, "org": {"Fundacja Łąka"}, "phone": {"600123456"}, "attendees": {"1"}})
		wantCode(t, r, 303)
		regs, _ := db.Registrations(ctx, storage.RegistrationFilter{})
		evs, _ := db.Events(ctx, regs[0].ID)
		if evs[0].Actor != "phone: Ola Kowalska" {
			t.Errorf("actor %q", evs[0].Actor)
		}
		d.user = ""
		wantCode(t, d.post("/telefon", url.Values{"meeting": {"m1"}, "org": {"Y"}, "phone": {"600123457"}, "staff": {"Ktoś"}}), 401)
	})
}

// Without a password, staff pages answer loopback connections only, and
// not what comes through a proxy on the same machine.
func TestNoPasswordLoopbackOnly(t *testing.T) {
	db, err := storage.Open(context.Background(), "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h, err := web.New(db, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name          string
		local, remote string
		hdr           string
		code          int
	}{
		{"loopback", "127.0.0.1:8080", "127.0.0.1:50000", "", 200},
		{"loopback v6", "[::1]:8080", "[::1]:50000", "", 200},
		{"from the network", "192.0.2.10:8080", "198.51.100.7:50000", "", 403},
		{"proxied", "127.0.0.1:8080", "127.0.0.1:50000", "X-Forwarded-For", 403},
		{"proxied (Forwarded)", "127.0.0.1:8080", "127.0.0.1:50000", "Forwarded", 403},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, path := range []string{"/", "/metrics"} {
				req := httptest.NewRequest("GET", path, nil)
				la, _ := net.ResolveTCPAddr("tcp", tc.local)
				req = req.WithContext(context.WithValue(req.Context(), http.LocalAddrContextKey, la))
				req.RemoteAddr = tc.remote
				if tc.hdr != "" {
					req.Header.Set(tc.hdr, "for=203.0.113.5")
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != tc.code {
					t.Errorf("%s: status %d, want %d", path, rec.Code, tc.code)
				}
				if tc.code == 403 && !strings.Contains(rec.Body.String(), "web.staff_password") {
					t.Errorf("the refusal does not say how to enable access")
				}
			}
		})
	}
}
