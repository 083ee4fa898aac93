// Package imaptest runs IMAP servers for tests of the mailbox intake: a fast
// in-process go-imap server (StartMem) and a real Dovecot (StartDovecot), both
// behind the same *Server with helpers to put mail in and look at it.
//
//	srv := imaptest.StartDovecot(t) // or imaptest.StartMem(t, imaptest.MemOptions{})
//	uid := srv.Append(t, "INBOX", raw)
//	... point the code under test at srv.Addr, srv.User, srv.Password ...
//	if got := srv.List(t, "Zapisy/Przetworzone"); len(got) != 1 { ... }
//
// Both listen on a free 127.0.0.1 port without TLS and accept LOGIN and
// AUTHENTICATE PLAIN for one user whose INBOX exists. Both are stopped when
// the test ends. Where Dovecot is not installed, StartDovecot skips the test
// with a message saying how to install it, or fails it when
// ZAPISY_TEST_STRICT=1 (as in CI).
//
// The helpers open their own short connection per call, so they can be used
// while the code under test holds its connections (IDLE included), and they
// read with BODY.PEEK, so they change no flags.
package imaptest

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// EnvStrict names the variable that, set to 1, turns skips for missing
// servers into failures.
const EnvStrict = "ZAPISY_TEST_STRICT"

// Server is a running IMAP server for one test.
type Server struct {
	// Addr is the server's host:port (127.0.0.1). It stays the same across
	// Restart.
	Addr string
	// User and Password are the credentials of the one mail user.
	User, Password string

	mu      sync.Mutex // serialises Stop and Restart
	backend backend
	running bool
}

// backend is what differs between the in-process server and Dovecot.
type backend interface {
	start() error   // listen on the Server's Addr
	restart() error // stop and start again
	stop() error
}

// Restart stops the server and starts it again on the same address, as a
// server restart would: every connection is dropped, the mail is kept.
func (s *Server) Restart() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var err error
	if s.running {
		err = s.backend.restart()
	} else {
		err = retryBind(s.backend.start)
	}
	s.running = err == nil
	if err != nil {
		return fmt.Errorf("imaptest: restart: %w", err)
	}
	return nil
}

// rebindTimeout is how long a server started again on its old port waits for
// the port to come free.
const rebindTimeout = 5 * time.Second

// retryBind runs start until it does not fail for a port in use, for up to
// rebindTimeout. Once a server's listening socket is closed, other sockets on
// the machine may hold its port for a moment: connections of the old instance
// that are still closing, or an outgoing connection that got the port as its
// local one.
func retryBind(start func() error) error {
	deadline := time.Now().Add(rebindTimeout)
	for wait := 20 * time.Millisecond; ; wait = min(2*wait, 500*time.Millisecond) {
		err := start()
		if err == nil || !portInUse(err) || time.Now().After(deadline) {
			return err
		}
		time.Sleep(wait)
	}
}

// portInUse reports whether err is a failed bind: from the listen of the
// in-process server, or in Dovecot's log.
func portInUse(err error) bool {
	return errors.Is(err, syscall.EADDRINUSE) || strings.Contains(err.Error(), "in use")
}

// Stop stops the server: connections are dropped and new ones refused. It
// happens at the end of the test anyway; calling it twice is harmless. The
// helpers fail the test while the server is stopped; Restart starts it again.
func (s *Server) Stop() error {
	return s.stop()
}

func (s *Server) stop() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.running {
		return nil
	}
	s.running = false
	return s.backend.stop()
}

// Dial returns a new client connection, logged in, that is closed when the
// test ends. The code under test should dial on its own; this is for tests
// that need to drive the server in ways the helpers do not cover.
func (s *Server) Dial(t testing.TB) *imapclient.Client {
	t.Helper()
	c, err := s.dial()
	if err != nil {
		t.Fatalf("imaptest: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func (s *Server) dial() (*imapclient.Client, error) {
	c, err := imapclient.DialInsecure(s.Addr, nil)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", s.Addr, err)
	}
	if err := c.Login(s.User, s.Password).Wait(); err != nil {
		c.Close()
		return nil, fmt.Errorf("login to %s: %w", s.Addr, err)
	}
	return c, nil
}

// with runs fn on a fresh logged-in connection and logs out afterwards.
func (s *Server) with(t testing.TB, what string, fn func(c *imapclient.Client) error) {
	t.Helper()
	c, err := s.dial()
	if err != nil {
		t.Fatalf("imaptest: %s: %v", what, err)
	}
	defer c.Close()
	if err := fn(c); err != nil {
		t.Fatalf("imaptest: %s: %v", what, err)
	}
	c.Logout().Wait()
}

// Append puts a raw message (CRLF line ends, as on the wire) into mailbox
// and returns its UID. The mailbox must exist.
func (s *Server) Append(t testing.TB, mailbox string, raw []byte) uint32 {
	t.Helper()
	var uid imap.UID
	s.with(t, "append to "+mailbox, func(c *imapclient.Client) error {
		cmd := c.Append(mailbox, int64(len(raw)), nil)
		if _, err := cmd.Write(raw); err != nil {
			return err
		}
		if err := cmd.Close(); err != nil {
			return err
		}
		data, err := cmd.Wait()
		if err != nil {
			return err
		}
		uid = data.UID
		if uid != 0 {
			return nil
		}
		// No APPENDUID (no UIDPLUS): the newest message is ours unless
		// someone appended concurrently.
		uids, err := listUIDs(c, mailbox)
		if err != nil {
			return err
		}
		if len(uids) == 0 {
			return fmt.Errorf("appended message not found")
		}
		uid = imap.UID(uids[len(uids)-1])
		return nil
	})
	return uint32(uid)
}

// CreateMailbox creates a mailbox. Both servers use "/" as the hierarchy
// separator ("Zapisy/Przetworzone"); parents are created as needed.
func (s *Server) CreateMailbox(t testing.TB, name string) {
	t.Helper()
	s.with(t, "create "+name, func(c *imapclient.Client) error {
		return c.Create(name, nil).Wait()
	})
}

// DeleteMailbox deletes a mailbox and its mail. Deleting and creating it
// again gives it a new UIDVALIDITY. INBOX cannot be deleted on Dovecot.
func (s *Server) DeleteMailbox(t testing.TB, name string) {
	t.Helper()
	s.with(t, "delete "+name, func(c *imapclient.Client) error {
		return c.Delete(name).Wait()
	})
}

// Mailboxes returns the names of all mailboxes, sorted.
func (s *Server) Mailboxes(t testing.TB) []string {
	t.Helper()
	var names []string
	s.with(t, "list mailboxes", func(c *imapclient.Client) error {
		list, err := c.List("", "*", nil).Collect()
		if err != nil {
			return err
		}
		for _, m := range list {
			names = append(names, m.Mailbox)
		}
		return nil
	})
	slices.Sort(names)
	return names
}

// UIDValidity returns the mailbox's UIDVALIDITY.
func (s *Server) UIDValidity(t testing.TB, mailbox string) uint32 {
	t.Helper()
	var v uint32
	s.with(t, "examine "+mailbox, func(c *imapclient.Client) error {
		data, err := c.Select(mailbox, &imap.SelectOptions{ReadOnly: true}).Wait()
		if err != nil {
			return err
		}
		v = data.UIDValidity
		return nil
	})
	return v
}

// List returns the UIDs of the messages in mailbox, ascending. Messages
// flagged \Deleted but not yet expunged are included.
func (s *Server) List(t testing.TB, mailbox string) []uint32 {
	t.Helper()
	var uids []uint32
	s.with(t, "list "+mailbox, func(c *imapclient.Client) (err error) {
		uids, err = listUIDs(c, mailbox)
		return err
	})
	return uids
}

func listUIDs(c *imapclient.Client, mailbox string) ([]uint32, error) {
	if _, err := c.Select(mailbox, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		return nil, err
	}
	data, err := c.UIDSearch(&imap.SearchCriteria{}, nil).Wait()
	if err != nil {
		return nil, err
	}
	var uids []uint32
	for _, u := range data.AllUIDs() {
		uids = append(uids, uint32(u))
	}
	slices.Sort(uids)
	return uids, nil
}

// Fetch returns the raw bytes of the message with the given UID in mailbox,
// read with BODY.PEEK[] (its \Seen flag is left alone). It fails the test if
// there is no such message.
func (s *Server) Fetch(t testing.TB, mailbox string, uid uint32) []byte {
	t.Helper()
	var raw []byte
	s.with(t, fmt.Sprintf("fetch %s UID %d", mailbox, uid), func(c *imapclient.Client) error {
		msg, _, err := fetch(c, mailbox, uid)
		raw = msg
		return err
	})
	return raw
}

// Flags returns the flags of the message with the given UID in mailbox.
func (s *Server) Flags(t testing.TB, mailbox string, uid uint32) []imap.Flag {
	t.Helper()
	var flags []imap.Flag
	s.with(t, fmt.Sprintf("fetch flags %s UID %d", mailbox, uid), func(c *imapclient.Client) error {
		_, f, err := fetch(c, mailbox, uid)
		flags = f
		return err
	})
	return flags
}

func fetch(c *imapclient.Client, mailbox string, uid uint32) ([]byte, []imap.Flag, error) {
	if _, err := c.Select(mailbox, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		return nil, nil, err
	}
	section := &imap.FetchItemBodySection{Peek: true}
	bufs, err := c.Fetch(imap.UIDSetNum(imap.UID(uid)), &imap.FetchOptions{
		UID:         true,
		Flags:       true,
		BodySection: []*imap.FetchItemBodySection{section},
	}).Collect()
	if err != nil {
		return nil, nil, err
	}
	for _, b := range bufs { // `UID n` may answer for another message: check
		if uint32(b.UID) == uid {
			return bytes.Clone(b.FindBodySection(section)), b.Flags, nil
		}
	}
	return nil, nil, fmt.Errorf("no message with UID %d", uid)
}

func skipOrFail(t testing.TB, msg string) {
	t.Helper()
	if strings.TrimSpace(os.Getenv(EnvStrict)) == "1" {
		t.Fatalf("imaptest: %s (failing because %s=1)", msg, EnvStrict)
		return
	}
	t.Skipf("imaptest: %s", msg)
}
