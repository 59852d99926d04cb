package regulator

import (
	"context"
	"strconv"
	"time"

	"selfcheck/models"
	"selfcheck/scoring"
)

// defaultReportWorkdays is a dispatched report's deadline when the
// dispatcher gives none.
const defaultReportWorkdays = 5

// reportStatusNames are the statuses as reporters read them.
var reportStatusNames = map[string]string{
	models.ReportNew: "已受理", models.ReportDispatched: "已派单", models.ReportHandling: "处理中",
	models.ReportResolved: "已办结", models.ReportClosed: "已关闭",
}

// actOnReport applies one queue action to a report in one transaction: the
// status change and its event, the audit entry, the ledger event of a
// verified report about a named firm, and the notice to the reporter (and
// the satisfaction follow-up when it closes).
func (s *Service) actOnReport(ctx context.Context, actor string, id int64, act ReportAction) error {
	now := s.now()
	workdays := act.Workdays
	if workdays == 0 {
		workdays = defaultReportWorkdays
	}
	deadline := s.calendar.AddWorkdays(now, workdays).UTC()
	m := models.ReportMove{Actor: actor, Note: act.Note}
	switch act.Action {
	case ActDispatch:
		m.From, m.To = models.OpenReportStatuses, models.ReportDispatched
		m.Set = map[string]any{"department": act.Department, "ownerless": act.Ownerless, "deadline_at": deadline}
		m.Handling = func(h *models.ReportState) {
			if h.DispatchedAt == nil {
				h.DispatchedAt = &now
			}
		}
		if m.Note == "" {
			m.Note = "派单至" + act.Department
			if act.Ownerless {
				m.Note += "（无主部件，先行处置，权属后续认定）"
			}
		}
	case ActHandle:
		m.From, m.To = []string{models.ReportDispatched}, models.ReportHandling
	case ActResolve:
		m.From, m.To = []string{models.ReportDispatched, models.ReportHandling}, models.ReportResolved
		m.Set = map[string]any{"resolved_at": now, "verified": act.Verified}
		if act.Verified && act.EnterpriseID > 0 {
			if _, err := s.store.Enterprise(ctx, act.EnterpriseID); err != nil {
				return err
			}
			m.Set["enterprise_id"] = act.EnterpriseID
		}
		m.Handling = func(h *models.ReportState) { h.Severity = act.Severity }
	case ActClose:
		m.From, m.To = []string{models.ReportResolved}, models.ReportClosed
		m.Set = map[string]any{"closed_at": now}
	case ActReopen:
		m = models.ReopenMove(now, deadline, actor, act.Note)
	case ActMerge:
		m.From, m.To = models.OpenReportStatuses, models.ReportClosed
		m.Set = map[string]any{"merged_into_id": act.MergeInto, "closed_at": now}
	case ActSettle:
		m.From = []string{models.ReportNew, models.ReportDispatched, models.ReportHandling, models.ReportResolved, models.ReportClosed}
		m.Handling = func(h *models.ReportState) { h.Owner = act.Owner; h.OwnerSettledAt = &now }
		m.Note = "权属认定：" + act.Owner + " " + act.Note
	default:
		return models.Errorf(models.EINVALID, "未知的操作")
	}
	return s.store.Tx(ctx, func(tx *models.Store) error {
		cur, _, err := tx.Report(ctx, id)
		if err != nil {
			return err
		}
		if err := s.checkReportAction(ctx, tx, cur, act, now); err != nil {
			return err
		}
		if act.Action == ActMerge {
			into, _, err := tx.Report(ctx, act.MergeInto)
			if err != nil {
				return err
			}
			m.Note = "与举报 " + into.TicketNo + " 重复，已合并办理。" + act.Note
		}
		before, after, h, err := tx.MoveReport(ctx, id, m)
		if err != nil {
			return err
		}
		if act.Action == ActResolve && act.Verified && act.EnterpriseID > 0 {
			ev, err := s.credit.Event(act.EnterpriseID, scoring.KindCitizenReport, scoring.Severity(act.Severity), now, "report", id)
			if err != nil {
				return err
			}
			if err := tx.AppendAndRescore(ctx, []models.CreditEvent{ev}, s.credit.Scorer(true)); err != nil {
				return err
			}
		}
		if err := tx.Audit(ctx, actor, "report."+act.Action, "citizen_report", strconv.FormatInt(id, 10),
			before, map[string]any{"report": after, "handling": h}); err != nil {
			return err
		}
		return s.reportNotices(ctx, tx, before, after, m.Note, now)
	})
}

// checkReportAction refuses what the status machine alone does not: a
// reopen after the window, a merge into itself or into a closed report, and
// settling the owner of a report that has one.
func (s *Service) checkReportAction(ctx context.Context, tx *models.Store, r *models.CitizenReport, act ReportAction, now time.Time) error {
	switch act.Action {
	case ActReopen:
		return models.CheckReopen(r, now)
	case ActMerge:
		if act.MergeInto == r.ID {
			return models.Errorf(models.EINVALID, "不能合并到自身")
		}
		into, _, err := tx.Report(ctx, act.MergeInto)
		if err != nil {
			return err
		}
		if into.MergedIntoID != nil || into.Status == models.ReportClosed {
			return models.Errorf(models.EINVALID, "只能合并到未关闭的举报")
		}
	case ActSettle:
		if !r.Ownerless {
			return models.Errorf(models.EINVALID, "只有无主部件需要认定权属")
		}
	}
	return nil
}

// reportNotices tells the reporter of a status change and, when the report
// closes (not merged), asks for the satisfaction follow-up (回访).
func (s *Service) reportNotices(ctx context.Context, tx *models.Store, before, after *models.CitizenReport, note string, now time.Time) error {
	if before.Status == after.Status {
		return nil
	}
	openID, err := tx.ReporterOpenID(ctx, after)
	if err != nil || openID == "" {
		return err
	}
	ns := []notice{{Name: NoticeReportStatus, Ticket: after.TicketNo, OpenIDs: []string{openID}, Ref: now.UTC().Format(time.RFC3339Nano),
		Fields: map[string]string{"ticket": after.TicketNo, "category": after.Category, "status": reportStatusNames[after.Status], "note": note}}}
	if after.Status == models.ReportClosed && after.MergedIntoID == nil {
		ns = append(ns, notice{Name: NoticeFollowup, Ticket: after.TicketNo, OpenIDs: []string{openID}, Ref: now.UTC().Format(time.RFC3339Nano),
			Fields: map[string]string{"ticket": after.TicketNo, "category": after.Category}})
	}
	return s.notifyTx(ctx, tx, ns...)
}
