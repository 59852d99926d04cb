package models

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"
)

// Tx runs fn in one database transaction. fn gets a Store bound to the
// transaction, so every Store method it calls joins it; the transaction
// commits when fn returns nil and rolls back otherwise. The webhook uses it to
// commit a message's dedupe key, its side effects and the session together.
func (s *Store) Tx(ctx context.Context, fn func(tx *Store) error) error {
	return s.db.WithContext(ctx).Transaction(func(db *gorm.DB) error {
		t := *s
		t.db = db
		return fn(&t)
	})
}

// ErrReadOnly is the error of a write asked of a guarded Store; the
// statement never reaches the database.
var ErrReadOnly = errors.New("write refused: the store is read-only here")

// WriteGuard records whether a guarded Store was asked to write.
type WriteGuard struct{ tried bool }

// Tried reports whether a write was asked of the guarded Store.
func (g *WriteGuard) Tried() bool { return g.tried }

// writeGuardKey is the ORM setting that carries a guarded Store's guard to
// the statement callbacks.
const writeGuardKey = "selfcheck:write_guard"

// Guarded returns a view of s that refuses every write (insert, update,
// delete, hand-written statement) with ErrReadOnly before it reaches the
// database, and notes in g that one was asked, even if the caller goes on
// after the error. Reads work as on s.
func (s *Store) Guarded(g *WriteGuard) *Store {
	t := *s
	t.db = s.db.Set(writeGuardKey, g).Session(&gorm.Session{})
	return &t
}

// installWriteGuard registers, before every kind of write the ORM runs, the
// callback that refuses it on a guarded Store.
func installWriteGuard(db *gorm.DB) error {
	refuse := func(db *gorm.DB) {
		if g, ok := db.Get(writeGuardKey); ok {
			g.(*WriteGuard).tried = true
			db.AddError(ErrReadOnly)
		}
	}
	cb := db.Callback()
	for _, err := range []error{
		cb.Create().Before("gorm:create").Register("selfcheck:guard_create", refuse),
		cb.Update().Before("gorm:update").Register("selfcheck:guard_update", refuse),
		cb.Delete().Before("gorm:delete").Register("selfcheck:guard_delete", refuse),
		cb.Raw().Before("gorm:raw").Register("selfcheck:guard_raw", refuse),
	} {
		if err != nil {
			return fmt.Errorf("install write guard: %w", err)
		}
	}
	return nil
}
