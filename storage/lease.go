package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"hash/fnv"
	"sync"
	"time"
)

// leaseCheckInterval is how often a held lease checks that the connection
// carrying it is still alive.
const leaseCheckInterval = 5 * time.Second

// Lease is exclusive work on a named thing (a watched mailbox) among several
// daemons sharing one database. On PostgreSQL it is a session-level advisory
// lock held on a connection of its own: when the process dies, the server
// closes the session and the lock passes to the next daemon waiting for it,
// with no expiry to wait out. On SQLite (one file, one daemon) it is always
// granted and never lost.
type Lease struct {
	conn *sql.Conn // nil on SQLite
	lost chan struct{}
	stop chan struct{}
	done chan struct{}
	once sync.Once
}

// leaseKey maps a name to the 64-bit key of a PostgreSQL advisory lock.
func leaseKey(name string) int64 {
	h := fnv.New64a()
	h.Write([]byte("zapisy-lease:" + name))
	return int64(h.Sum64())
}

// AcquireLease blocks until this process holds the lease named name, or ctx
// ends. The caller must Release it; Lost is closed if the lease is lost
// (the connection holding it broke), after which the caller must stop the
// work it guards and acquire the lease again.
func (db *DB) AcquireLease(ctx context.Context, name string) (*Lease, error) {
	l := &Lease{lost: make(chan struct{}), stop: make(chan struct{}), done: make(chan struct{})}
	if db.Dialect != Postgres {
		close(l.done)
		return l, nil
	}
	conn, err := db.X.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("storage: lease %s: connect: %w", name, err)
	}
	// pg_advisory_lock waits in the server; cancelling ctx makes lib/pq send
	// a cancel request, so a waiting daemon can still be stopped.
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, leaseKey(name)); err != nil {
		conn.Raw(func(any) error { return driver.ErrBadConn }) // never pool a connection a cancel may have hit
		conn.Close()
		return nil, fmt.Errorf("storage: lease %s: %w", name, err)
	}
	l.conn = conn
	go l.watch()
	return l, nil
}

func (l *Lease) watch() {
	defer close(l.done)
	t := time.NewTicker(leaseCheckInterval)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), leaseCheckInterval)
			err := l.conn.PingContext(ctx)
			cancel()
			if err != nil {
				close(l.lost)
				return
			}
		}
	}
}

// Lost is closed when the lease was lost while held.
func (l *Lease) Lost() <-chan struct{} { return l.lost }

// Release gives the lease up. It is safe to call more than once.
func (l *Lease) Release() {
	l.once.Do(func() {
		close(l.stop)
		<-l.done
		if l.conn == nil {
			return
		}
		// Closing the session releases the lock even when unlocking fails;
		// the connection is discarded rather than pooled so no lock can
		// linger on a reused session.
		ctx, cancel := context.WithTimeout(context.Background(), leaseCheckInterval)
		defer cancel()
		l.conn.ExecContext(ctx, `SELECT pg_advisory_unlock_all()`)
		l.conn.Raw(func(any) error { return driver.ErrBadConn })
		l.conn.Close()
	})
}
