package smtptest_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/textproto"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	gosmtp "github.com/emersion/go-smtp"
	"github.com/wneessen/go-mail"

	"zapisy/notify/smtptest"
)

const testMsg = "From: a@example.org\r\nTo: b@example.org\r\nSubject: test\r\n\r\nHello.\r\n"

// send sends testMsg with net/smtp and returns its SMTP error code (0 when
// accepted, -1 for a non-SMTP error such as a dropped connection).
func send(t *testing.T, addr string, auth smtp.Auth, to ...string) int {
	t.Helper()
	if len(to) == 0 {
		to = []string{"b@example.org"}
	}
	err := smtp.SendMail(addr, auth, "a@example.org", to, []byte(testMsg))
	var te *textproto.Error
	switch {
	case err == nil:
		return 0
	case errors.As(err, &te):
		return te.Code
	default:
		t.Logf("send: %v", err)
		return -1
	}
}

func waitCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestAcceptsGoMail(t *testing.T) {
	srv := smtptest.Start(t)
	host, port, _ := net.SplitHostPort(srv.Addr)
	p, _ := strconv.Atoi(port)

	m := mail.NewMsg()
	if err := m.From("biuro@fundacja.example"); err != nil {
		t.Fatal(err)
	}
	if err := m.To("zgłoszenia@ngo.example", "drugi@ngo.example"); err != nil {
		t.Fatal(err)
	}
	m.Subject("Potwierdzenie zgłoszenia – spotkanie 19 listopada")
	m.SetBodyString(mail.TypeTextPlain, "Dziękujemy, zapisaliśmy Państwa na spotkanie.")
	c, err := mail.NewClient(host, mail.WithPort(p), mail.WithTLSPolicy(mail.NoTLS))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.DialAndSend(m); err != nil {
		t.Fatalf("DialAndSend: %v", err)
	}

	msgs, err := srv.WaitMessages(waitCtx(t), 1)
	if err != nil {
		t.Fatal(err)
	}
	got := msgs[0]
	if got.From != "biuro@fundacja.example" {
		t.Errorf("From = %q, want biuro@fundacja.example", got.From)
	}
	if want := "zgłoszenia@ngo.example drugi@ngo.example"; strings.Join(got.To, " ") != want {
		t.Errorf("To = %q, want %q", got.To, want)
	}
	if !strings.Contains(string(got.Data), "=?UTF-8?q?Potwierdzenie_zg=C5=82oszenia") {
		t.Errorf("Subject not found in the raw message:\n%s", got.Data)
	}
	if got.Received.IsZero() {
		t.Errorf("Received is zero")
	}
}

func TestFailNext(t *testing.T) {
	tests := []struct {
		stage smtptest.Stage
		code  int
		n     int
		want  []int // codes of consecutive sends
	}{
		{smtptest.AtMail, 451, 1, []int{451, 0}},
		{smtptest.AtMail, 550, 2, []int{550, 550, 0}},
		{smtptest.AtRcpt, 450, 1, []int{450, 0}},
		{smtptest.AtRcpt, 550, smtptest.Always, []int{550, 550, 550}},
		{smtptest.AtData, 452, 1, []int{452, 0}},
		{smtptest.AtData, 554, smtptest.Always, []int{554, 554}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("stage%d/%d/n%d", tt.stage, tt.code, tt.n), func(t *testing.T) {
			srv := smtptest.Start(t)
			srv.FailNext(tt.stage, tt.n, &gosmtp.SMTPError{
				Code:         tt.code,
				EnhancedCode: gosmtp.EnhancedCodeNotSet,
				Message:      "injected",
			})
			var accepted int
			for i, want := range tt.want {
				if got := send(t, srv.Addr, nil); got != want {
					t.Errorf("send %d: code %d, want %d", i, got, want)
				}
				if want == 0 {
					accepted++
				}
			}
			if got := len(srv.Messages()); got != accepted {
				t.Errorf("recorded %d messages, want %d", got, accepted)
			}
		})
	}
}

func TestFailNextCleared(t *testing.T) {
	srv := smtptest.Start(t)
	srv.FailNext(smtptest.AtMail, smtptest.Always, &gosmtp.SMTPError{Code: 421, Message: "busy"})
	if got := send(t, srv.Addr, nil); got != 421 {
		t.Fatalf("code %d, want 421", got)
	}
	srv.FailNext(smtptest.AtMail, 0, nil)
	if got := send(t, srv.Addr, nil); got != 0 {
		t.Fatalf("code %d after clearing, want 0", got)
	}
}

func TestRcptFailureCoversTransaction(t *testing.T) {
	srv := smtptest.Start(t)
	srv.FailNext(smtptest.AtRcpt, 1, &gosmtp.SMTPError{Code: 550, Message: "no such user"})
	c, err := smtp.Dial(srv.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Mail("a@example.org"); err != nil {
		t.Fatal(err)
	}
	for _, rcpt := range []string{"b@example.org", "c@example.org"} {
		if err := c.Rcpt(rcpt); err == nil {
			t.Errorf("Rcpt(%s) accepted, want 550", rcpt)
		}
	}
	if err := c.Reset(); err != nil {
		t.Fatal(err)
	}
	if err := c.Mail("a@example.org"); err != nil {
		t.Fatal(err)
	}
	if err := c.Rcpt("b@example.org"); err != nil {
		t.Errorf("second transaction: Rcpt: %v", err)
	}
}

func TestDropAfterData(t *testing.T) {
	srv := smtptest.Start(t)
	srv.DropAfterData(1)
	if got := send(t, srv.Addr, nil); got != -1 {
		t.Fatalf("dropped send: code %d, want a connection error (-1)", got)
	}
	if got := send(t, srv.Addr, nil); got != 0 {
		t.Fatalf("second send: code %d, want 0", got)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Fatalf("recorded %d messages, want 1 (the dropped one is not recorded)", n)
	}
}

// sendRaw speaks SMTP over conn up to and including the final dot.
func sendRaw(t *testing.T, conn net.Conn) *textproto.Conn {
	t.Helper()
	tc := textproto.NewConn(conn)
	steps := []struct {
		cmd  string
		code int
	}{
		{"", 220}, {"EHLO client.example", 250}, {"MAIL FROM:<a@example.org>", 250},
		{"RCPT TO:<b@example.org>", 250}, {"DATA", 354},
	}
	for _, s := range steps {
		if s.cmd != "" {
			if err := tc.PrintfLine("%s", s.cmd); err != nil {
				t.Fatal(err)
			}
		}
		if _, _, err := tc.ReadResponse(s.code); err != nil {
			t.Fatalf("%q: %v", s.cmd, err)
		}
	}
	w := tc.DotWriter()
	w.Write([]byte(testMsg))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return tc
}

func TestHang(t *testing.T) {
	srv := smtptest.Start(t)
	srv.Hang(true)
	conn, err := net.Dial("tcp", srv.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	tc := sendRaw(t, conn)
	if err := srv.WaitHanging(waitCtx(t), 1); err != nil {
		t.Fatalf("WaitHanging: %v", err)
	}

	// No answer may come while hanging: this read must time out.
	conn.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	var ne net.Error
	if _, err := bufio.NewReader(conn).Peek(1); !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("read while hanging: %v, want a timeout", err)
	}
	conn.SetReadDeadline(time.Time{})

	srv.Hang(false)
	if _, _, err := tc.ReadResponse(250); err != nil {
		t.Fatalf("after release: %v", err)
	}
	if _, err := srv.WaitMessages(waitCtx(t), 1); err != nil {
		t.Fatal(err)
	}
}

func TestHangReleasedAtCleanup(t *testing.T) {
	// A test that ends with a client stuck in a hung DATA must not block.
	t.Run("inner", func(t *testing.T) {
		srv := smtptest.Start(t)
		srv.Hang(true)
		conn, err := net.Dial("tcp", srv.Addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		sendRaw(t, conn)
	})
}

func TestAuth(t *testing.T) {
	srv := smtptest.StartAuth(t, "nadawca", "tajne")
	host, _, _ := net.SplitHostPort(srv.Addr)
	tests := []struct {
		name string
		auth smtp.Auth
		want int
	}{
		{"none", nil, 502},
		{"wrong", smtp.PlainAuth("", "nadawca", "złe", host), 535},
		{"right", smtp.PlainAuth("", "nadawca", "tajne", host), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := send(t, srv.Addr, tt.auth); got != tt.want {
				t.Errorf("code %d, want %d", got, tt.want)
			}
		})
	}
}

func TestWaitMessagesContext(t *testing.T) {
	srv := smtptest.Start(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := srv.WaitMessages(ctx, 1); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	// Concurrent senders and a waiter: the waiter sees all of them.
	const n = 5
	errc := make(chan int, n)
	for range n {
		go func() { errc <- send(t, srv.Addr, nil) }()
	}
	msgs, err := srv.WaitMessages(waitCtx(t), n)
	if err != nil || len(msgs) != n {
		t.Fatalf("WaitMessages = %d, %v; want %d", len(msgs), err, n)
	}
	for range n {
		if code := <-errc; code != 0 {
			t.Errorf("send code %d", code)
		}
	}
}

func TestRefusedAddr(t *testing.T) {
	addr := smtptest.RefusedAddr(t)
	conn, err := net.Dial("tcp", addr)
	if err == nil {
		conn.Close()
		t.Fatalf("%s accepted a connection", addr)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("dial %s: %v, want connection refused", addr, err)
	}
}

// TestStartThenEndAtOnce: a test that ends right after Start, before the
// server's goroutine ran, must not hang in its cleanup (go-smtp's Close
// knows only the listeners Serve has registered). 2000 tries hung here
// within seconds before the fix.
func TestStartThenEndAtOnce(t *testing.T) {
	for range 2000 {
		t.Run("", func(t *testing.T) { smtptest.Start(t) })
	}
}
