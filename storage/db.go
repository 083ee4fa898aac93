package storage

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrNotFound is returned when the thing asked for does not exist.
var ErrNotFound = errors.New("not found")

// queryTimeout bounds every single query made without a deadline of its own.
const queryTimeout = 30 * time.Second

//go:embed migrations/*.sql
var migrations embed.FS

// Dialect names the database behind a DB.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is the ledger's database: SQLite or PostgreSQL behind one API.
type DB struct {
	X       *sqlx.DB
	Dialect Dialect
	// MessageIDDomain is the right-hand side of the Message-IDs given to
	// notices (default DefaultMessageIDDomain).
	MessageIDDomain string
	// Reminders are how long before a meeting reminders are due (default
	// one day before).
	Reminders []time.Duration
}

// DefaultMessageIDDomain is used when DB.MessageIDDomain is empty.
const DefaultMessageIDDomain = "zapisy.bis-krakow.pl"

func init() {
	// sqlx does not know modernc's driver name; without this, Rebind leaves
	// "?" alone, which is what SQLite wants anyway, but be explicit.
	sqlx.BindDriver("sqlite", sqlx.QUESTION)
}

// Open connects to url when it is a postgres:// or postgresql:// URL, or
// else opens (creating it if needed) the SQLite file zapisy.db in dataDir.
// It runs the migrations, and refuses a database whose schema is newer than
// this program knows.
func Open(ctx context.Context, url, dataDir string) (*DB, error) {
	var db *DB
	var err error
	switch {
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		db, err = openPostgres(ctx, url)
	case url == "":
		if err := os.MkdirAll(dataDir, 0o700); err != nil {
			return nil, fmt.Errorf("storage: create data directory: %w", err)
		}
		db, err = OpenSQLite(ctx, filepath.Join(dataDir, "zapisy.db"))
	default:
		return nil, fmt.Errorf("storage: database URL must start with postgres:// (or be empty for SQLite in the data directory), got %q", redactURL(url))
	}
	if err != nil {
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// OpenSQLite opens the SQLite database file at path without migrating it.
func OpenSQLite(ctx context.Context, path string) (*DB, error) {
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	x, err := sqlx.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("storage: open SQLite %s: %w", path, err)
	}
	// SQLite has a single writer; one connection keeps transactions from
	// ever meeting SQLITE_BUSY. The ledger's load is small.
	x.SetMaxOpenConns(1)
	if err := x.PingContext(ctx); err != nil {
		x.Close()
		return nil, fmt.Errorf("storage: open SQLite %s: %w", path, err)
	}
	return &DB{X: x, Dialect: SQLite, Reminders: DefaultReminders}, nil
}

func openPostgres(ctx context.Context, url string) (*DB, error) {
	if !strings.Contains(url, "sslmode=") {
		return nil, fmt.Errorf("storage: PostgreSQL URL %s has no sslmode; add ?sslmode=require (or disable on a trusted local socket)", redactURL(url))
	}
	x, err := sqlx.Open("postgres", url)
	if err != nil {
		return nil, fmt.Errorf("storage: open PostgreSQL: %w", err)
	}
	x.SetMaxOpenConns(10)
	x.SetConnMaxIdleTime(5 * time.Minute)
	if err := x.PingContext(ctx); err != nil {
		x.Close()
		return nil, fmt.Errorf("storage: connect to PostgreSQL %s: %w", redactURL(url), err)
	}
	return &DB{X: x, Dialect: Postgres, Reminders: DefaultReminders}, nil
}

// redactURL hides the password of a database URL for error messages.
func redactURL(u string) string {
	at := strings.LastIndex(u, "@")
	scheme := strings.Index(u, "://")
	if at < 0 || scheme < 0 || at < scheme {
		return u
	}
	userinfo := u[scheme+3 : at]
	if i := strings.Index(userinfo, ":"); i >= 0 {
		return u[:scheme+3] + userinfo[:i] + ":***" + u[at:]
	}
	return u
}

// Close closes the database.
func (db *DB) Close() error { return db.X.Close() }

// migrate brings the schema up to date, one transaction per migration.
// Several daemons starting at once on PostgreSQL take turns through an
// advisory lock.
func (db *DB) migrate(ctx context.Context) error {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	dialect := goose.DialectSQLite3
	var opts []goose.ProviderOption
	if db.Dialect == Postgres {
		dialect = goose.DialectPostgres
		// Daemons starting together take turns on a blocking advisory
		// lock, so the next one goes on the moment the first is done.
		// goose's own lock only tries, every few seconds (and even to read
		// the version): alone it held up each waiting daemon by 5 s or
		// more. It is kept, probing every second, for daemons of older
		// versions that take only that one.
		l, err := db.AcquireLease(ctx, "schema-migrations")
		if err != nil {
			return fmt.Errorf("storage: migration lock: %w", err)
		}
		defer l.Release()
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300))
		if err != nil {
			return fmt.Errorf("storage: migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(dialect, db.X.DB, sub, opts...)
	if err != nil {
		return fmt.Errorf("storage: migrations: %w", err)
	}
	current, err := p.GetDBVersion(ctx)
	if err != nil && !errors.Is(err, goose.ErrNoCurrentVersion) {
		return fmt.Errorf("storage: read schema version: %w", err)
	}
	srcs := p.ListSources()
	if known := srcs[len(srcs)-1].Version; current > known {
		return fmt.Errorf("storage: the database schema is version %d, newer than this program knows (%d): upgrade Zapisy", current, known)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("storage: migrate: %w", err)
	}
	return nil
}

// InTx runs fn in one transaction, committed when fn returns nil and rolled
// back otherwise.
func (db *DB) InTx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	tx, err := db.X.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("storage: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("storage: commit: %w", err)
	}
	return nil
}

// IsUniqueViolation reports whether err is a violated unique constraint in
// either database.
func IsUniqueViolation(err error) bool {
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		return pqErr.Code == "23505"
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		c := sqErr.Code()
		return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// newID makes a time-ordered unique id.
func newID() string {
	return uuid.Must(uuid.NewV7()).String()
}

// dbTime is how every time is written: UTC, whole seconds (see the note at
// the top of the first migration).
func dbTime(t time.Time) time.Time {
	return t.UTC().Truncate(time.Second)
}

// nullTime writes a zero time as NULL.
func nullTime(t time.Time) sql.NullTime {
	if t.IsZero() {
		return sql.NullTime{}
	}
	return sql.NullTime{Time: dbTime(t), Valid: true}
}

// querier is what both *sqlx.DB and *sqlx.Tx offer.
type querier interface {
	sqlx.ExtContext
	GetContext(ctx context.Context, dest any, query string, args ...any) error
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
}

var (
	_ querier = (*sqlx.DB)(nil)
	_ querier = (*sqlx.Tx)(nil)
)

func withTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, queryTimeout)
}

// where builds a WHERE clause from the conditions whose value is given:
// each pair is a condition with one "?" and its value; an empty value
// leaves the condition out.
func where(pairs ...string) (string, []any) {
	var conds []string
	var args []any
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			continue
		}
		conds = append(conds, pairs[i])
		args = append(args, pairs[i+1])
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}
