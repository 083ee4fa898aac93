package demo

import (
	"bytes"
	"io"
	"log"
	"net"
	"sync"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-message/mail"
	"github.com/emersion/go-smtp"

	_ "github.com/emersion/go-message/charset" // Polish charsets in received mail
)

// Demo accounts of the in-process servers.
const (
	IMAPUser     = "martyna.niedospial@bis-krakow.pl"
	IMAPPassword = "demo"
)

// IMAPServer is an in-memory IMAP server on a loopback port, the demo's
// staff mailbox.
type IMAPServer struct {
	Addr string
	user *imapmemserver.User
	srv  *imapserver.Server
	ln   net.Listener
}

// StartIMAP starts the demo's mailbox with an empty INBOX.
func StartIMAP() (*IMAPServer, error) {
	mem := imapmemserver.New()
	user := imapmemserver.NewUser(IMAPUser, IMAPPassword)
	if err := user.Create("INBOX", nil); err != nil {
		return nil, err
	}
	mem.AddUser(user)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}, imap.CapMove: {}, imap.CapUIDPlus: {}},
		InsecureAuth: true,
		Logger:       log.New(io.Discard, "", 0),
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	go srv.Serve(ln) //nolint:errcheck // ends when the listener closes
	return &IMAPServer{Addr: ln.Addr().String(), user: user, srv: srv, ln: ln}, nil
}

// Deliver puts a message into INBOX, as a mail server would.
func (s *IMAPServer) Deliver(raw []byte) error {
	_, err := s.user.Append("INBOX", bytes.NewReader(raw), &imap.AppendOptions{})
	return err
}

// Close stops the server. The listener is closed too: the server's Close
// knows only listeners its Serve goroutine has registered.
func (s *IMAPServer) Close() {
	s.srv.Close()
	s.ln.Close()
}

// Received is one message the demo's SMTP server got.
type Received struct {
	To, Subject string
	Raw         []byte
}

// SMTPSink is an SMTP server that keeps what it receives and reports it.
type SMTPSink struct {
	Addr   string
	srv    *smtp.Server
	ln     net.Listener
	onMail func(Received)
	mu     sync.Mutex
	got    []Received
}

// StartSMTP starts the sink; onMail hears of each message received.
func StartSMTP(onMail func(Received)) (*SMTPSink, error) {
	s := &SMTPSink{onMail: onMail}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &sinkSession{sink: s}, nil }))
	s.srv.Domain = "localhost"
	s.srv.AllowInsecureAuth = true
	s.srv.ErrorLog = log.New(io.Discard, "", 0)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.Addr, s.ln = ln.Addr().String(), ln
	go s.srv.Serve(ln) //nolint:errcheck // ends with Close
	return s, nil
}

// Close stops the sink (and its listener, as IMAPServer.Close does).
func (s *SMTPSink) Close() {
	s.srv.Close()
	s.ln.Close()
}

// Received lists what the sink has received.
func (s *SMTPSink) Received() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.got...)
}

type sinkSession struct {
	sink *SMTPSink
	to   []string
}

func (*sinkSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}
func (*sinkSession) Reset()        {}
func (*sinkSession) Logout() error { return nil }

func (s *sinkSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	subject := "(no subject)"
	if mr, _ := mail.CreateReader(bytes.NewReader(raw)); mr != nil {
		if sub, err := mr.Header.Subject(); err == nil {
			subject = sub
		}
	}
	for _, to := range s.to {
		rc := Received{To: to, Subject: subject, Raw: raw}
		s.sink.mu.Lock()
		s.sink.got = append(s.sink.got, rc)
		s.sink.mu.Unlock()
		if s.sink.onMail != nil {
			s.sink.onMail(rc)
		}
	}
	s.to = nil
	return nil
}

var _ smtp.Session = (*sinkSession)(nil)
