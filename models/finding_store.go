package models

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"
)

// OpenFindings returns a firm's findings that still await rectification or
// its check, earliest deadline first.
func (s *Store) OpenFindings(ctx context.Context, enterpriseID int64) ([]Finding, error) {
	var out []Finding
	err := s.db.WithContext(ctx).Where("enterprise_id = ? AND status IN ?", enterpriseID, []string{FindingOpen, FindingRectified}).
		Order("deadline_at, id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("open findings of %d: %w", enterpriseID, err)
	}
	return out, nil
}

// AddRectification records a firm's fix report or deferral request for one
// of its open findings. A reported fix moves the finding to rectified.
func (s *Store) AddRectification(ctx context.Context, enterpriseID int64, r *Rectification) error {
	db := s.db.WithContext(ctx)
	now := s.now()
	var f Finding
	err := db.Where("id = ? AND enterprise_id = ?", r.FindingID, enterpriseID).Take(&f).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Errorf(ENOTFOUND, "未找到该整改事项。")
	} else if err != nil {
		return fmt.Errorf("finding %d: %w", r.FindingID, err)
	}
	if f.Status != FindingOpen {
		return Errorf(ECONFLICT, "该事项已报告整改，正在等待复查。")
	}
	r.Status, r.CreatedAt = RectificationPending, now
	if err := db.Create(r).Error; err != nil {
		return fmt.Errorf("add rectification to %d: %w", f.ID, err)
	}
	if r.Kind == RectificationFix {
		err := db.Model(&Finding{}).Where("id = ?", f.ID).
			Updates(map[string]any{"status": FindingRectified, "rectified_at": now, "updated_at": now}).Error
		if err != nil {
			return fmt.Errorf("mark finding %d rectified: %w", f.ID, err)
		}
	}
	return nil
}

// LatestScoreExplanation returns the explanation stored with a firm's latest
// score snapshot ("" when it was not kept), or ENOTFOUND before the first
// score.
func (s *Store) LatestScoreExplanation(ctx context.Context, enterpriseID int64) (string, error) {
	var snap ScoreSnapshot
	err := s.db.WithContext(ctx).Where("enterprise_id = ?", enterpriseID).Order("computed_at DESC, id DESC").Take(&snap).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return "", Errorf(ENOTFOUND, "该企业尚未评分")
	} else if err != nil {
		return "", fmt.Errorf("latest score explanation of %d: %w", enterpriseID, err)
	}
	return snap.Explanation, nil
}
