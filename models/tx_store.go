package models

import (
	"context"

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
