package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// AuditRound is one random audit draw (双随机): the seed, the rates and the
// per-grade counts it used, so that anyone can replay it, and whether the
// result has been published (一公开).
type AuditRound struct {
	ID          int64
	Seed        int64
	Rates       string // JSON grade -> rate
	Counts      string // JSON grade -> {count, size}
	CreatedBy   string
	CreatedAt   time.Time
	PublishedAt *time.Time
	// Period is the period of a scheduled round (2026Q4, 2026-12, 2026H2,
	// 2026), unique so that one round is drawn per period however many
	// replicas try; nil for a round drawn by hand.
	Period *string
}

// Name names the round in explanations: "#3·2026Q4", or "#3" for a round
// drawn by hand.
func (r *AuditRound) Name() string {
	if r.Period == nil {
		return fmt.Sprintf("#%d", r.ID)
	}
	return fmt.Sprintf("#%d·%s", r.ID, *r.Period)
}

// AuditPick is one firm drawn in a round.
type AuditPick struct {
	RoundID      int64 `gorm:"primaryKey"`
	EnterpriseID int64 `gorm:"primaryKey"`
	Grade        string
}

// ScoredFirm is a firm's id and current grade, the population of a draw.
type ScoredFirm struct {
	EnterpriseID int64
	Grade        string
}

// ScoredFirms returns every scored firm with its current grade, in id order.
func (s *Store) ScoredFirms(ctx context.Context) ([]ScoredFirm, error) {
	var out []ScoredFirm
	err := s.db.WithContext(ctx).Model(&EnterpriseScore{}).Select("enterprise_id, grade").Order("enterprise_id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("scored firms: %w", err)
	}
	return out, nil
}

// SaveAuditRound stores a draw and its picks in one transaction. A round of
// a period already drawn is ECONFLICT.
func (s *Store) SaveAuditRound(ctx context.Context, r *AuditRound, picks []AuditPick) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(r).Error; errors.Is(err, gorm.ErrDuplicatedKey) {
			return Errorf(ECONFLICT, "抽查轮次 %s 已抽取", *r.Period)
		} else if err != nil {
			return fmt.Errorf("save audit round: %w", err)
		}
		for i := range picks {
			picks[i].RoundID = r.ID
		}
		if len(picks) > 0 {
			if err := tx.CreateInBatches(picks, s.rowsPerInsert()).Error; err != nil {
				return fmt.Errorf("save audit picks: %w", err)
			}
		}
		return nil
	})
}

// AuditRoundWithPicks returns a stored round and its picks in id order.
func (s *Store) AuditRoundWithPicks(ctx context.Context, id int64) (*AuditRound, []AuditPick, error) {
	var r AuditRound
	err := s.db.WithContext(ctx).Take(&r, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil, Errorf(ENOTFOUND, "未找到抽查轮次 %d", id)
	} else if err != nil {
		return nil, nil, fmt.Errorf("audit round %d: %w", id, err)
	}
	var picks []AuditPick
	if err := s.db.WithContext(ctx).Where("round_id = ?", id).Order("enterprise_id").Find(&picks).Error; err != nil {
		return nil, nil, fmt.Errorf("audit picks of %d: %w", id, err)
	}
	return &r, picks, nil
}

// AuditRoundOfPeriod returns the scheduled round of a period, or ENOTFOUND.
func (s *Store) AuditRoundOfPeriod(ctx context.Context, period string) (*AuditRound, error) {
	var r AuditRound
	err := s.db.WithContext(ctx).Where("period = ?", period).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, Errorf(ENOTFOUND, "抽查轮次 %s 尚未抽取", period)
	} else if err != nil {
		return nil, fmt.Errorf("audit round of %s: %w", period, err)
	}
	return &r, nil
}

// HasScoredFirms reports whether any firm has a score, so that a scheduled
// round is not drawn over an empty population.
func (s *Store) HasScoredFirms(ctx context.Context) (bool, error) {
	var ids []int64
	if err := s.db.WithContext(ctx).Model(&EnterpriseScore{}).Limit(1).Pluck("enterprise_id", &ids).Error; err != nil {
		return false, fmt.Errorf("scored firms: %w", err)
	}
	return len(ids) > 0, nil
}
