package regulator

import (
	"context"
	"time"

	"selfcheck/models"
)

// ReviewQueue lists the submissions of status u may review, filtered in SQL
// by its scope.
func (s *Service) ReviewQueue(ctx context.Context, by *models.User, status string, campaign int64, limit int) ([]models.ReviewRow, error) {
	if err := s.policy.Gate(by, KindSubmission, Read); err != nil {
		return nil, err
	}
	return s.store.ReviewQueue(ctx, status, s.policy.Scope(by), campaign, limit)
}

// ReviewQueueAfter is ReviewQueue continuing after the submission
// (afterAt, afterID) in (submitted instant, id) order.
func (s *Service) ReviewQueueAfter(ctx context.Context, by *models.User, status string, campaign int64, afterAt time.Time, afterID int64, limit int) ([]models.ReviewRow, error) {
	if err := s.policy.Gate(by, KindSubmission, Read); err != nil {
		return nil, err
	}
	return s.store.ReviewQueueAfter(ctx, status, s.policy.Scope(by), campaign, afterAt, afterID, limit)
}

// Submission returns a submission u may read with its firm (nil for a
// household), leaving out the answers and findings on checklist items of
// other departments than a department user's.
func (s *Service) Submission(ctx context.Context, by *models.User, id int64) (*models.ReviewItem, *models.Enterprise, error) {
	sub, firm, err := s.submission(ctx, s.store, by, id, Read, false)
	if err != nil {
		return nil, nil, err
	}
	answers := sub.Answers[:0:0]
	for _, a := range sub.Answers {
		if s.policy.SeesItem(by, a.ItemID) {
			answers = append(answers, a)
		}
	}
	findings := sub.Findings[:0:0]
	for _, f := range sub.Findings {
		if s.policy.SeesItem(by, f.ItemID) {
			findings = append(findings, f)
		}
	}
	sub.Answers, sub.Findings = answers, findings
	if by.Role != models.RoleAdmin {
		// The citizen's internal id would link its answers to its reports.
		sub.Assignment.WechatUserID = nil
	}
	return sub, firm, nil
}

// submission loads a submission and asks the policy: a firm's by its
// street, a household's by the street the citizen lives in.
func (s *Service) submission(ctx context.Context, tx *models.Store, by *models.User, id int64, a Access, lock bool) (*models.ReviewItem, *models.Enterprise, error) {
	if err := s.policy.Gate(by, KindSubmission, a); err != nil {
		return nil, nil, err
	}
	sub, err := tx.SubmissionByID(ctx, id, lock)
	if err != nil {
		return nil, nil, err
	}
	var firm *models.Enterprise
	street := ""
	if sub.Assignment.EnterpriseID != nil {
		if firm, err = tx.Enterprise(ctx, *sub.Assignment.EnterpriseID); err != nil {
			return nil, nil, err
		}
		street = firm.StreetCode
	} else if sub.Assignment.WechatUserID != nil {
		if street, err = tx.WechatUserStreet(ctx, *sub.Assignment.WechatUserID); err != nil && models.ErrorCode(err) != models.ENOTFOUND {
			return nil, nil, err
		}
	}
	if err := s.policy.Submission(by, firm == nil, street, a); err != nil {
		return nil, nil, models.Errorf(models.ENOTFOUND, "未找到该自查填报")
	}
	if a == Change && by.Role == models.RoleDepartment {
		for _, an := range sub.Answers {
			if !s.policy.SeesItem(by, an.ItemID) {
				return nil, nil, models.Errorf(models.EFORBIDDEN, "该填报含其他部门负责的事项，须由镇街或管理员审核")
			}
		}
	}
	return sub, firm, nil
}

// Review accepts a submission or returns it with a reason (see
// reviewSubmission), after the policy allows u to change it.
func (s *Service) Review(ctx context.Context, by *models.User, id int64, accept bool, reason string) error {
	if _, _, err := s.submission(ctx, s.store, by, id, Change, false); err != nil {
		return err
	}
	return s.reviewSubmission(ctx, by.Username, id, accept, reason)
}
