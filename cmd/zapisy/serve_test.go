package main

import (
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"zapisy/intake/imaptest"
	"zapisy/intake/understand"
	"zapisy/notify/smtptest"
	"zapisy/storage/storagetest"
)

func TestMain(m *testing.M) { storagetest.Main(m) }

// freeAddr finds a loopback address nothing listens on.
func freeAddr(t testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestServeEndToEnd runs `zapisy serve` as configured by environment
// variables against a real Dovecot, a real SMTP server and PostgreSQL: a
// mailed sign-up is registered, confirmed, and filed on the server.
func TestServeEndToEnd(t *testing.T) {
	imapSrv := imaptest.StartDovecot(t)
	smtpSrv := smtptest.Start(t)
	dbURL := storagetest.PostgresURL(t)

	imapHost, imapPort, _ := net.SplitHostPort(imapSrv.Addr)
	smtpHost, smtpPort, _ := net.SplitHostPort(smtpSrv.Addr)
	c := newCLI(t)
	pwFile := filepath.Join(t.TempDir(), "imap-password")
	os.WriteFile(pwFile, []byte(imapSrv.Password+"\n"), 0o600)
	for k, v := range map[string]string{
		"ZAPISY_DATABASE_URL":       dbURL,
		"ZAPISY_IMAP_HOST":          imapHost,
		"ZAPISY_IMAP_PORT":          imapPort,
		"ZAPISY_IMAP_TLS":           "none",
		"ZAPISY_IMAP_USER":          imapSrv.User,
		"ZAPISY_IMAP_PASSWORD_FILE": pwFile,
		"ZAPISY_IMAP_SINCE":         time.Now().AddDate(0, 0, -1).Format("2006-01-02"),
		"ZAPISY_SMTP_HOST":          smtpHost,
		"ZAPISY_SMTP_PORT":          smtpPort,
		"ZAPISY_SMTP_TLS":           "none",
		"ZAPISY_LOG_LEVEL":          "warn",
		"ZAPISY_WEB_LISTEN":         freeAddr(t),
	} {
		c.env[k] = v
	}
	c.ok("config", "check")
	c.ok("meetings", "import", meetingsFile(t, ""))
	start := time.Now().AddDate(0, 0, 10).Truncate(24 * time.Hour).Add(15 * time.Hour)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	served := make(chan error, 1)
	go func() {
		served <- run(ctx, []string{"serve"}, strings.NewReader(""), os.Stdout, os.Stderr, func(k string) string { return c.env[k] })
	}()

	signup := "From: Anna Nowak <anna.nowak@example.org>\r\n" +
		"To: martyna.niedospial@bis-krakow.pl\r\n" +
		"Subject: Zapis na spotkanie\r\n" +
		"Date: " + time.Now().Format(time.RFC1123Z) + "\r\n" +
		"Message-ID: <serve-e2e-1@example.org>\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
		"Dzień dobry,\r\n\r\nzgłaszam udział w spotkaniu.\r\n\r\n" +
		"Nazwa organizacji: Stowarzyszenie Łąka\r\nOsoba kontaktowa: Anna Nowak\r\nTelefon: 600 123 456\r\n" +
		"Spotkanie: " + start.Format("02.01.2006") + "\r\n\r\nAnna Nowak\r\n"
	imapSrv.Append(t, "INBOX", []byte(signup))

	wctx, wcancel := context.WithTimeout(ctx, time.Minute)
	defer wcancel()
	msgs, err := smtpSrv.WaitMessages(wctx, 1)
	if err != nil {
		t.Fatalf("no confirmation arrived: %v", err)
	}
	got := string(msgs[0].Data)
	if len(msgs[0].To) != 1 || msgs[0].To[0] != "anna.nowak@example.org" {
		t.Errorf("confirmation to %v, want anna.nowak@example.org", msgs[0].To)
	}
	for _, want := range []string{"In-Reply-To: <serve-e2e-1@example.org>", "Auto-Submitted: auto-replied", "text/calendar"} {
		if !strings.Contains(got, want) {
			t.Errorf("confirmation lacks %q:\n%s", want, got)
		}
	}
	// The registrant answers the confirmation with one word, as it asks,
	// quoting it as mail clients do: the registration is withdrawn and the
	// withdrawal confirmed, in the same thread.
	conf := understand.Read(strings.NewReader(got))
	var quoted strings.Builder
	for _, line := range strings.Split(conf.Text, "\n") {
		quoted.WriteString("> " + line + "\r\n")
	}
	reply := "From: Anna Nowak <anna.nowak@example.org>\r\nTo: martyna.niedospial@bis-krakow.pl\r\n" +
		"Subject: Re: " + conf.Envelope.Subject + "\r\nDate: " + time.Now().Format(time.RFC1123Z) + "\r\n" +
		"Message-ID: <serve-e2e-2@example.org>\r\nIn-Reply-To: <" + conf.Envelope.MessageID + ">\r\n" +
		"References: <serve-e2e-1@example.org> <" + conf.Envelope.MessageID + ">\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
		"Rezygnuję.\r\n\r\nAnna Nowak\r\n\r\nW dniu " + time.Now().Format("02.01.2006") + " Fundacja BIS pisze:\r\n" + quoted.String()
	imapSrv.Append(t, "INBOX", []byte(reply))
	msgs, err = smtpSrv.WaitMessages(wctx, 2)
	if err != nil {
		t.Fatalf("no withdrawal confirmation arrived: %v", err)
	}
	if w := string(msgs[1].Data); !strings.Contains(w, "In-Reply-To: <serve-e2e-2@example.org>") || !strings.Contains(w, "rezygnacj") {
		t.Errorf("withdrawal confirmation:\n%s", w)
	}

	// The web desk runs with the daemon: ready, with metrics.
	for _, path := range []string{"/healthz", "/readyz", "/metrics"} {
		resp, err := http.Get("http://" + c.env["ZAPISY_WEB_LISTEN"] + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %s", path, resp.Status)
		}
	}
	cancel()
	if err := <-served; err != nil {
		t.Errorf("serve ended with %v", err)
	}
	list := c.ok("registrations", "list", "--meeting", "m1")
	if !strings.Contains(list, "Stowarzyszenie Łąka") || !strings.Contains(list, "+48600123456") || !strings.Contains(list, "wycofany") {
		t.Errorf("registration not stored, or not withdrawn:\n%s", list)
	}
	// The sign-up was filed in the processed folder, after the commit.
	if uids := imapSrv.List(t, "Zapisy/Przetworzone"); len(uids) != 2 {
		t.Errorf("processed folder holds %d messages, want the sign-up and the withdrawal", len(uids))
	}
	if uids := imapSrv.List(t, "INBOX"); len(uids) != 0 {
		t.Errorf("INBOX still holds %d messages", len(uids))
	}
}
