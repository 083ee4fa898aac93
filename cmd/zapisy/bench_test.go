package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"zapisy/intake/imaptest"
	"zapisy/notify/smtptest"
	"zapisy/storage/storagetest"
)

// BenchmarkSignUpToConfirmation measures, through `zapisy serve` against a
// real Dovecot, PostgreSQL and SMTP server, the time from a sign-up being
// delivered to the mailbox to its confirmation arriving at the SMTP server.
// Dovecot itself waits about half a second before it tells an idling client
// of new mail.
//
//	go test ./cmd/zapisy -run '^$' -bench SignUpToConfirmation -benchtime 10x
func BenchmarkSignUpToConfirmation(b *testing.B) {
	imapSrv := imaptest.StartDovecot(b)
	smtpSrv := smtptest.Start(b)
	dbURL := storagetest.PostgresURL(b)
	imapHost, imapPort, _ := net.SplitHostPort(imapSrv.Addr)
	smtpHost, smtpPort, _ := net.SplitHostPort(smtpSrv.Addr)
	env := map[string]string{
		"ZAPISY_DATA_DIR": b.TempDir(), "ZAPISY_DATABASE_URL": dbURL,
		"ZAPISY_IMAP_HOST": imapHost, "ZAPISY_IMAP_PORT": imapPort, "ZAPISY_IMAP_TLS": "none",
		"ZAPISY_IMAP_USER": imapSrv.User, "ZAPISY_IMAP_PASSWORD": imapSrv.Password,
		"ZAPISY_IMAP_SINCE": time.Now().AddDate(0, 0, -1).Format("2006-01-02"),
		"ZAPISY_SMTP_HOST":  smtpHost, "ZAPISY_SMTP_PORT": smtpPort, "ZAPISY_SMTP_TLS": "none",
		"ZAPISY_LOG_LEVEL": "error", "ZAPISY_WEB_LISTEN": "off", "ZAPISY_NOTIFY_RATE_PER_SECOND": "1000", "ZAPISY_NOTIFY_PER_RECIPIENT_PER_HOUR": "1000",
	}
	getenv := func(k string) string { return env[k] }
	start := time.Now().AddDate(0, 0, 10).Truncate(24 * time.Hour).Add(15 * time.Hour)
	csv := fmt.Sprintf("id,title,starts_at,ends_at,location,capacity\nm1,Spotkanie,%s,%s,Kraków,0\n", start.Format(time.RFC3339), start.Add(2*time.Hour).Format(time.RFC3339))
	path := b.TempDir() + "/m.csv"
	os.WriteFile(path, []byte(csv), 0o600)
	if err := run(context.Background(), []string{"meetings", "import", path}, strings.NewReader(""), io.Discard, os.Stderr, getenv); err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- run(ctx, []string{"serve"}, strings.NewReader(""), os.Stdout, os.Stderr, getenv) }()
	defer func() {
		cancel()
		<-served
	}()

	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		raw := fmt.Sprintf("From: Osoba %d <osoba%d@example.org>\r\nSubject: Zgłoszenie\r\nDate: %s\r\nMessage-ID: <bench-%d-%d@example.org>\r\n"+
			"Content-Type: text/plain; charset=UTF-8\r\n\r\nZgłaszam się na spotkanie %s.\r\n\r\nOsoba %d\r\nFundacja Numer %d\r\n",
			i, i, time.Now().Format(time.RFC1123Z), time.Now().UnixNano(), i, start.Format("02.01.2006"), i, i)
		imapSrv.Append(b, "INBOX", []byte(raw))
		wctx, wcancel := context.WithTimeout(ctx, 30*time.Second)
		_, err := smtpSrv.WaitMessages(wctx, i+1)
		wcancel()
		if err != nil {
			b.Fatalf("confirmation %d did not arrive: %v", i+1, err)
		}
	}
}
