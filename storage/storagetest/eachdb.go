package storagetest

import (
	"context"
	"testing"

	"zapisy/storage"
)

// EachDB runs fn as two subtests, "sqlite" and "postgres", each with a
// fresh, migrated ledger database that is closed when the subtest ends.
func EachDB(t *testing.T, fn func(t *testing.T, db *storage.DB)) {
	t.Run("sqlite", func(t *testing.T) {
		fn(t, open(t, "", t.TempDir()))
	})
	t.Run("postgres", func(t *testing.T) {
		fn(t, open(t, PostgresURL(t), ""))
	})
}

func open(t *testing.T, url, dir string) *storage.DB {
	t.Helper()
	db, err := storage.Open(context.Background(), url, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
