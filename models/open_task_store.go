package models

import (
	"context"
	"fmt"
	"strings"
)

// OpenTask is an open self-check with what the chat names it by: its
// campaign's name and themes.
type OpenTask struct {
	Assignment
	// CampaignName is the task's title as the regulator named the campaign.
	CampaignName string
	// Themes narrow the questionnaire to these themes (none: all of it).
	Themes []string
}

// OpenTasks returns up to limit open self-checks of a firm (enterpriseID >
// 0) or of a citizen (userID > 0), the one due first first, as
// OpenAssignment orders them.
func (s *Store) OpenTasks(ctx context.Context, enterpriseID, userID int64, limit int) ([]OpenTask, error) {
	q := s.db.WithContext(ctx).Table("assignments a").
		Select("a.*, c.name AS campaign_name, c.themes AS campaign_themes").
		Joins("JOIN campaigns c ON c.id = a.campaign_id").
		Where("a.status IN ?", openAssignmentStatuses)
	if enterpriseID > 0 {
		q = q.Where("a.enterprise_id = ?", enterpriseID)
	} else {
		q = q.Where("a.wechat_user_id = ?", userID)
	}
	var rows []struct {
		Assignment
		CampaignName   string
		CampaignThemes *string
	}
	err := q.Order("CASE WHEN a.due_at IS NULL THEN 1 ELSE 0 END, a.due_at, a.id").Limit(limit).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("open tasks: %w", err)
	}
	out := make([]OpenTask, len(rows))
	for i, r := range rows {
		out[i] = OpenTask{Assignment: r.Assignment, CampaignName: r.CampaignName}
		if r.CampaignThemes != nil && *r.CampaignThemes != "" {
			out[i].Themes = strings.Split(*r.CampaignThemes, ",")
		}
	}
	return out, nil
}
