package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// JobRun is one day's run of a daily job.
type JobRun struct {
	Job        string `gorm:"primaryKey"`
	Day        string `gorm:"primaryKey"` // YYYY-MM-DD in the district's time zone
	Worker     string
	StartedAt  time.Time
	FinishedAt *time.Time
	Result     string
}

// ClaimDailyJob claims the run of job on day for worker and reports whether
// it got it: of several replicas asking the same day, exactly one does. A
// run claimed by a replica that died is not retried that day; daily jobs
// are written so that the next day's run catches up.
func (s *Store) ClaimDailyJob(ctx context.Context, job, day, worker string) (bool, error) {
	r := JobRun{Job: job, Day: day, Worker: worker, StartedAt: s.now()}
	err := s.db.WithContext(ctx).Create(&r).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("claim %s of %s: %w", job, day, err)
	}
	return true, nil
}

// FinishDailyJob records the end of a claimed run and what it did.
func (s *Store) FinishDailyJob(ctx context.Context, job, day, result string) error {
	if len(result) > 1000 {
		result = result[:1000]
	}
	err := s.db.WithContext(ctx).Model(&JobRun{}).Where("job = ? AND day = ?", job, day).
		Updates(map[string]any{"finished_at": s.now(), "result": result}).Error
	if err != nil {
		return fmt.Errorf("finish %s of %s: %w", job, day, err)
	}
	return nil
}
