package regulator

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"selfcheck/models"
	"selfcheck/scoring"
)

// reviewSubmission decides a submitted self-check in one transaction.
// Accepted, a firm's submission enters the ledger (on time or late) with
// each self-reported finding, and each finding opens its rectification with
// a deadline by severity (严重: listed supervision and a re-visit); returned,
// the reason is pushed to the firm, which answers again. Either way the
// firm is told and the decision is in the audit log.
func (s *Service) reviewSubmission(ctx context.Context, actor string, id int64, accept bool, reason string) error {
	if !accept && reason == "" {
		return models.Errorf(models.EINVALID, "退回时请填写理由")
	}
	now := s.now()
	return s.store.Tx(ctx, func(tx *models.Store) error {
		sub, err := tx.SubmissionByID(ctx, id, true)
		if err != nil {
			return err
		}
		as := sub.Assignment
		status := models.AssignmentReturned
		if accept {
			status = models.AssignmentAccepted
		}
		if err := tx.ReviewAssignment(ctx, id, status, actor, reason); err != nil {
			return err
		}
		firm := int64(0)
		if as.EnterpriseID != nil {
			firm = *as.EnterpriseID
		}
		var ns []notice
		if !accept {
			ns = append(ns, s.resultNotice(ctx, tx, &as, firm, NoticeReturned, map[string]string{"title": sub.Campaign.Name, "reason": reason}))
		} else {
			ns = append(ns, s.resultNotice(ctx, tx, &as, firm, NoticeAccepted, map[string]string{"title": sub.Campaign.Name, "note": "感谢如实填报"}))
			if firm != 0 {
				evs, fns, err := s.acceptedLedger(ctx, tx, sub, firm, actor, now)
				if err != nil {
					return err
				}
				if err := tx.AppendAndRescore(ctx, evs, s.credit.Scorer(true)); err != nil {
					return err
				}
				ns = append(ns, fns...)
			}
		}
		if err := tx.Audit(ctx, actor, "assignment.review", "assignment", strconv.FormatInt(id, 10),
			map[string]any{"status": as.Status}, map[string]any{"status": status, "reason": reason}); err != nil {
			return err
		}
		return s.enqueue(ctx, tx, ns)
	})
}

// resultNotice tells a firm's bound users, or the citizen, of a decision.
func (s *Service) resultNotice(ctx context.Context, tx *models.Store, as *models.Assignment, firm int64, name string, fields map[string]string) notice {
	n := notice{Name: name, EnterpriseID: firm, AssignmentID: as.ID, CampaignID: as.CampaignID, Fields: fields,
		Ref: as.UpdatedAt.UTC().Format(time.RFC3339Nano)}
	if firm == 0 && as.WechatUserID != nil {
		fields["firm"] = "居民朋友"
		if ids, err := tx.OpenIDsOf(ctx, []int64{*as.WechatUserID}); err == nil && ids[*as.WechatUserID] != "" {
			n.OpenIDs = []string{ids[*as.WechatUserID]}
		}
	}
	return n
}

// acceptedLedger prices an accepted submission (on time, late, or nothing
// more when its miss is already past the grace) and opens the
// rectification of each of its findings.
func (s *Service) acceptedLedger(ctx context.Context, tx *models.Store, sub *models.ReviewItem, firm int64, actor string, now time.Time) ([]models.CreditEvent, []notice, error) {
	as := sub.Assignment
	var evs []models.CreditEvent
	var ns []notice
	submitted := now
	if as.SubmittedAt != nil {
		submitted = *as.SubmittedAt
	}
	kind := scoring.KindSelfCheckOnTime
	if as.DueAt != nil && submitted.After(*as.DueAt) {
		kind = scoring.KindSelfCheckLate
		if submitted.After(s.calendar.AddWorkdays(*as.DueAt, missedGraceWorkdays)) {
			kind = ""
		}
	}
	if kind != "" {
		ev, err := s.credit.Event(firm, kind, scoring.SeverityNone, submitted, "assignment", as.ID)
		if err != nil {
			return nil, nil, err
		}
		evs = append(evs, ev)
	}
	for i := range sub.Findings {
		f := &sub.Findings[i]
		if f.Status != models.FindingOpen {
			continue
		}
		f.DeadlineAt = s.calendar.AddWorkdays(now, rectifyWorkdays[f.Severity]).UTC()
		if err := tx.SetFindingDeadline(ctx, f.ID, f.DeadlineAt); err != nil {
			return nil, nil, err
		}
		ev, err := s.credit.Event(firm, scoring.KindFindingSelfReported, scoring.Severity(f.Severity), submitted, "finding", f.ID)
		if err != nil {
			return nil, nil, err
		}
		evs = append(evs, ev)
		deadline := f.DeadlineAt.In(s.loc).Format(time.DateOnly)
		fu := &models.FindingFollowup{FindingID: f.ID, EnterpriseID: firm}
		steps := []models.FindingStep{{FindingID: f.ID, EnterpriseID: firm, Step: models.StepOpened, Actor: actor,
			Note: fmt.Sprintf("企业自查自报%s隐患（%s），审核通过，整改期限 %s", f.Severity, f.ItemID, deadline)}}
		ns = append(ns, notice{Name: NoticeRectificationDue, EnterpriseID: firm, FindingID: f.ID,
			Fields: map[string]string{"item": s.itemName(f.ItemID), "severity": f.Severity, "deadline": deadline}})
		if f.Severity == string(scoring.SeveritySerious) {
			fu.Listed, fu.RevisitRequired = true, true
			steps = append(steps, models.FindingStep{FindingID: f.ID, EnterpriseID: firm, Step: models.StepListed, Actor: actor,
				Note: "重大隐患挂牌督办：整改后须经现场复查方可销号"})
			ns = append(ns, notice{Name: NoticeRectificationListed, EnterpriseID: firm, FindingID: f.ID,
				Fields: map[string]string{"item": s.itemName(f.ItemID), "deadline": deadline}})
		}
		if err := tx.SaveFollowup(ctx, fu); err != nil {
			return nil, nil, err
		}
		if err := tx.AddFindingSteps(ctx, steps...); err != nil {
			return nil, nil, err
		}
	}
	return evs, ns, nil
}
