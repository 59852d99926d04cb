package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// OutboxStats is the outbox's health for monitoring: how much waits, how
// late the most overdue message is, and how many are dead letters.
type OutboxStats struct {
	// Pending counts messages not yet delivered, due or not.
	Pending int64
	// Due counts pending messages whose time has come and that no worker
	// holds: a working sender keeps this near zero.
	Due int64
	// OldestDue is how long the most overdue of them has waited (0 if none).
	OldestDue time.Duration
	// Dead counts dead letters.
	Dead int64
}

// OutboxStats reads the outbox's health as of now. Every count is a range of
// the (status, next_attempt_at) index, so it stays cheap however many sent
// messages the table keeps.
func (s *Store) OutboxStats(ctx context.Context, now time.Time) (OutboxStats, error) {
	var st OutboxStats
	if err := s.db.WithContext(ctx).Model(&OutboxMessage{}).Where("status = ?", OutboxPending).Count(&st.Pending).Error; err != nil {
		return st, fmt.Errorf("outbox stats: %w", err)
	}
	if err := s.db.WithContext(ctx).Model(&OutboxMessage{}).Where("status = ?", OutboxDead).Count(&st.Dead).Error; err != nil {
		return st, fmt.Errorf("outbox stats: %w", err)
	}
	// A claim pushes next_attempt_at to the end of its lease, so a due row
	// is one that no live worker holds.
	dueRows := func() *gorm.DB {
		return s.db.WithContext(ctx).Model(&OutboxMessage{}).Where("status = ? AND next_attempt_at <= ?", OutboxPending, now.UTC())
	}
	if err := dueRows().Count(&st.Due).Error; err != nil {
		return st, fmt.Errorf("outbox stats: %w", err)
	}
	var oldest []time.Time
	if err := dueRows().Order("next_attempt_at").Limit(1).Pluck("next_attempt_at", &oldest).Error; err != nil {
		return st, fmt.Errorf("outbox stats: %w", err)
	}
	if len(oldest) == 1 && now.After(oldest[0]) {
		st.OldestDue = now.Sub(oldest[0])
	}
	return st, nil
}
