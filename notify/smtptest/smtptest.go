// Package smtptest runs an in-process SMTP server for tests of code that
// sends mail (notify's sender, the demo).
//
// The server is a real github.com/emersion/go-smtp server on a loopback port,
// plain text (no TLS; clients must not insist on STARTTLS, e.g. go-mail's
// mail.WithTLSPolicy(mail.NoTLS)). It records every message it accepts and can
// be told to misbehave the way real relays do: answer a chosen 4xx/5xx at
// MAIL, RCPT or DATA, hang after the data, or drop the connection after the
// data without replying (the "uncertain" case for a sender).
//
//	srv := smtptest.Start(t)
//	srv.FailNext(smtptest.AtRcpt, 1, &smtp.SMTPError{Code: 451, Message: "try later"})
//	... send twice through srv.Addr ...
//	msgs, err := srv.WaitMessages(ctx, 1)
//
// All methods are safe for concurrent use. The server is closed when the test
// ends.
package smtptest

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"log"
	"math/big"
	"net"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Stage names the point of an SMTP transaction at which a failure is injected.
type Stage int

const (
	// AtMail answers the MAIL FROM command.
	AtMail Stage = iota + 1
	// AtRcpt answers every RCPT TO command of the transaction.
	AtRcpt
	// AtData answers after the whole message data has been received.
	AtData
)

// Always, given as a count to FailNext or DropAfterData, makes the
// misbehaviour permanent until it is changed again.
const Always = -1

// Domain is the name the server greets with.
const Domain = "smtptest.invalid"

// Message is one message the server accepted (answered 250 after DATA).
type Message struct {
	From     string    // envelope sender (MAIL FROM), "" for a null sender
	To       []string  // envelope recipients (RCPT TO), in order
	Data     []byte    // raw message as received, CRLF line ends, dot-unstuffed; do not modify
	Received time.Time // when the data was accepted (wall clock)
}

// Server is a running test SMTP server. Create it with Start or StartAuth.
type Server struct {
	// Addr is the host:port the server listens on (127.0.0.1).
	Addr string

	user, password string // empty: no AUTH offered

	srv    *smtp.Server
	closed chan struct{} // closed when the test ends

	mu       sync.Mutex
	messages []Message
	notify   chan struct{} // closed and replaced on every accepted message or hanging DATA
	hanging  int           // DATA commands waiting because of Hang
	fail     [AtData + 1]failRule
	drop     int           // messages left to drop after DATA; Always for all
	hang     chan struct{} // non-nil while Hang(true): DATA waits for it to close
}

type failRule struct {
	left int // messages left to fail; Always for all
	err  *smtp.SMTPError
}

// Start starts a server on a free loopback port without authentication and
// closes it when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	return start(t, "", "")
}

// StartAuth starts a server that offers AUTH PLAIN over the plain connection
// and requires it before MAIL FROM: user and password are the only valid
// credentials. Other credentials get 535, MAIL before AUTH gets 502.
func StartAuth(t testing.TB, user, password string) *Server {
	t.Helper()
	return start(t, user, password)
}

// StartTLS starts a server with a self-signed certificate for 127.0.0.1
// (which no client trusts unless told to skip the check): with implicit,
// TLS from the first byte (as on port 465); otherwise STARTTLS is offered
// (as on port 587).
func StartTLS(t testing.TB, implicit bool) *Server {
	t.Helper()
	cfg := &tls.Config{Certificates: []tls.Certificate{selfSigned(t)}}
	if implicit {
		return startOn(t, "", "", func(ln net.Listener, _ *smtp.Server) net.Listener { return tls.NewListener(ln, cfg) })
	}
	return startOn(t, "", "", func(ln net.Listener, srv *smtp.Server) net.Listener {
		srv.TLSConfig = cfg
		return ln
	})
}

func selfSigned(t testing.TB) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatalf("smtptest: key: %v", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "smtp.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatalf("smtptest: certificate: %v", err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

func start(t testing.TB, user, password string) *Server {
	t.Helper()
	return startOn(t, user, password, nil)
}

func startOn(t testing.TB, user, password string, wrap func(net.Listener, *smtp.Server) net.Listener) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("smtptest: listen: %v", err)
	}
	s := &Server{
		Addr:     ln.Addr().String(),
		user:     user,
		password: password,
		closed:   make(chan struct{}),
		notify:   make(chan struct{}),
	}
	s.srv = smtp.NewServer(smtp.BackendFunc(s.newSession))
	s.srv.Domain = Domain
	s.srv.AllowInsecureAuth = true
	s.srv.EnableSMTPUTF8 = true
	s.srv.ErrorLog = log.New(io.Discard, "", 0)
	if wrap != nil {
		ln = wrap(ln, s.srv)
	}

	served := make(chan struct{})
	go func() {
		defer close(served)
		s.srv.Serve(ln) // returns when closed; its error says only that
	}()
	t.Cleanup(func() {
		close(s.closed) // releases hung DATA commands
		s.srv.Close()
		// go-smtp's Close closes only the listeners Serve has registered:
		// when the test ends before that goroutine ran, Serve would then
		// accept for ever. Closing the listener ends it either way.
		ln.Close()
		<-served
	})
	return s
}

// Messages returns the messages accepted so far, oldest first.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.messages)
}

// WaitMessages waits until at least n messages have been accepted and returns
// all accepted so far, or the context's error (with the messages so far) when
// ctx ends first.
func (s *Server) WaitMessages(ctx context.Context, n int) ([]Message, error) {
	for {
		s.mu.Lock()
		msgs, ch := slices.Clone(s.messages), s.notify
		s.mu.Unlock()
		if len(msgs) >= n {
			return msgs, nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return msgs, ctx.Err()
		}
	}
}

// FailNext makes the server answer err at the given stage for the next n
// transactions that reach it (n == Always: until changed). At AtRcpt all
// recipients of a failing transaction get err and the transaction counts once.
// FailNext(stage, 0, nil) clears the rule for that stage. err should be a 4xx
// (temporary) or 5xx (permanent) answer.
func (s *Server) FailNext(stage Stage, n int, err *smtp.SMTPError) {
	if stage < AtMail || stage > AtData {
		panic("smtptest: FailNext: unknown stage")
	}
	if n != 0 && err == nil {
		panic("smtptest: FailNext: nil error")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail[stage] = failRule{left: n, err: err}
}

// Hang(true) makes every following DATA command read the whole message and
// then wait without answering, until Hang(false) is called (the message is
// then accepted and recorded) or the test ends (nothing is recorded). Use it
// to test a sender's timeout after the final dot.
func (s *Server) Hang(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case on && s.hang == nil:
		s.hang = make(chan struct{})
	case !on && s.hang != nil:
		close(s.hang)
		s.hang = nil
	}
}

// DropAfterData makes the server close the connection, without answering,
// after it has received the data of each of the next n messages (n == Always:
// until changed; 0: stop). Dropped messages are not recorded.
func (s *Server) DropAfterData(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.drop = n
}

// takeFailure consumes one transaction from the failure rule of a stage.
func (s *Server) takeFailure(stage Stage) *smtp.SMTPError {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := &s.fail[stage]
	if r.left == 0 {
		return nil
	}
	if r.left > 0 {
		r.left--
	}
	return r.err
}

func (s *Server) takeDrop() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.drop == 0 {
		return false
	}
	if s.drop > 0 {
		s.drop--
	}
	return true
}

func (s *Server) startHanging() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hanging++
	close(s.notify)
	s.notify = make(chan struct{})
}

// WaitHanging waits until n DATA commands in all have been held by Hang: the
// sender has transmitted the message and waits for the answer.
func (s *Server) WaitHanging(ctx context.Context, n int) error {
	for {
		s.mu.Lock()
		got, ch := s.hanging, s.notify
		s.mu.Unlock()
		if got >= n {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func (s *Server) record(m Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.messages = append(s.messages, m)
	close(s.notify)
	s.notify = make(chan struct{})
}

func (s *Server) newSession(c *smtp.Conn) (smtp.Session, error) {
	sess := &session{srv: s, conn: c}
	if s.user != "" {
		return &authSession{sess}, nil
	}
	return sess, nil
}

// session is one SMTP connection. go-smtp calls its methods from the
// connection's goroutine only.
type session struct {
	srv     *Server
	conn    *smtp.Conn
	authed  bool
	from    string
	to      []string
	rcptErr *smtp.SMTPError // decided at the first RCPT of a transaction
	rcptSet bool
}

var (
	_ smtp.Session     = (*session)(nil)
	_ smtp.AuthSession = (*authSession)(nil)
)

func (ss *session) Reset() {
	ss.from, ss.to, ss.rcptErr, ss.rcptSet = "", nil, nil, false
}

func (ss *session) Logout() error { return nil }

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.srv.user != "" && !ss.authed {
		return smtp.ErrAuthRequired
	}
	if err := ss.srv.takeFailure(AtMail); err != nil {
		return err
	}
	ss.Reset()
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if !ss.rcptSet {
		ss.rcptErr, ss.rcptSet = ss.srv.takeFailure(AtRcpt), true
	}
	if ss.rcptErr != nil {
		return ss.rcptErr
	}
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, r); err != nil {
		return err
	}
	if err := ss.srv.takeFailure(AtData); err != nil {
		return err
	}
	if ss.srv.takeDrop() {
		// Close the socket itself: the server's reply then goes nowhere.
		ss.conn.Conn().Close()
		return errDropped
	}
	ss.srv.mu.Lock()
	hang := ss.srv.hang
	ss.srv.mu.Unlock()
	if hang != nil {
		ss.srv.startHanging()
		select {
		case <-hang:
		case <-ss.srv.closed:
			return errDropped
		}
	}
	ss.srv.record(Message{
		From:     ss.from,
		To:       slices.Clone(ss.to),
		Data:     buf.Bytes(),
		Received: time.Now(),
	})
	return nil
}

var errDropped = errors.New("smtptest: connection dropped on purpose")

// authSession is a session that offers and requires AUTH PLAIN.
type authSession struct{ *session }

func (as *authSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (as *authSession) Auth(mech string) (sasl.Server, error) {
	if mech != sasl.Plain {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(identity, user, password string) error {
		if identity != "" && identity != user {
			return smtp.ErrAuthFailed
		}
		if user != as.srv.user || password != as.srv.password {
			return smtp.ErrAuthFailed
		}
		as.authed = true
		return nil
	}), nil
}
