package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// WebSession is a server-side dashboard session; the cookie holds the token.
type WebSession struct {
	Token  string `gorm:"primaryKey"`
	Data   []byte
	Expiry time.Time
}

// SessionFind returns the data of a session live at now; found is false for
// an unknown or expired token. The session library keeps its own clock, so
// the caller passes it.
func (s *Store) SessionFind(ctx context.Context, token string, now time.Time) (data []byte, found bool, err error) {
	var row WebSession
	err = s.db.WithContext(ctx).Where("token = ? AND expiry > ?", token, now.UTC()).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, false, nil
	} else if err != nil {
		return nil, false, fmt.Errorf("find session: %w", err)
	}
	return row.Data, true, nil
}

// SessionCommit saves a session's data and expiry.
func (s *Store) SessionCommit(ctx context.Context, token string, data []byte, expiry time.Time) error {
	row := WebSession{Token: token, Data: data, Expiry: expiry.UTC()}
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "token"}},
		DoUpdates: clause.AssignmentColumns([]string{"data", "expiry"}),
	}).Create(&row).Error
	if err != nil {
		return fmt.Errorf("commit session: %w", err)
	}
	return nil
}

// SessionDelete removes a session.
func (s *Store) SessionDelete(ctx context.Context, token string) error {
	if err := s.db.WithContext(ctx).Where("token = ?", token).Delete(&WebSession{}).Error; err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// SessionPurge removes sessions expired at now and login attempts older
// than a day.
func (s *Store) SessionPurge(ctx context.Context, now time.Time) error {
	db := s.db.WithContext(ctx)
	if err := db.Where("expiry <= ?", now.UTC()).Delete(&WebSession{}).Error; err != nil {
		return fmt.Errorf("purge sessions: %w", err)
	}
	if err := db.Where("created_at < ?", s.now().Add(-24*time.Hour)).Delete(&LoginAttempt{}).Error; err != nil {
		return fmt.Errorf("purge login attempts: %w", err)
	}
	return nil
}
