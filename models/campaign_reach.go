package models

import (
	"context"
	"fmt"
)

// CampaignReach counts a campaign's firm targets with no bound WeChat user,
// whom no notice can reach (households are reached by their own user).
func (s *Store) CampaignReach(ctx context.Context, campaignID int64) (unbound int64, err error) {
	err = s.db.WithContext(ctx).Table("assignments a").
		Where("a.campaign_id = ? AND a.enterprise_id IS NOT NULL", campaignID).
		Where("NOT EXISTS (SELECT 1 FROM bindings b WHERE b.enterprise_id = a.enterprise_id)").
		Count(&unbound).Error
	if err != nil {
		return 0, fmt.Errorf("unbound targets of campaign %d: %w", campaignID, err)
	}
	return unbound, nil
}
