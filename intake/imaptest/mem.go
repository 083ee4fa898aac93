package imaptest

import (
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

// MemOptions chooses what the in-process server offers. The zero value offers
// MOVE and UIDPLUS, like Dovecot.
type MemOptions struct {
	// NoMove leaves MOVE out of the capabilities, so clients must fall back
	// to COPY + STORE \Deleted + EXPUNGE.
	NoMove bool
	// NoUIDPlus leaves UIDPLUS out, so there is no UID EXPUNGE (and with
	// NoMove the fallback expunges every \Deleted message).
	NoUIDPlus bool
	// Debug, when set, receives the raw protocol of every connection
	// (credentials included).
	Debug io.Writer
}

// StartMem starts an in-process IMAP4rev1 server (go-imap's imapserver over
// imapmemserver) on a free loopback port, with one user and an empty INBOX,
// and stops it when the test ends. It does no I/O beyond the listener. Mail is
// kept across Restart but lost when the test ends.
func StartMem(t testing.TB, opts MemOptions) *Server {
	t.Helper()
	user, password := "zapisy", "haslo-"+randomHex(6)
	u := imapmemserver.NewUser(user, password)
	if err := u.Create("INBOX", nil); err != nil {
		t.Fatalf("imaptest: create INBOX: %v", err)
	}
	mem := imapmemserver.New()
	mem.AddUser(u)

	caps := imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapNamespace: {}, imap.CapChildren: {}}
	if !opts.NoMove {
		caps[imap.CapMove] = struct{}{}
	}
	if !opts.NoUIDPlus {
		caps[imap.CapUIDPlus] = struct{}{}
	}
	m := &memBackend{
		opts: imapserver.Options{
			NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
				return mem.NewSession(), nil, nil
			},
			Caps:         caps,
			InsecureAuth: true,
			Logger:       log.New(io.Discard, "", 0),
			DebugWriter:  opts.Debug,
		},
		addr: "127.0.0.1:0",
	}
	if err := m.start(); err != nil {
		t.Fatalf("imaptest: %v", err)
	}
	s := &Server{Addr: m.addr, User: user, Password: password, backend: m, running: true}
	t.Cleanup(func() { s.stop() })
	return s
}

// memBackend serves an imapmemserver; each start makes a new imapserver on
// the same address over the same mail.
type memBackend struct {
	opts   imapserver.Options
	addr   string
	ln     net.Listener
	srv    *imapserver.Server
	served chan struct{}
}

func (m *memBackend) start() error {
	ln, err := net.Listen("tcp", m.addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	m.addr, m.ln = ln.Addr().String(), ln
	m.srv = imapserver.New(&m.opts)
	m.served = make(chan struct{})
	go func(srv *imapserver.Server, served chan struct{}) {
		defer close(served)
		srv.Serve(ln) // ends with an error once closed
	}(m.srv, m.served)
	return nil
}

func (m *memBackend) stop() error {
	err := m.srv.Close()
	m.ln.Close() // in case Serve had not registered it yet
	<-m.served
	if errors.Is(err, net.ErrClosed) {
		err = nil
	}
	return err
}
