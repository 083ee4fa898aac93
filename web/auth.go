package web

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"net"
	"net/http"
	"strings"
)

// staffAuth decides who may see the staff pages and who they are.
type staffAuth struct {
	users      map[string]string // user → password; nil with anyUser or none
	shared     string            // the shared password when anyUser
	anyUser    bool              // any user name with the shared password
	noPassword bool              // loopback only, name asked in forms
}

type staffKey struct{}

// staffFrom is the authenticated staff member's name, "" when staff pages
// are served without a password (the forms then ask for it).
func staffFrom(ctx context.Context) string {
	s, _ := ctx.Value(staffKey{}).(string)
	return s
}

func newStaffAuth(o Options) (staffAuth, error) {
	switch {
	case len(o.Staff) > 0:
		users := map[string]string{}
		for u, p := range o.Staff {
			if strings.TrimSpace(u) == "" || p == "" {
				return staffAuth{}, errors.New("web: a staff account has an empty user name or password")
			}
			users[u] = p
		}
		if o.StaffUser != "" && o.StaffPassword != "" {
			users[o.StaffUser] = o.StaffPassword
		}
		return staffAuth{users: users}, nil
	case o.StaffPassword != "" && o.StaffUser != "":
		return staffAuth{users: map[string]string{o.StaffUser: o.StaffPassword}}, nil
	case o.StaffPassword != "":
		return staffAuth{anyUser: true, shared: o.StaffPassword}, nil
	case o.StaffUser != "":
		return staffAuth{}, errors.New("web: a staff user without a password")
	}
	return staffAuth{noPassword: true}, nil
}

// equal compares secrets in constant time whatever their lengths.
func equal(a, b string) bool {
	ha, hb := sha256.Sum256([]byte(a)), sha256.Sum256([]byte(b))
	return subtle.ConstantTimeCompare(ha[:], hb[:]) == 1
}

func (a staffAuth) check(user, pass string) bool {
	user = strings.TrimSpace(user)
	if user == "" {
		return false
	}
	if a.anyUser {
		return equal(pass, a.shared)
	}
	want, ok := a.users[user]
	if !ok {
		equal(pass, pass) // same work for unknown users
		return false
	}
	return equal(pass, want)
}

// wrap lets a request through to h when it comes from staff.
func (a staffAuth) wrap(h http.HandlerFunc, s *server) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		if a.noPassword {
			if !localRequest(r) {
				s.renderError(w, r, http.StatusForbidden, "Brak dostępu",
					"Hasło dla pracowników nie jest ustawione, więc strony dla pracowników są dostępne tylko z tego komputera (adres 127.0.0.1, bez pośrednika). Aby korzystać z nich z innych miejsc, ustaw hasło w konfiguracji (web.staff_password).")
				return
			}
			h(w, r)
			return
		}
		user, pass, ok := r.BasicAuth()
		if !ok || !a.check(user, pass) {
			w.Header().Set("WWW-Authenticate", `Basic realm="Zapisy - pracownicy", charset="UTF-8"`)
			s.renderError(w, r, http.StatusUnauthorized, "Wymagane logowanie",
				"Ta strona jest dla pracowników Fundacji BIS. Zaloguj się swoim imieniem i hasłem.")
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), staffKey{}, strings.TrimSpace(user))))
	})
}

// localRequest reports whether r came over a loopback connection and not
// through a proxy on the same machine (which would make every outside
// visitor look local).
func localRequest(r *http.Request) bool {
	if r.Header.Get("X-Forwarded-For") != "" || r.Header.Get("Forwarded") != "" || r.Header.Get("X-Real-Ip") != "" {
		return false
	}
	la, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	if !ok {
		return false
	}
	return isLoopback(la.String()) && isLoopback(r.RemoteAddr)
}

func isLoopback(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}
