package models

import (
	"context"
	"errors"
	"fmt"
	"maps"
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
	args := make([]any, 0, 2*len(keys))
	for _, k := range keys {
		args = append(args, k, now)
	}
	err := s.exec(ctx, "INSERT INTO processed_messages (dedupe_key, created_at) VALUES "+valuesList(len(keys), 2), args...)
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return Errorf(ECONFLICT, "消息已处理")
	} else if err != nil {
		return fmt.Errorf("mark %d messages processed (first %s): %w", len(keys), keys[0], err)
	}
	return nil
}

// PurgeProcessed deletes dedupe keys and webhook nonces older than before
// and returns how many dedupe keys. WeChat retries within seconds and a
// nonce is valid for minutes, so a day's keys are plenty.
func (s *Store) PurgeProcessed(ctx context.Context, before time.Time) (int64, error) {
	res := s.db.WithContext(ctx).Where("created_at < ?", before.UTC()).Delete(&processedMessage{})
	if res.Error != nil {
		return 0, fmt.Errorf("purge processed messages: %w", res.Error)
	}
	if err := s.db.WithContext(ctx).Where("created_at < ?", before.UTC()).Delete(&webhookNonce{}).Error; err != nil {
		return 0, fmt.Errorf("purge webhook nonces: %w", err)
	}
	return res.RowsAffected, nil
}

// webhookNonce is a row of webhook_nonces: a signed request seen, and the
// message it carried.
type webhookNonce struct {
	NonceKey  string `gorm:"primaryKey"`
	DedupeKey string
	CreatedAt time.Time
}

func (webhookNonce) TableName() string { return "webhook_nonces" }

// RememberNonces records the signed requests that carried messages, as
// nonce key (a hash of timestamp, nonce and signature) to the message's
// dedupe key, in one statement: inside the messages' transaction, or on
// its own for messages that change nothing (the statement commits them;
// should a replay be among them, the others stay recorded, which their
// retries accept). A nonce key already recorded with another message is a
// replay and fails with ECONFLICT; recorded with the same message it is
// WeChat's retry of the request, which is welcome (a message that changed
// something has already failed MarkProcessed then; one that changed nothing
// is answered again).
func (s *Store) RememberNonces(ctx context.Context, nonces map[string]string) error {
	if len(nonces) == 0 {
		return nil
	}
	keys := slices.Sorted(maps.Keys(nonces))
	now := s.now()
	args := make([]any, 0, 3*len(keys))
	for _, k := range keys {
		args = append(args, k, nonces[k], now)
	}
	insert := "INSERT INTO webhook_nonces (nonce_key, dedupe_key, created_at) VALUES " + valuesList(len(keys), 3)
	err := s.exec(ctx, insert, args...)
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		// The failed statement inserted nothing; insert what is new and
		// compare what was there.
		if err = s.exec(ctx, insert+s.insertIgnoring("nonce_key"), args...); err == nil {
			err = s.sameNonces(ctx, nonces, keys)
		}
	}
	if err != nil && ErrorCode(err) != ECONFLICT {
		return fmt.Errorf("remember %d webhook nonces: %w", len(keys), err)
	}
	return err
}

// sameNonces fails with ECONFLICT unless every nonce key in keys is
// recorded with the dedupe key nonces gives it.
func (s *Store) sameNonces(ctx context.Context, nonces map[string]string, keys []string) error {
	var rows []webhookNonce
	err := s.db.WithContext(ctx).Raw("SELECT nonce_key, dedupe_key FROM webhook_nonces WHERE nonce_key IN ?"+s.lockingRead(), keys).Scan(&rows).Error
	if err != nil {
		return err
	}
	for _, r := range rows {
		if nonces[r.NonceKey] != r.DedupeKey {
			return Errorf(ECONFLICT, "重复的请求")
		}
	}
	return nil
}
