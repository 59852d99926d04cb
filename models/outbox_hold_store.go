package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// DeferOutbox puts a leased message back to wait until next without
// counting the try: WeChat refused it for a reason that is not the
// message's (the account is misconfigured, the day's quota is spent), so it
// must not become a dead letter. Only the lease holder's release counts.
func (s *Store) DeferOutbox(ctx context.Context, id int64, worker, reason string, next time.Time) error {
	err := s.db.WithContext(ctx).Model(&OutboxMessage{}).
		Where("id = ? AND status = ? AND locked_by LIKE ?", id, OutboxPending, worker+"#%").
		Updates(map[string]any{"next_attempt_at": next.UTC(), "locked_by": "", "locked_until": nil,
			"last_error": clip(reason, 1000), "attempts": gorm.Expr("CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END")}).Error
	if err != nil {
		return fmt.Errorf("defer outbox message %d: %w", id, err)
	}
	return nil
}

// DeferOutboxMany is DeferOutbox for messages of one or more claims, as
// ClaimOutbox returned them, with one UPDATE per claim and markChunk ids.
func (s *Store) DeferOutboxMany(ctx context.Context, msgs []OutboxMessage, reason string, next time.Time) error {
	byLease := map[string][]int64{}
	for _, m := range msgs {
		byLease[m.LockedBy] = append(byLease[m.LockedBy], m.ID)
	}
	for by, ids := range byLease {
		for start := 0; start < len(ids); start += markChunk {
			chunk := ids[start:min(start+markChunk, len(ids))]
			err := retryDeadlock(func() error {
				return s.db.WithContext(ctx).Model(&OutboxMessage{}).
					Where("id IN ? AND status = ? AND locked_by = ?", chunk, OutboxPending, by).
					Updates(map[string]any{"next_attempt_at": next.UTC(), "locked_by": "", "locked_until": nil,
						"last_error": clip(reason, 1000), "attempts": gorm.Expr("CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END")}).Error
			})
			if err != nil {
				return fmt.Errorf("defer %d outbox messages: %w", len(chunk), err)
			}
		}
	}
	return nil
}

// DropOutboxTo ends every pending message to openID as unsubscribed: the
// user no longer follows the account, and WeChat refuses anything sent to
// it (43004). They are not dead letters: nothing is wrong to fix, and
// nothing retries them. It returns how many it ended.
func (s *Store) DropOutboxTo(ctx context.Context, openID, reason string) (int64, error) {
	res := s.db.WithContext(ctx).Model(&OutboxMessage{}).Where("openid = ? AND status = ?", openID, OutboxPending).
		Updates(map[string]any{"status": OutboxUnsubscribed, "locked_by": "", "locked_until": nil, "last_error": clip(reason, 1000)})
	if res.Error != nil {
		return 0, fmt.Errorf("end outbox messages to an unsubscribed user: %w", res.Error)
	}
	return res.RowsAffected, nil
}

// RequeueAllDead gives every dead letter a fresh set of retries, due now,
// and returns how many.
func (s *Store) RequeueAllDead(ctx context.Context) (int64, error) {
	res := s.db.WithContext(ctx).Model(&OutboxMessage{}).Where("status = ?", OutboxDead).
		Updates(map[string]any{"status": OutboxPending, "attempts": 0, "next_attempt_at": s.now(), "last_error": ""})
	if res.Error != nil {
		return 0, fmt.Errorf("requeue dead outbox messages: %w", res.Error)
	}
	return res.RowsAffected, nil
}

// ListOutbox returns messages not (yet) delivered, newest first: dead
// letters only when dead is set, else pending, dead and unsubscribed ones.
func (s *Store) ListOutbox(ctx context.Context, dead bool, limit int) ([]OutboxMessage, error) {
	q := s.db.WithContext(ctx).Omit("payload")
	if dead {
		q = q.Where("status = ?", OutboxDead)
	} else {
		q = q.Where("status IN ?", []string{OutboxPending, OutboxDead, OutboxUnsubscribed})
	}
	var out []OutboxMessage
	if err := q.Order("id DESC").Limit(limit).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list outbox: %w", err)
	}
	return out, nil
}
