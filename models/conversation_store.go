package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm/clause"
)

// conversation is a row of conversations: one chat's session state as JSON.
type conversation struct {
	OpenID    string `gorm:"column:openid;primaryKey"`
	State     string
	UpdatedAt time.Time
}

func (conversation) TableName() string { return "conversations" }

// LockConversation returns the saved session state of a chat ("" for a new
// one) and, inside Tx, holds the row's lock until the transaction ends, so
// two messages of one user are handled one after the other on any replica.
// The lock comes from an insert that does nothing when the row exists (on
// MySQL an ON DUPLICATE KEY UPDATE no-op, which takes the row's exclusive
// lock; SQLite's write lock covers the whole database). This avoids the
// gap-lock deadlocks of SELECT ... FOR UPDATE on a row that is missing.
func (s *Store) LockConversation(ctx context.Context, openID string) (string, error) {
	db := s.db.WithContext(ctx)
	row := conversation{OpenID: openID, State: "", UpdatedAt: s.now()}
	if err := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&row).Error; err != nil {
		return "", fmt.Errorf("lock conversation %s: %w", openID, err)
	}
	var state string
	if err := db.Raw("SELECT state FROM conversations WHERE openid = ?", openID).Row().Scan(&state); err != nil {
		return "", fmt.Errorf("load conversation %s: %w", openID, err)
	}
	return state, nil
}

// Conversation returns the saved session state of a chat without locking it.
func (s *Store) Conversation(ctx context.Context, openID string) (string, error) {
	var state string
	err := s.db.WithContext(ctx).Raw("SELECT state FROM conversations WHERE openid = ?", openID).Row().Scan(&state)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("load conversation %s: %w", openID, err)
	}
	return state, nil
}

// SaveConversation stores a chat's session state.
func (s *Store) SaveConversation(ctx context.Context, openID, state string) error {
	row := conversation{OpenID: openID, State: state, UpdatedAt: s.now()}
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "openid"}},
		DoUpdates: clause.AssignmentColumns([]string{"state", "updated_at"}),
	}).Create(&row).Error
	if err != nil {
		return fmt.Errorf("save conversation %s: %w", openID, err)
	}
	return nil
}
