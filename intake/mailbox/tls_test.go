package mailbox

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
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

// selfSigned makes a certificate for 127.0.0.1 that no system trusts.
func selfSigned(t *testing.T) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "imap.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// tlsServer is go-imap's in-memory server behind implicit TLS or STARTTLS;
// it refuses to log in without TLS.
type tlsServer struct {
	port int
	user *imapmemserver.User
}

func startTLSServer(t *testing.T, mode string) *tlsServer {
	t.Helper()
	mem := imapmemserver.New()
	u := imapmemserver.NewUser("zapisy", "tajne")
	if err := u.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(u)
	tlsCfg := &tls.Config{Certificates: []tls.Certificate{selfSigned(t)}}
	opts := &imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:   imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapMove: {}, imap.CapUIDPlus: {}},
		Logger: log.New(io.Discard, "", 0),
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if mode == TLSImplicit {
		ln = tls.NewListener(ln, tlsCfg)
	} else {
		opts.TLSConfig = tlsCfg // offers STARTTLS
	}
	srv := imapserver.New(opts)
	go srv.Serve(ln) //nolint:errcheck // ends with Close
	t.Cleanup(func() { srv.Close() })
	return &tlsServer{port: ln.Addr().(*net.TCPAddr).Port, user: u}
}

func (s *tlsServer) config(mode string, insecure bool) Config {
	return Config{Name: "tls-" + mode, Host: "127.0.0.1", Port: s.port, TLS: mode, InsecureSkipVerify: insecure,
		User: "zapisy", Password: "tajne", PollInterval: time.Second, StartSince: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)}
}

func TestTLSModes(t *testing.T) {
	for _, mode := range []string{TLSImplicit, TLSStartTLS} {
		t.Run(mode, func(t *testing.T) {
			srv := startTLSServer(t, mode)

			// Certificates are checked by default: a self-signed one is refused.
			db, _, _ := openDB(t, false)
			w, err := New(db, srv.config(mode, false), testDecide, testLogger(t))
			if err != nil {
				t.Fatal(err)
			}
			err = (&session{w: w}).connect(context.Background())
			var unknown x509.UnknownAuthorityError
			if !errors.As(err, &unknown) {
				t.Fatalf("connect with certificate checks: %v, want an unknown-authority error", err)
			}

			// Told to skip the check (a self-signed staff server), it works
			// end to end over the encrypted connection.
			if _, err := srv.user.Append("INBOX", bytes.NewReader(signup(1)), &imap.AppendOptions{}); err != nil {
				t.Fatal(err)
			}
			ev, _ := start(t, db, srv.config(mode, true))
			h := ev.next(t)
			if h.Action != "register" || h.Target != DefaultProcessedFolder {
				t.Errorf("handled %+v", h)
			}
		})
	}
}

func TestPlainLoginRefusedWithoutTLS(t *testing.T) {
	srv := startTLSServer(t, TLSStartTLS)
	db, _, _ := openDB(t, false)
	w, err := New(db, srv.config(TLSNone, false), testDecide, testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := (&session{w: w}).connect(context.Background()); err == nil {
		t.Fatal("logged in over a plain connection to a server that requires TLS")
	}
}
