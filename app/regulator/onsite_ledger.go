package regulator

import (
	"context"
	"fmt"
	"time"

	"selfcheck/models"
	"selfcheck/scoring"
)

// selfCheckClaim is what a firm's latest self-check claimed: the items it
// answered as compliant.
type selfCheckClaim struct {
	id    int64
	items map[string]bool
}

// selfCheckClaims returns the items the firm's latest submitted self-check
// answered as compliant, and the grade the firm had when it submitted it:
// that of its latest score snapshot by then, or, never scored by then, the
// grade of a firm without evidence.
func (s *Service) selfCheckClaims(ctx context.Context, tx *models.Store, firm int64) (selfCheckClaim, scoring.Grade, error) {
	p := s.credit.current
	base := p.GradeOf(p.Base)
	asg, answers, err := tx.LatestSelfCheck(ctx, firm)
	if models.ErrorCode(err) == models.ENOTFOUND {
		return selfCheckClaim{}, base, nil
	} else if err != nil {
		return selfCheckClaim{}, "", err
	}
	c := selfCheckClaim{id: asg.ID, items: map[string]bool{}}
	for _, an := range answers {
		if an.Compliant != nil && *an.Compliant {
			c.items[an.ItemID] = true
		}
	}
	g, err := tx.GradeAt(ctx, firm, *asg.SubmittedAt)
	if models.ErrorCode(err) == models.ENOTFOUND {
		return c, base, nil
	} else if err != nil {
		return selfCheckClaim{}, "", err
	}
	return c, scoring.Grade(g), nil
}

// falseReportEvent prices the false self-report that finding f reveals,
// at the grade the firm had when it answered.
func (s *Service) falseReportEvent(f *models.Finding, grade scoring.Grade, assignmentID int64, now time.Time) (models.CreditEvent, error) {
	p := s.credit.current
	pts, expires, rule, err := p.FalseReportPoints(grade, scoring.Severity(f.Severity), now)
	if err != nil {
		return models.CreditEvent{}, fmt.Errorf("price false report of finding %d: %w", f.ID, err)
	}
	return models.CreditEvent{
		EnterpriseID: f.EnterpriseID, Kind: string(scoring.KindFalseReport), Severity: f.Severity, Points: pts,
		OccurredAt: now.UTC(), ExpiresAt: expires.UTC(), Rule: rule, SourceType: "finding", SourceID: f.ID,
		SourceKey: fmt.Sprintf("finding:%d:%s", f.ID, scoring.KindFalseReport), ParamsID: p.Version,
		Note: clip(fmt.Sprintf("自查任务#%d中“%s”回答为合规（回答时信用等级%s），现场检查发现不合规", assignmentID, f.ItemID, grade), 500),
	}, nil
}

// openFollowup starts a new finding's file: the opening step and, for a
// 严重 finding (重大隐患), listed supervision (挂牌督办) with a mandatory
// re-visit. It returns the notices due to the firm.
func (s *Service) openFollowup(ctx context.Context, tx *models.Store, f *models.Finding, photo *int64, by string) ([]notice, error) {
	deadline := f.DeadlineAt.In(s.loc).Format(time.DateOnly)
	steps := []models.FindingStep{{FindingID: f.ID, EnterpriseID: f.EnterpriseID, Step: models.StepOpened, Actor: by,
		Note: fmt.Sprintf("现场检查发现%s隐患（%s），整改期限 %s", f.Severity, f.ItemID, deadline)}}
	fu := &models.FindingFollowup{FindingID: f.ID, EnterpriseID: f.EnterpriseID, PhotoID: photo}
	ns := []notice{{Name: NoticeRectificationDue, EnterpriseID: f.EnterpriseID, FindingID: f.ID,
		Fields: map[string]string{"item": s.itemName(f.ItemID), "severity": f.Severity, "deadline": deadline}}}
	if f.Severity == string(scoring.SeveritySerious) {
		fu.Listed, fu.RevisitRequired = true, true
		steps = append(steps, models.FindingStep{FindingID: f.ID, EnterpriseID: f.EnterpriseID, Step: models.StepListed, Actor: by,
			Note: "重大隐患挂牌督办：整改后须经现场复查方可销号"})
		ns = append(ns, notice{Name: NoticeRectificationListed, EnterpriseID: f.EnterpriseID, FindingID: f.ID,
			Fields: map[string]string{"item": s.itemName(f.ItemID), "deadline": deadline}})
	}
	if err := tx.SaveFollowup(ctx, fu); err != nil {
		return nil, err
	}
	return ns, tx.AddFindingSteps(ctx, steps...)
}

// revisited applies a re-visit's result to a finding it checks: compliant
// closes the finding (销号); a violation leaves it open, on record.
func (s *Service) revisited(ctx context.Context, tx *models.Store, f *models.Finding, results []ItemResult, by string) ([]models.CreditEvent, []notice, bool, error) {
	for _, r := range results {
		if r.ItemID != f.ItemID {
			continue
		}
		if !r.Compliant {
			err := tx.AddFindingSteps(ctx, models.FindingStep{FindingID: f.ID, EnterpriseID: f.EnterpriseID,
				Step: models.StepRevisitFailed, Actor: by, Note: clip("现场复查仍不合格："+r.Note, 1000)})
			return nil, nil, false, err
		}
		at := s.now()
		if f.RectifiedAt != nil {
			at = *f.RectifiedAt
		}
		evs, ns, err := s.closeFinding(ctx, tx, f, at, by, "现场复查合格")
		return evs, ns, true, err
	}
	return nil, nil, false, nil
}
