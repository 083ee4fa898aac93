package imaptest_test

import (
	"bytes"
	"fmt"
	"net"
	"slices"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"zapisy/intake/imaptest"
)

var servers = []struct {
	name  string
	start func(testing.TB) *imaptest.Server
}{
	{"mem", func(t testing.TB) *imaptest.Server { return imaptest.StartMem(t, imaptest.MemOptions{}) }},
	{"dovecot", imaptest.StartDovecot},
}

func rawMail(i int) []byte {
	return fmt.Appendf(nil, "From: Jan Kowalski <jan@ngo.example>\r\n"+
		"To: zapisy@fundacja.example\r\n"+
		"Subject: =?UTF-8?Q?Zg=C5=82oszenie_nr_%d?=\r\n"+
		"Message-ID: <%d@ngo.example>\r\n"+
		"Content-Type: text/plain; charset=UTF-8\r\n"+
		"Content-Transfer-Encoding: 8bit\r\n"+
		"\r\n"+
		"Nazwa organizacji: Stowarzyszenie Żółw\r\n", i, i)
}

func TestAppendListFetch(t *testing.T) {
	for _, s := range servers {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			srv := s.start(t)
			var uids []uint32
			for i := range 3 {
				uids = append(uids, srv.Append(t, "INBOX", rawMail(i)))
			}
			if !slices.IsSorted(uids) || uids[0] == 0 || uids[0] == uids[1] {
				t.Fatalf("Append UIDs = %v, want distinct ascending", uids)
			}
			if got := srv.List(t, "INBOX"); !slices.Equal(got, uids) {
				t.Fatalf("List = %v, want %v", got, uids)
			}
			for i, uid := range uids {
				if got := srv.Fetch(t, "INBOX", uid); !bytes.Equal(got, rawMail(i)) {
					t.Errorf("Fetch(%d) =\n%q\nwant\n%q", uid, got, rawMail(i))
				}
				if flags := srv.Flags(t, "INBOX", uid); slices.Contains(flags, imap.FlagSeen) {
					t.Errorf("message %d is \\Seen after Fetch: flags %v", uid, flags)
				}
			}
		})
	}
}

func TestMailboxes(t *testing.T) {
	for _, s := range servers {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			srv := s.start(t)
			const box = "Zapisy/Pominięte"
			srv.CreateMailbox(t, box)
			if got := srv.Mailboxes(t); !slices.Contains(got, box) || !slices.Contains(got, "INBOX") {
				t.Fatalf("Mailboxes = %q, want INBOX and %q", got, box)
			}
			uid := srv.Append(t, box, rawMail(1))
			if got := srv.List(t, box); !slices.Equal(got, []uint32{uid}) {
				t.Fatalf("List(%s) = %v, want [%d]", box, got, uid)
			}
			before := srv.UIDValidity(t, box)

			srv.DeleteMailbox(t, box)
			srv.CreateMailbox(t, box)
			if after := srv.UIDValidity(t, box); after == before {
				t.Errorf("UIDVALIDITY %d unchanged after delete and create", after)
			}
			if got := srv.List(t, box); len(got) != 0 {
				t.Errorf("recreated mailbox holds %v", got)
			}
		})
	}
}

func TestRestartKeepsMailDropsConnections(t *testing.T) {
	for _, s := range servers {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			srv := s.start(t)
			uid := srv.Append(t, "INBOX", rawMail(1))
			addr := srv.Addr
			c := srv.Dial(t)
			if _, err := c.Select("INBOX", nil).Wait(); err != nil {
				t.Fatal(err)
			}

			if err := srv.Restart(); err != nil {
				t.Fatal(err)
			}
			select {
			case <-c.Closed():
			case <-time.After(10 * time.Second):
				t.Fatal("client connection survived the restart")
			}
			if srv.Addr != addr {
				t.Errorf("Addr changed from %s to %s", addr, srv.Addr)
			}
			if got := srv.List(t, "INBOX"); !slices.Equal(got, []uint32{uid}) {
				t.Fatalf("after restart List = %v, want [%d]", got, uid)
			}
			if uid2 := srv.Append(t, "INBOX", rawMail(2)); uid2 <= uid {
				t.Errorf("UID after restart %d, want > %d", uid2, uid)
			}
		})
	}
}

func TestStop(t *testing.T) {
	for _, s := range servers {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			srv := s.start(t)
			if err := srv.Stop(); err != nil {
				t.Fatal(err)
			}
			if err := srv.Stop(); err != nil {
				t.Fatalf("second Stop: %v", err)
			}
			if conn, err := net.Dial("tcp", srv.Addr); err == nil {
				conn.Close()
				t.Fatalf("stopped server accepts connections (%s to %s)", conn.LocalAddr(), conn.RemoteAddr())
			}
			if err := srv.Restart(); err != nil {
				t.Fatal(err)
			}
			srv.Append(t, "INBOX", rawMail(1))
		})
	}
}

func TestMemOptions(t *testing.T) {
	tests := []struct {
		opts              imaptest.MemOptions
		wantMove, wantUID bool
	}{
		{imaptest.MemOptions{}, true, true},
		{imaptest.MemOptions{NoMove: true}, false, true},
		{imaptest.MemOptions{NoMove: true, NoUIDPlus: true}, false, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%+v", tt.opts), func(t *testing.T) {
			srv := imaptest.StartMem(t, tt.opts)
			srv.CreateMailbox(t, "Zapisy/Przetworzone")
			uid := srv.Append(t, "INBOX", rawMail(1))

			c := srv.Dial(t)
			caps := c.Caps()
			if caps.Has(imap.CapMove) != tt.wantMove || caps.Has(imap.CapUIDPlus) != tt.wantUID {
				t.Fatalf("caps %v: want MOVE %v, UIDPLUS %v", caps, tt.wantMove, tt.wantUID)
			}
			// The client's Move falls back to COPY + \Deleted + EXPUNGE.
			if _, err := c.Select("INBOX", nil).Wait(); err != nil {
				t.Fatal(err)
			}
			if _, err := c.Move(imap.UIDSetNum(imap.UID(uid)), "Zapisy/Przetworzone").Wait(); err != nil {
				t.Fatalf("Move: %v", err)
			}
			if got := srv.List(t, "INBOX"); len(got) != 0 {
				t.Errorf("INBOX after move = %v, want empty", got)
			}
			if got := srv.List(t, "Zapisy/Przetworzone"); len(got) != 1 {
				t.Errorf("target after move = %v, want one message", got)
			}
		})
	}
}
