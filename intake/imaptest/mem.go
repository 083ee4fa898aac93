package imaptest

import (
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"sync"
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
	}
	if err := m.start(); err != nil {
		t.Fatalf("imaptest: %v", err)
	}
	s := &Server{Addr: m.addr, User: user, Password: password, backend: m, running: true}
	t.Cleanup(func() { s.stop() })
	return s
}

// memBackend serves an imapmemserver; each start makes a new imapserver over
// the same mail. Restart keeps the listening socket (see acceptor) so that no
// other socket can take the port in between; Stop closes it.
type memBackend struct {
	opts   imapserver.Options
	addr   string
	acc    *acceptor // nil after a full stop
	srv    *imapserver.Server
	gen    *genListener
	served chan struct{}
}

func (m *memBackend) start() error {
	if m.acc == nil {
		listen := func() (net.Listener, error) { return net.Listen("tcp", m.addr) }
		if m.addr == "" {
			listen = loopbackListen
		}
		ln, err := listen()
		if err != nil {
			return fmt.Errorf("listen: %w", err)
		}
		m.addr = ln.Addr().String()
		m.acc = newAcceptor(ln)
	}
	m.srv = imapserver.New(&m.opts)
	m.gen = &genListener{acc: m.acc, done: make(chan struct{})}
	m.served = make(chan struct{})
	go func(srv *imapserver.Server, gen *genListener, served chan struct{}) {
		defer close(served)
		srv.Serve(gen) // ends once gen is closed
	}(m.srv, m.gen, m.served)
	return nil
}

// stopServing ends the current imapserver and its connections, keeping the port.
func (m *memBackend) stopServing() error {
	err := m.srv.Close()
	m.gen.Close() // in case Serve had not registered it yet
	<-m.served
	if errors.Is(err, net.ErrClosed) {
		err = nil
	}
	return err
}

func (m *memBackend) restart() error {
	if err := m.stopServing(); err != nil {
		return err
	}
	return m.start()
}

func (m *memBackend) stop() error {
	err := m.stopServing()
	m.acc.close()
	m.acc = nil
	return err
}

// acceptor accepts on a real listener for successive imapservers.
type acceptor struct {
	ln    net.Listener
	conns chan net.Conn // hands each connection to the current server
	quit  chan struct{} // closed by close
	done  chan struct{} // closed when the accept loop has ended
}

func newAcceptor(ln net.Listener) *acceptor {
	a := &acceptor{ln: ln, conns: make(chan net.Conn), quit: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(a.done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			select {
			case a.conns <- c:
			case <-a.quit:
				c.Close()
				return
			}
		}
	}()
	return a
}

func (a *acceptor) close() {
	close(a.quit)
	a.ln.Close()
	<-a.done
}

// genListener is the listener one imapserver sees; closing it leaves the
// acceptor's socket open.
type genListener struct {
	acc  *acceptor
	once sync.Once
	done chan struct{}
}

func (g *genListener) Accept() (net.Conn, error) {
	select {
	case c := <-g.acc.conns:
		return c, nil
	case <-g.done:
		return nil, net.ErrClosed
	case <-g.acc.done:
		return nil, net.ErrClosed
	}
}

func (g *genListener) Close() error {
	g.once.Do(func() { close(g.done) })
	return nil
}

func (g *genListener) Addr() net.Addr { return g.acc.ln.Addr() }
