package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// JobLease is the row of a periodic job in job_leases: the period it last
// ran for, which replica ran it, and until when that replica holds it.
type JobLease struct {
	Job        string `gorm:"primaryKey"`
	Period     string
	Holder     string
	StartedAt  *time.Time
	ExpiresAt  *time.Time
	FinishedAt *time.Time
}

func (JobLease) TableName() string { return "job_leases" }

// ClaimJob takes the run of job for period on behalf of holder, for at most
// ttl, and reports whether it got it. Every replica schedules the same jobs;
// exactly one claim per period succeeds, and none while another run holds
// an unexpired lease, so runs never overlap either. A holder that dies
// mid-run blocks the job until its lease expires; the period it held is
// not run again. The claim is one conditional UPDATE of one row: the
// database serialises it (InnoDB row lock, SQLite's single writer).
func (s *Store) ClaimJob(ctx context.Context, job, period, holder string, ttl time.Duration) (bool, error) {
	if job == "" || period == "" {
		return false, Errorf(EINVALID, "任务名和周期不能为空")
	}
	db := s.db.WithContext(ctx)
	if err := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&JobLease{Job: job}).Error; err != nil &&
		!errors.Is(err, gorm.ErrDuplicatedKey) {
		return false, fmt.Errorf("job %s: create its lease row: %w", job, err)
	}
	now := s.now()
	expires := now.Add(ttl)
	res := db.Model(&JobLease{}).
		Where("job = ? AND period <> ? AND (expires_at IS NULL OR expires_at <= ? OR finished_at IS NOT NULL)", job, period, now).
		Updates(map[string]any{"period": period, "holder": holder, "started_at": now, "expires_at": expires, "finished_at": nil})
	if res.Error != nil {
		return false, fmt.Errorf("job %s: claim period %s: %w", job, period, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// FinishJob records that holder's run of job for period is done, which lets
// the next period's claim through without waiting for the lease.
func (s *Store) FinishJob(ctx context.Context, job, period, holder string) error {
	res := s.db.WithContext(ctx).Model(&JobLease{}).
		Where("job = ? AND period = ? AND holder = ?", job, period, holder).
		Update("finished_at", s.now())
	if res.Error != nil {
		return fmt.Errorf("job %s: finish period %s: %w", job, period, res.Error)
	}
	return nil
}

// JobLeaseOf returns the lease row of job, ENOTFOUND when it never ran.
func (s *Store) JobLeaseOf(ctx context.Context, job string) (*JobLease, error) {
	var l JobLease
	err := s.db.WithContext(ctx).Where("job = ?", job).Take(&l).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, Errorf(ENOTFOUND, "任务 %s 从未运行", job)
	} else if err != nil {
		return nil, fmt.Errorf("job %s: %w", job, err)
	}
	return &l, nil
}
