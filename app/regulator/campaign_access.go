package regulator

import (
	"context"
	"encoding/json"

	"selfcheck/models"
)

// Campaign returns a campaign u may read.
func (s *Service) Campaign(ctx context.Context, by *models.User, id int64) (*models.Campaign, error) {
	return s.campaign(ctx, by, id, Read)
}

func (s *Service) campaign(ctx context.Context, by *models.User, id int64, a Access) (*models.Campaign, error) {
	if err := s.policy.Gate(by, KindCampaign, a); err != nil {
		return nil, err
	}
	c, err := s.store.Campaign(ctx, id)
	if err != nil {
		return nil, err
	}
	var creator *models.User
	if by.Role == models.RoleDepartment {
		if creator, err = s.store.UserByUsername(ctx, c.CreatedBy); err != nil && models.ErrorCode(err) != models.ENOTFOUND {
			return nil, err
		}
	}
	if err := s.policy.Campaign(by, c, creator, a); err != nil {
		return nil, err
	}
	return c, nil
}

// Campaigns lists the newest campaigns u may read, at most limit.
func (s *Service) Campaigns(ctx context.Context, by *models.User, limit int) ([]models.Campaign, error) {
	out, _, err := s.CampaignsAfter(ctx, by, 0, limit)
	return out, err
}

// CampaignsAfter is a page of Campaigns continuing after the campaign
// afterID (0: from the newest). last is the last campaign the page
// examined, to continue from, or nil when there is no more; a page may hold
// fewer than limit campaigns when the policy hides some.
func (s *Service) CampaignsAfter(ctx context.Context, by *models.User, afterID int64, limit int) (out []models.Campaign, last *models.Campaign, err error) {
	if err := s.policy.Gate(by, KindCampaign, Read); err != nil {
		return nil, nil, err
	}
	all, err := s.store.CampaignsInScopeAfter(ctx, s.policy.Scope(by), afterID, limit+1)
	if err != nil {
		return nil, nil, err
	}
	if len(all) > limit {
		all = all[:limit]
		c := all[limit-1]
		last = &c
	}
	// The store selects by pattern on the JSON target; the policy reads it.
	out = all[:0]
	for i := range all {
		if s.policy.Campaign(by, &all[i], nil, Read) == nil {
			out = append(out, all[i])
		}
	}
	return out, last, nil
}

// PushCampaign pushes a draft or scheduled campaign u may change now, and
// returns how many targets it has.
func (s *Service) PushCampaign(ctx context.Context, by *models.User, id int64) (int, error) {
	if _, err := s.campaign(ctx, by, id, Change); err != nil {
		return 0, err
	}
	return s.pushCampaign(ctx, by.Username, id)
}

// RemindCampaign reminds the overdue targets of a campaign u may change and
// returns how many notices it enqueued.
func (s *Service) RemindCampaign(ctx context.Context, by *models.User, id int64) (int, error) {
	if _, err := s.campaign(ctx, by, id, Change); err != nil {
		return 0, err
	}
	return s.remindCampaign(ctx, by.Username, id)
}

// CheckCampaignTarget tells whether u may create a campaign of audience
// aimed at t, one it could then push: a street user only at its own street
// alone, a department user no household self-check.
func (s *Service) CheckCampaignTarget(by *models.User, audience string, t models.CampaignTarget) error {
	f, err := json.Marshal(t)
	if err != nil {
		return err
	}
	c := &models.Campaign{Audience: audience, Filter: string(f)}
	if err := s.policy.Campaign(by, c, by, Change); err != nil {
		return models.Errorf(models.EFORBIDDEN, "无权向这些对象下发自查任务：镇街只能面向本镇街，部门不能下发居民自查")
	}
	return nil
}
