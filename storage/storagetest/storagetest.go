// Package storagetest gives tests a real, throwaway database: a fresh, empty
// PostgreSQL database per call on a server shared by the test binary, or an
// SQLite file in the test's temporary directory.
//
// PostgreSQL comes from ZAPISY_TEST_POSTGRES_URL when it is set (a URL of the
// form postgres://user:pass@host:port/db?sslmode=disable for a role that may
// CREATE DATABASE). Otherwise the first PostgresURL call of a test binary
// starts a private cluster from the server binaries on the machine (Debian and
// Ubuntu: /usr/lib/postgresql/<version>/bin; elsewhere `pg_config --bindir`)
// in a temporary directory (in /dev/shm where there is one: creating a
// database on disk takes ten times longer) on a free loopback port, with
// fsync off, running it as the
// `postgres` user (or `nobody`) when the tests run as root, because
// PostgreSQL refuses to run as root. It takes about half a second and is
// reused by every later call in the same binary.
//
// Where no server binaries exist, PostgresURL skips the test with a message
// saying how to enable it; with ZAPISY_TEST_STRICT=1 (as in CI) it fails the
// test instead.
//
// Clean-up: packages that use PostgresURL should call Main from TestMain, so
// the cluster is stopped and its directory removed when the tests end:
//
//	func TestMain(m *testing.M) { storagetest.Main(m) }
//
// Without it, or when the test binary crashes or is killed, the kernel stops
// the cluster anyway (it is started with a parent-death signal on Linux), and
// the next test binary that starts a cluster removes the directories such
// runs leave behind.
package storagetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lib/pq"
)

const (
	// EnvPostgresURL names the variable with a PostgreSQL server URL to use
	// instead of a private cluster.
	EnvPostgresURL = "ZAPISY_TEST_POSTGRES_URL"
	// EnvStrict names the variable that, set to 1, turns skips for missing
	// servers into failures.
	EnvStrict = "ZAPISY_TEST_STRICT"

	// dbTimeout bounds creating or dropping one database.
	dbTimeout = 30 * time.Second
)

// howToEnable is the skip message where no PostgreSQL is available.
const howToEnable = "no PostgreSQL server binaries found (looked in /usr/lib/postgresql/*/bin, `pg_config --bindir` and PATH). " +
	"To run these tests, install them (Debian/Ubuntu: apt-get install postgresql) " +
	"or set " + EnvPostgresURL + "=postgres://user:pass@host:5432/postgres?sslmode=disable " +
	"(a role allowed to CREATE DATABASE). " + EnvStrict + "=1 makes this a failure instead of a skip"

// server is the PostgreSQL server shared by all tests of one binary. It is
// the package's only state: a test binary has exactly one.
type server struct {
	adminURL string   // URL of the server's maintenance database
	admin    *sql.DB  // pool on adminURL, for CREATE/DROP DATABASE
	cluster  *cluster // nil for a server given by EnvPostgresURL
}

var shared struct {
	mu      sync.Mutex
	srv     *server
	err     error // sticky: a failed start is not retried by every test
	stopped bool
	seq     atomic.Int64
}

// PostgresURL returns the URL of a new, empty database on the shared server,
// created for this call under a unique name and dropped when the test ends.
// The URL has the form postgres://...?sslmode=... and works with lib/pq
// (driver "postgres") and sqlx. It may be called from parallel tests.
func PostgresURL(t testing.TB) string {
	t.Helper()
	srv, err := sharedServer()
	if errors.Is(err, errNoBinaries) {
		skipOrFail(t, howToEnable)
	}
	if err != nil {
		t.Fatalf("storagetest: %v", err)
	}

	name := fmt.Sprintf("zapisy_test_%d_%s_%d", os.Getpid(), randomHex(4), shared.seq.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), dbTimeout)
	defer cancel()
	if _, err := srv.admin.ExecContext(ctx, "CREATE DATABASE "+pq.QuoteIdentifier(name)); err != nil {
		t.Fatalf("storagetest: create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		if err := srv.dropDatabase(name); err != nil {
			t.Logf("storagetest: drop database %s: %v", name, err)
		}
	})
	dbURL, err := withDatabase(srv.adminURL, name)
	if err != nil {
		t.Fatalf("storagetest: %v", err)
	}
	return dbURL
}

// SQLitePath returns the path of a not yet existing SQLite database file in
// the test's temporary directory, removed when the test ends.
func SQLitePath(t testing.TB) string {
	t.Helper()
	return filepath.Join(t.TempDir(), "zapisy.db")
}

// Main runs the tests, stops the private PostgreSQL cluster if one was
// started, and exits with the tests' status. Call it from TestMain.
func Main(m *testing.M) {
	code := m.Run()
	if err := stopShared(); err != nil {
		fmt.Fprintf(os.Stderr, "storagetest: %v\n", err)
	}
	os.Exit(code)
}

func sharedServer() (*server, error) {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.srv != nil || shared.err != nil {
		return shared.srv, shared.err
	}
	if shared.stopped {
		return nil, errors.New("PostgresURL called after Main stopped the server")
	}
	shared.srv, shared.err = startServer()
	return shared.srv, shared.err
}

func startServer() (*server, error) {
	if u := os.Getenv(EnvPostgresURL); u != "" {
		return openServer(u, nil)
	}
	c, err := startCluster()
	if err != nil {
		return nil, err
	}
	srv, err := openServer(c.url(), c)
	if err != nil {
		c.stop()
		return nil, err
	}
	return srv, nil
}

func openServer(adminURL string, c *cluster) (*server, error) {
	u, err := url.Parse(adminURL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return nil, fmt.Errorf("%s must be a postgres:// URL, got %q", EnvPostgresURL, redact(adminURL))
	}
	db, err := sql.Open("postgres", adminURL)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", redact(adminURL), err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), dbTimeout)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to %s: %w", redact(adminURL), err)
	}
	return &server{adminURL: adminURL, admin: db, cluster: c}, nil
}

func (s *server) dropDatabase(name string) error {
	ctx, cancel := context.WithTimeout(context.Background(), dbTimeout)
	defer cancel()
	// FORCE (PostgreSQL 13+) ends connections a test left open.
	_, err := s.admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+pq.QuoteIdentifier(name)+" WITH (FORCE)")
	var pqErr *pq.Error
	if errors.As(err, &pqErr) && pqErr.Code == "42601" { // syntax error: older server
		_, err = s.admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+pq.QuoteIdentifier(name))
	}
	return err
}

func stopShared() error {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	shared.stopped = true
	srv := shared.srv
	shared.srv = nil
	if srv == nil {
		return nil
	}
	srv.admin.Close()
	if srv.cluster != nil {
		return srv.cluster.stop()
	}
	return nil
}

// withDatabase returns serverURL with its database replaced by name.
func withDatabase(serverURL, name string) (string, error) {
	u, err := url.Parse(serverURL)
	if err != nil {
		return "", fmt.Errorf("parse server URL: %w", err)
	}
	u.Path = "/" + name
	u.RawPath = ""
	return u.String(), nil
}

// redact hides the password of a URL for messages.
func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

func skipOrFail(t testing.TB, msg string) {
	t.Helper()
	if strict() {
		t.Fatalf("storagetest: %s (failing because %s=1)", msg, EnvStrict)
		return
	}
	t.Skipf("storagetest: %s", msg)
}

func strict() bool { return strings.TrimSpace(os.Getenv(EnvStrict)) == "1" }

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand since Go 1.24)
	return hex.EncodeToString(b)
}
