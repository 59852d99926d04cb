package models

import (
	"context"
	"fmt"
	"time"
)

// CampaignStatusCount is how many assignments of one open campaign are in
// one status.
type CampaignStatusCount struct {
	CampaignID int64
	Status     string
	N          int64
}

// CampaignProgress counts the assignments of every pushed (open) campaign
// by status, for monitoring.
func (s *Store) CampaignProgress(ctx context.Context) ([]CampaignStatusCount, error) {
	var out []CampaignStatusCount
	err := s.db.WithContext(ctx).Table("assignments a").
		Select("a.campaign_id AS campaign_id, a.status AS status, COUNT(*) AS n").
		Joins("JOIN campaigns c ON c.id = a.campaign_id").
		Where("c.status = ?", "pushed").
		Group("a.campaign_id, a.status").Order("a.campaign_id, a.status").
		Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("campaign progress: %w", err)
	}
	return out, nil
}

// OverdueReports counts the open citizen reports whose handling deadline
// has passed at now.
func (s *Store) OverdueReports(ctx context.Context, now time.Time) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&CitizenReport{}).
		Where("deadline_at < ? AND status NOT IN ? AND merged_into_id IS NULL", now.UTC(), []string{ReportResolved, ReportClosed}).
		Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("overdue reports: %w", err)
	}
	return n, nil
}
