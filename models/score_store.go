package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// AppendAndRescore appends events to the ledger and re-scores every firm they
// concern in the same transaction, so a score never lags its evidence.
// Appending an event whose SourceKey is already in the ledger is a no-op.
func (s *Store) AppendAndRescore(ctx context.Context, events []CreditEvent, score Scorer) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if _, err := s.AppendCreditEvents(ctx, tx, events); err != nil {
			return err
		}
		seen := map[int64]bool{}
		for _, ev := range events {
			if seen[ev.EnterpriseID] {
				continue
			}
			seen[ev.EnterpriseID] = true
			if _, err := rescore(tx, ev.EnterpriseID, score, s.now()); err != nil {
				return err
			}
		}
		return nil
	})
}

// Rescore recomputes one firm's score now and returns it.
func (s *Store) Rescore(ctx context.Context, enterpriseID int64, score Scorer) (*EnterpriseScore, error) {
	var out *EnterpriseScore
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		out, err = rescore(tx, enterpriseID, score, s.now())
		return err
	})
	return out, err
}

// rescore scores one firm inside tx. The firm's row is locked first so that
// two transactions appending to the same ledger score one after the other,
// each seeing the other's events.
func rescore(tx *gorm.DB, id int64, score Scorer, now time.Time) (*EnterpriseScore, error) {
	var e Enterprise
	err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Take(&e, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, Errorf(ENOTFOUND, "未找到该企业")
	} else if err != nil {
		return nil, fmt.Errorf("lock enterprise %d: %w", id, err)
	}
	var ledger []CreditEvent
	if err := tx.Where("enterprise_id = ?", id).Order("occurred_at, id").Find(&ledger).Error; err != nil {
		return nil, fmt.Errorf("ledger of %d: %w", id, err)
	}
	var cur *EnterpriseScore
	var row EnterpriseScore
	if err := tx.Take(&row, id).Error; err == nil {
		cur = &row
	} else if !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("current score of %d: %w", id, err)
	}
	res := score(&e, ledger, now)
	out, snap := scoreRows(&e, cur, res, now)
	if snap != nil {
		if err := tx.Create(snap).Error; err != nil {
			return nil, fmt.Errorf("score snapshot of %d: %w", id, err)
		}
		ch := scoreChanges([]ScoreSnapshot{*snap}, func(int64) string { return e.StreetCode }, now)
		if err := tx.Create(&ch).Error; err != nil {
			return nil, fmt.Errorf("change event of %d: %w", id, err)
		}
	}
	if err := tx.Save(out).Error; err != nil {
		return nil, fmt.Errorf("save score of %d: %w", id, err)
	}
	return out, nil
}

// scoreRows turns a result into the new current row and, when what a person
// sees changed, a snapshot for the history.
func scoreRows(e *Enterprise, cur *EnterpriseScore, r ScoreResult, now time.Time) (*EnterpriseScore, *ScoreSnapshot) {
	out := &EnterpriseScore{
		EnterpriseID: e.ID, Raw: r.Raw, Shown: r.Shown, Grade: r.Grade, Decision: r.Decision,
		StreetCode: e.StreetCode, GridCode: e.GridCode, Industry: e.Industry,
		ParamsID: r.ParamsID, NextExpiryAt: r.NextExpiry, ComputedAt: now,
	}
	if cur != nil {
		out.PrevShown = cur.PrevShown
		if !cur.Shown.Equal(r.Shown) {
			prev := cur.Shown
			out.PrevShown = &prev
		}
	}
	if !cur.changed(r) {
		return out, nil
	}
	return out, &ScoreSnapshot{
		EnterpriseID: e.ID, Raw: r.Raw, Shown: r.Shown, Grade: r.Grade, Decision: r.Decision,
		ParamsID: r.ParamsID, Explanation: r.Explanation, ComputedAt: now,
	}
}

// CurrentScore returns a firm's current score.
func (s *Store) CurrentScore(ctx context.Context, enterpriseID int64) (*EnterpriseScore, error) {
	var row EnterpriseScore
	err := s.db.WithContext(ctx).Take(&row, enterpriseID).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, Errorf(ENOTFOUND, "该企业尚未评分")
	} else if err != nil {
		return nil, fmt.Errorf("current score of %d: %w", enterpriseID, err)
	}
	return &row, nil
}

// ScoreHistory returns a firm's snapshots, oldest first.
func (s *Store) ScoreHistory(ctx context.Context, enterpriseID int64) ([]ScoreSnapshot, error) {
	var out []ScoreSnapshot
	err := s.db.WithContext(ctx).Where("enterprise_id = ?", enterpriseID).Order("computed_at, id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("score history of %d: %w", enterpriseID, err)
	}
	return out, nil
}
