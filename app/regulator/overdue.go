package regulator

import (
	"context"
	"fmt"
	"time"

	"selfcheck/models"
	"selfcheck/scoring"
)

// FlagOverdue is the worker's daily chase of rectification: open findings
// past their deadline are flagged overdue and the firm is reminded; those
// still open notRectifiedGraceWorkdays working days after it are recorded in
// the ledger as not rectified (隐患未整改). It returns how many it flagged
// and recorded. Each finding is handled in its own transaction.
func (s *Service) FlagOverdue(ctx context.Context) (flagged, neglected int, err error) {
	now := s.now()
	over, err := s.store.OverdueFindings(ctx, now)
	if err != nil {
		return 0, 0, err
	}
	for i := range over {
		f := &over[i]
		err := s.store.Tx(ctx, func(tx *models.Store) error {
			fu, err := tx.Followup(ctx, f)
			if err != nil {
				return err
			}
			t := now.UTC()
			fu.OverdueAt = &t
			if err := tx.SaveFollowup(ctx, fu); err != nil {
				return err
			}
			if err := tx.AddFindingSteps(ctx, models.FindingStep{FindingID: f.ID, EnterpriseID: f.EnterpriseID, Step: models.StepOverdue,
				Actor: "system", Note: "整改期限 " + f.DeadlineAt.In(s.loc).Format(time.DateOnly) + " 已过，尚未报告整改"}); err != nil {
				return err
			}
			return s.enqueue(ctx, tx, []notice{{Name: NoticeOverdue, EnterpriseID: f.EnterpriseID, FindingID: f.ID,
				Fields: map[string]string{"item": s.itemName(f.ItemID), "deadline": f.DeadlineAt.In(s.loc).Format(time.DateOnly)}}})
		})
		if err != nil {
			return flagged, neglected, fmt.Errorf("flag finding %d overdue: %w", f.ID, err)
		}
		flagged++
	}
	open, err := s.store.NeglectedFindings(ctx, now)
	if err != nil {
		return flagged, neglected, err
	}
	for i := range open {
		f := &open[i]
		limit := s.calendar.AddWorkdays(f.DeadlineAt, notRectifiedGraceWorkdays)
		if !now.After(limit) {
			continue
		}
		err := s.store.Tx(ctx, func(tx *models.Store) error {
			fu, err := tx.Followup(ctx, f)
			if err != nil {
				return err
			}
			t := now.UTC()
			fu.NotRectifiedAt = &t
			if err := tx.SaveFollowup(ctx, fu); err != nil {
				return err
			}
			ev, err := s.credit.Event(f.EnterpriseID, scoring.KindNotRectified, scoring.Severity(f.Severity), limit, "finding", f.ID)
			if err != nil {
				return err
			}
			if err := tx.AddFindingSteps(ctx, models.FindingStep{FindingID: f.ID, EnterpriseID: f.EnterpriseID, Step: models.StepNotRectified,
				Actor: "system", Note: fmt.Sprintf("逾期 %d 个工作日仍未整改，记入信用档案", notRectifiedGraceWorkdays)}); err != nil {
				return err
			}
			if err := tx.AppendAndRescore(ctx, []models.CreditEvent{ev}, s.credit.Scorer(true)); err != nil {
				return err
			}
			return s.enqueue(ctx, tx, []notice{{Name: NoticeNotRectified, EnterpriseID: f.EnterpriseID, FindingID: f.ID,
				Fields: map[string]string{"item": s.itemName(f.ItemID)}}})
		})
		if err != nil {
			return flagged, neglected, fmt.Errorf("record finding %d not rectified: %w", f.ID, err)
		}
		neglected++
	}
	return flagged, neglected, nil
}
