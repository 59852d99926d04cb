package models

import (
	"context"
	"fmt"
	"time"
)

// RetentionCutoffs says, per kind of personal data, the instant before which
// it goes. A zero time keeps that kind forever.
type RetentionCutoffs struct {
	// Reports closed or resolved before it are anonymised
	// (AnonymiseReports); the rows stay for statistics.
	Reports time.Time
	// Photos of reports closed before it, and of household checks created
	// before it, are deleted with their files.
	Photos time.Time
	// Household self-checks created before it are deleted with their
	// answers.
	HouseholdAnswers time.Time
	// Chat sessions idle since before it are deleted.
	Conversations time.Time
	// Dedupe keys and webhook nonces recorded before it are deleted.
	DedupeKeys time.Time
	// Bind attempts before it are deleted.
	BindAttempts time.Time
	// Delivered (or refused) outbound messages created before it are
	// deleted: they carry the text that was sent.
	Messages time.Time
}

// RetentionResult counts what one sweep removed.
type RetentionResult struct {
	ReportsAnonymised int64    `json:"reports_anonymised"`
	Photos            int64    `json:"photos"`
	HouseholdChecks   int64    `json:"household_checks"`
	Conversations     int64    `json:"conversations"`
	DedupeKeys        int64    `json:"dedupe_keys"`
	BindAttempts      int64    `json:"bind_attempts"`
	Messages          int64    `json:"messages"`
	Files             []string `json:"-"` // photo files no row refers to any more
}

// retentionBatch bounds the rows one statement touches, so a first sweep
// over years of data does not hold long locks.
const retentionBatch = 500

// ApplyRetention removes the personal data older than c allows, in
// batches of one transaction each; a failure leaves the batches before it
// applied, and the next sweep resumes. Photo files are the caller's to
// remove (RetentionResult.Files).
func (s *Store) ApplyRetention(ctx context.Context, c RetentionCutoffs) (*RetentionResult, error) {
	out := &RetentionResult{}
	closed := []string{ReportResolved, ReportClosed}
	if !c.Photos.IsZero() {
		for {
			var ids []int64
			err := s.db.WithContext(ctx).Table("photos p").Distinct("p.id").
				Joins("JOIN report_photos rp ON rp.photo_id = p.id JOIN citizen_reports r ON r.id = rp.report_id").
				Where("r.status IN ? AND COALESCE(r.closed_at, r.resolved_at, r.updated_at) < ?", closed, c.Photos.UTC()).
				Limit(retentionBatch).Pluck("p.id", &ids).Error
			if err != nil {
				return out, fmt.Errorf("retention: photos of reports: %w", err)
			}
			if len(ids) == 0 {
				break
			}
			if err := s.retainPhotos(ctx, ids, out); err != nil {
				return out, err
			}
		}
		for {
			var ids []int64
			err := s.db.WithContext(ctx).Table("answers a").Distinct("a.photo_id").
				Joins("JOIN assignments g ON g.id = a.assignment_id").
				Where("g.wechat_user_id IS NOT NULL AND a.photo_id IS NOT NULL AND g.created_at < ?", c.Photos.UTC()).
				Limit(retentionBatch).Pluck("a.photo_id", &ids).Error
			if err != nil {
				return out, fmt.Errorf("retention: photos of household checks: %w", err)
			}
			if len(ids) == 0 {
				break
			}
			if err := s.retainPhotos(ctx, ids, out); err != nil {
				return out, err
			}
		}
	}
	if !c.Reports.IsZero() {
		for {
			var ids []int64
			err := s.db.WithContext(ctx).Model(&CitizenReport{}).
				Where("status IN ? AND COALESCE(closed_at, resolved_at, updated_at) < ?", closed, c.Reports.UTC()).
				Where("reporter_id IS NOT NULL OR description <> ? OR address <> '' OR lat IS NOT NULL OR feedback <> ''", ErasedText).
				Limit(retentionBatch).Pluck("id", &ids).Error
			if err != nil {
				return out, fmt.Errorf("retention: reports: %w", err)
			}
			if len(ids) == 0 {
				break
			}
			n, err := s.AnonymiseReports(ctx, ids)
			if err != nil {
				return out, err
			}
			out.ReportsAnonymised += n
		}
	}
	if !c.HouseholdAnswers.IsZero() {
		for {
			var ids []int64
			err := s.db.WithContext(ctx).Model(&Assignment{}).
				Where("wechat_user_id IS NOT NULL AND created_at < ?", c.HouseholdAnswers.UTC()).
				Limit(retentionBatch).Pluck("id", &ids).Error
			if err != nil {
				return out, fmt.Errorf("retention: household checks: %w", err)
			}
			if len(ids) == 0 {
				break
			}
			err = s.Tx(ctx, func(tx *Store) error {
				db := tx.db.WithContext(ctx)
				if err := db.Where("assignment_id IN ?", ids).Delete(&Answer{}).Error; err != nil {
					return err
				}
				res := db.Where("id IN ?", ids).Delete(&Assignment{})
				out.HouseholdChecks += res.RowsAffected
				return res.Error
			})
			if err != nil {
				return out, fmt.Errorf("retention: household checks: %w", err)
			}
		}
	}
	db := s.db.WithContext(ctx)
	for _, step := range []struct {
		cut   time.Time
		n     *int64
		model any
		where string
		what  string
	}{
		{c.Conversations, &out.Conversations, &conversation{}, "updated_at < ?", "chat sessions"},
		{c.DedupeKeys, &out.DedupeKeys, &processedMessage{}, "created_at < ?", "dedupe keys"},
		{c.DedupeKeys, new(int64), &webhookNonce{}, "created_at < ?", "webhook nonces"},
		{c.BindAttempts, &out.BindAttempts, &BindAttempt{}, "created_at < ?", "bind attempts"},
	} {
		if step.cut.IsZero() {
			continue
		}
		res := db.Where(step.where, step.cut.UTC()).Delete(step.model)
		if res.Error != nil {
			return out, fmt.Errorf("retention: %s: %w", step.what, res.Error)
		}
		*step.n = res.RowsAffected
	}
	if !c.Messages.IsZero() {
		res := db.Where("status <> ? AND created_at < ?", OutboxPending, c.Messages.UTC()).Delete(&OutboxMessage{})
		if res.Error != nil {
			return out, fmt.Errorf("retention: messages: %w", res.Error)
		}
		out.Messages = res.RowsAffected
	}
	return out, nil
}

// retainPhotos deletes one batch of photos in a transaction.
func (s *Store) retainPhotos(ctx context.Context, ids []int64, out *RetentionResult) error {
	return s.Tx(ctx, func(tx *Store) error {
		n, files, err := tx.deletePhotos(ctx, ids)
		out.Photos += n
		out.Files = append(out.Files, files...)
		return err
	})
}
