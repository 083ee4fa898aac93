// Package storage is the ledger: the database schema and its migrations,
// and every query Zapisy makes. One schema serves both databases: embedded
// SQLite (modernc.org/sqlite, the default) and PostgreSQL (lib/pq, for
// production and for several daemons).
package storage
