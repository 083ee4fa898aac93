package storage

import (
	"context"
	"fmt"
)

// Counts are the ledger's sizes, for metrics and the dashboard.
type Counts struct {
	Registrations map[string]int // by status
	Notices       map[string]int // outbox rows by status
	ReviewOpen    int            // mail waiting for staff
}

// Count counts the ledger by status, in the database.
func (db *DB) Count(ctx context.Context) (Counts, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	c := Counts{Registrations: map[string]int{}, Notices: map[string]int{}}
	for _, q := range []struct {
		table string
		into  map[string]int
	}{{"registrations", c.Registrations}, {"outbox", c.Notices}} {
		var rows []struct {
			Status string `db:"status"`
			N      int    `db:"n"`
		}
		if err := db.X.SelectContext(ctx, &rows, `SELECT status, COUNT(*) AS n FROM `+q.table+` GROUP BY status`); err != nil {
			return Counts{}, fmt.Errorf("storage: count %s: %w", q.table, err)
		}
		for _, r := range rows {
			q.into[r.Status] = r.N
		}
	}
	if err := db.X.GetContext(ctx, &c.ReviewOpen, `SELECT COUNT(*) FROM inbound_messages WHERE review_state = 'open'`); err != nil {
		return Counts{}, fmt.Errorf("storage: count review queue: %w", err)
	}
	return c, nil
}
