package notify

import (
	"context"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"zapisy/notify/smtptest"
	"zapisy/storage"
)

// TestSMTPAuth logs in to a server that requires it; a wrong password is a
// temporary failure kept for staff, not a lost notice.
func TestSMTPAuth(t *testing.T) {
	db, err := storage.Open(context.Background(), "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	r := newRig(t, db, meetingOn("m2", 19, 60))
	r.srv = smtptest.StartAuth(t, "zapisy@bis.example", "tajne hasło")
	host, port, _ := net.SplitHostPort(r.srv.Addr)
	r.cfg.SMTPHost, r.cfg.SMTPPort = host, mustAtoi(port)
	r.cfg.SMTPUser, r.cfg.SMTPPassword = "zapisy@bis.example", "złe"
	r.sender = r.newSender(r.cfg)
	reg := r.signUp("m2", "anna@example.org", 1, t0)

	if rep := r.sendDue(); rep.Sent != 0 {
		t.Fatalf("sent with a wrong password: %v", rep)
	}
	if n := r.notice(reg.ID, storage.KindConfirmation); n.Status != "queued" || n.LastError == "" {
		t.Errorf("after a refused login the notice is %s (%q), want queued with the error", n.Status, n.LastError)
	}

	r.cfg.SMTPPassword = "tajne hasło"
	r.sender = r.newSender(r.cfg)
	r.clock.Advance(2 * time.Hour)
	if rep := r.sendDue(); rep.Sent != 1 {
		t.Fatalf("with the right password: %v (%s)", rep, r.notice(reg.ID, storage.KindConfirmation).LastError)
	}
	if got := r.srv.Messages(); len(got) != 1 || got[0].To[0] != "anna@example.org" {
		t.Errorf("server received %+v", got)
	}
}

func mustAtoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic(err)
	}
	return n
}

// TestSMTPTLS sends over implicit TLS and STARTTLS; certificates are
// checked unless the configuration says otherwise.
func TestSMTPTLS(t *testing.T) {
	for _, mode := range []string{TLSImplicit, TLSStartTLS} {
		t.Run(mode, func(t *testing.T) {
			db, err := storage.Open(context.Background(), "", t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			r := newRig(t, db, meetingOn("m2", 19, 60))
			r.srv = smtptest.StartTLS(t, mode == TLSImplicit)
			host, port, _ := net.SplitHostPort(r.srv.Addr)
			r.cfg.SMTPHost, r.cfg.SMTPPort, r.cfg.TLS = host, mustAtoi(port), mode
			r.sender = r.newSender(r.cfg)
			reg := r.signUp("m2", "anna@example.org", 1, t0)
			if rep := r.sendDue(); rep.Sent != 0 {
				t.Fatalf("sent to a server with an untrusted certificate: %v", rep)
			}
			if n := r.notice(reg.ID, storage.KindConfirmation); n.Status != "queued" || !strings.Contains(n.LastError, "certificate") {
				t.Errorf("notice %s (%q), want queued with a certificate error", n.Status, n.LastError)
			}
			r.cfg.InsecureTLS = true
			r.sender = r.newSender(r.cfg)
			r.clock.Advance(2 * time.Hour)
			if rep := r.sendDue(); rep.Sent != 1 {
				t.Fatalf("with the check off: %v (%s)", rep, r.notice(reg.ID, storage.KindConfirmation).LastError)
			}
		})
	}
}
