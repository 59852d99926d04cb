package models

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"
)

// processedMessage is a row of processed_messages: the dedupe key of an
// inbound WeChat message or event that has been handled.
type processedMessage struct {
	DedupeKey string `gorm:"primaryKey"`
	CreatedAt time.Time
}

func (processedMessage) TableName() string { return "processed_messages" }

// MarkProcessed records that the messages with the given keys are handled,
// in one statement. If any key is already there the statement inserts
// nothing and fails with ECONFLICT: one of the messages is a retry, and the
// caller handles them one by one to find which. Call it inside Tx with the
// messages' effects, so that the keys commit with them or not at all. On
// MySQL an insert of a key whose first insert is not committed yet waits for
// that transaction, so a retry never runs beside its original.
func (s *Store) MarkProcessed(ctx context.Context, keys ...string) error {
	if len(keys) == 0 {
		return nil
	}
	// Sorted keys take their locks in one order in every transaction.
	keys = slices.Sorted(slices.Values(keys))
	now := s.now()
	rows := make([]processedMessage, len(keys))
	for i, k := range keys {
		rows[i] = processedMessage{DedupeKey: k, CreatedAt: now}
	}
	err := s.db.WithContext(ctx).Create(&rows).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return Errorf(ECONFLICT, "消息已处理")
	} else if err != nil {
		return fmt.Errorf("mark %d messages processed (first %s): %w", len(keys), keys[0], err)
	}
	return nil
}

// PurgeProcessed deletes dedupe keys older than before and returns how many.
// WeChat retries within seconds, so a day's keys are plenty.
func (s *Store) PurgeProcessed(ctx context.Context, before time.Time) (int64, error) {
	res := s.db.WithContext(ctx).Where("created_at < ?", before.UTC()).Delete(&processedMessage{})
	if res.Error != nil {
		return 0, fmt.Errorf("purge processed messages: %w", res.Error)
	}
	return res.RowsAffected, nil
}
