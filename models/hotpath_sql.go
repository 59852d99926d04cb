package models

import (
	"context"
	"strings"
)

// The webhook's statements are written by hand: each runs once per batch
// of messages, and building them through the ORM's reflection cost more CPU
// than the database spent on them. Each is one multi-row statement whose
// placeholders are laid out here.

// valuesList returns rows groups of n placeholders, "(?,?),(?,?)".
func valuesList(rows, n int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", n), ",") + ")"
	var b strings.Builder
	b.Grow(rows * (len(one) + 1))
	for i := range rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(one)
	}
	return b.String()
}

// insertIgnoring returns how an insert of rows that may exist leaves them
// alone: MySQL's no-op ON DUPLICATE KEY UPDATE of key (which, unlike INSERT
// IGNORE, still fails on other errors and takes the row's lock) or SQLite's
// ON CONFLICT DO NOTHING.
func (s *Store) insertIgnoring(key string) string {
	if s.dialect == "mysql" {
		return " ON DUPLICATE KEY UPDATE " + key + " = " + key
	}
	return " ON CONFLICT (" + key + ") DO NOTHING"
}

// upsert returns the clause that replaces cols of a row whose key exists.
func (s *Store) upsert(key string, cols ...string) string {
	var b strings.Builder
	if s.dialect == "mysql" {
		b.WriteString(" ON DUPLICATE KEY UPDATE ")
		for i, c := range cols {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(c + " = VALUES(" + c + ")")
		}
		return b.String()
	}
	b.WriteString(" ON CONFLICT (" + key + ") DO UPDATE SET ")
	for i, c := range cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c + " = excluded." + c)
	}
	return b.String()
}

// lockingRead returns the clause that makes a SELECT in a transaction read
// the latest committed rows and lock them (MySQL's FOR UPDATE), for rows the
// transaction has locked already or is about to write. On MySQL a plain
// SELECT would instead fix the transaction's snapshot (REPEATABLE READ) at
// that moment, before the conversations are locked, and every later plain
// read would miss what another replica committed while this one waited for
// a lock. SQLite has one writer at a time and needs nothing.
func (s *Store) lockingRead() string {
	if s.dialect == "mysql" {
		return " FOR UPDATE"
	}
	return ""
}

// exec runs a hand-written statement in the store's session (its
// transaction inside Tx), with the ORM's error translation.
func (s *Store) exec(ctx context.Context, query string, args ...any) error {
	_, err := s.execCount(ctx, query, args...)
	return err
}

// execCount is exec that also returns the number of rows the statement
// changed. An insert that leaves an existing row alone (insertIgnoring)
// counts only the rows it inserted: SQLite counts what it changed, and
// MySQL (MariaDB, TiDB) a row its no-op ON DUPLICATE KEY UPDATE left
// unchanged as 0 as long as the connection does not ask for found rows,
// which MySQLDSN makes sure of.
func (s *Store) execCount(ctx context.Context, query string, args ...any) (int64, error) {
	r := s.db.WithContext(ctx).Exec(query, args...)
	return r.RowsAffected, r.Error
}
