package models

import (
	"context"
	"errors"
	"fmt"
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

// MarkProcessed records that the message with the given key is handled. A key
// already there is an ECONFLICT error: the message is a retry. Call it inside
// Tx with the message's effects, so that the key commits with them or not at
// all. On MySQL a second insert of a key whose first insert is not committed
// yet waits for that transaction, so a retry never runs beside its original.
func (s *Store) MarkProcessed(ctx context.Context, key string) error {
	err := s.db.WithContext(ctx).Create(&processedMessage{DedupeKey: key, CreatedAt: s.now()}).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return Errorf(ECONFLICT, "消息已处理")
	} else if err != nil {
		return fmt.Errorf("mark message %s processed: %w", key, err)
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
