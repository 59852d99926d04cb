package regulator

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"selfcheck/models"
	"selfcheck/scoring"
)

// rectifyWorkdays is the rectification deadline of a finding by severity, in
// working days (调休 included) from the day it is found.
var rectifyWorkdays = map[string]int{"一般": 10, "较重": 20, "严重": 30}

// ItemResult is an inspector's result for one checklist item of a visit.
type ItemResult struct {
	ItemID    string `json:"item"`
	Compliant bool   `json:"compliant"`
	// Severity of a violation; default the checklist's.
	Severity string `json:"severity,omitempty"`
	PhotoID  *int64 `json:"photo_id,omitempty"`
	// Deadline overrides the default deadline of a violation.
	Deadline *time.Time `json:"deadline,omitempty"`
	Note     string     `json:"note,omitempty"`
}

// OnsiteResult is what recording a visit did.
type OnsiteResult struct {
	VisitID  int64            `json:"visit_id"`
	Outcome  string           `json:"outcome"`
	Findings []models.Finding `json:"findings"`
	// FalseReports are the findings that contradict a "compliant" answer of
	// the firm's latest self-check.
	FalseReports []int64 `json:"false_reports"`
	// Closed are findings closed by this re-visit.
	Closed []int64 `json:"closed"`
}

// recordOnsite records a visit's results in one transaction: the results,
// a finding per violation (deadline by severity), the ledger events (on-site
// finding; false self-report when the firm's latest self-check said the item
// was compliant, priced at the grade it had when it answered; a clean audit
// when nothing was found), 挂牌督办 and a mandatory re-visit for 严重, and the
// firm's re-score. A re-visit closes the findings it checks. Notices follow
// the commit.
func (s *Service) recordOnsite(ctx context.Context, inspector string, visitID int64, results []ItemResult) (*OnsiteResult, error) {
	checklist, err := s.checklist()
	if err != nil {
		return nil, err
	}
	now := s.now()
	out := &OnsiteResult{VisitID: visitID, Outcome: models.OutcomeClean}
	var notices []notice
	err = s.store.Tx(ctx, func(tx *models.Store) error {
		out.Findings, out.FalseReports, out.Closed, notices = nil, nil, nil, nil
		v, err := tx.LockVisit(ctx, visitID)
		if err != nil {
			return err
		}
		if v.Status != models.VisitPlanned {
			return models.Errorf(models.ECONFLICT, "该检查任务已录入结果或已取消。")
		}
		var items []string
		if err := json.Unmarshal([]byte(v.Items), &items); err != nil {
			return fmt.Errorf("items of visit %d: %w", v.ID, err)
		}
		if err := checkResults(checklist.Item, items, results); err != nil {
			return err
		}
		revisit, err := tx.RevisitFindings(ctx, v.ID)
		if err != nil {
			return err
		}
		answered, grade, err := s.selfCheckClaims(ctx, tx, v.EnterpriseID)
		if err != nil {
			return err
		}
		var events []models.CreditEvent
		var rows []models.VisitResult
		var found []models.Finding
		for _, r := range results {
			row := models.VisitResult{ItemID: r.ItemID, Compliant: r.Compliant, PhotoID: r.PhotoID, Note: r.Note, RecordedBy: inspector}
			if !r.Compliant {
				row.Severity = severityOf(checklist.Item(r.ItemID).Severity, r.Severity)
			}
			rows = append(rows, row)
			if r.Compliant || slices.ContainsFunc(revisit, func(f models.Finding) bool { return f.ItemID == r.ItemID }) {
				continue
			}
			deadline := s.calendar.AddWorkdays(now, rectifyWorkdays[row.Severity])
			if r.Deadline != nil && r.Deadline.After(now) {
				deadline = *r.Deadline
			}
			desc := checklist.Item(r.ItemID).Text
			if r.Note != "" {
				desc += "（现场：" + r.Note + "）"
			}
			found = append(found, models.Finding{EnterpriseID: v.EnterpriseID, Source: models.FindingOnSite, VisitID: &v.ID,
				ItemID: r.ItemID, Severity: row.Severity, Description: clip(desc, 1000), DeadlineAt: deadline.UTC()})
		}
		if len(found) > 0 || slices.ContainsFunc(rows, func(r models.VisitResult) bool { return !r.Compliant }) {
			out.Outcome = models.OutcomeViolations
		}
		if err := tx.InsertFindings(ctx, found); err != nil {
			return err
		}
		for i := range found {
			f := &found[i]
			for j := range rows {
				if rows[j].ItemID == f.ItemID {
					rows[j].FindingID = &f.ID
				}
			}
			ev, err := s.credit.Event(f.EnterpriseID, scoring.KindFindingOnsite, scoring.Severity(f.Severity), now, "finding", f.ID)
			if err != nil {
				return err
			}
			events = append(events, ev)
			if ans, ok := answered.items[f.ItemID]; ok && ans {
				ev, err := s.falseReportEvent(f, grade, answered.id, now)
				if err != nil {
					return err
				}
				events = append(events, ev)
				out.FalseReports = append(out.FalseReports, f.ID)
			}
			ns, err := s.openFollowup(ctx, tx, f, photoOf(results, f.ItemID), inspector)
			if err != nil {
				return err
			}
			notices = append(notices, ns...)
		}
		if err := tx.CompleteVisit(ctx, v.ID, out.Outcome, rows); err != nil {
			return err
		}
		if len(revisit) == 0 && out.Outcome == models.OutcomeClean {
			ev, err := s.credit.Event(v.EnterpriseID, scoring.KindCleanAudit, scoring.SeverityNone, now, "visit", v.ID)
			if err != nil {
				return err
			}
			events = append(events, ev)
		}
		for i := range revisit {
			evs, ns, closed, err := s.revisited(ctx, tx, &revisit[i], results, inspector)
			if err != nil {
				return err
			}
			events, notices = append(events, evs...), append(notices, ns...)
			if closed {
				out.Closed = append(out.Closed, revisit[i].ID)
			}
		}
		out.Findings = found
		if err := tx.AppendAndRescore(ctx, events, s.credit.Scorer(true)); err != nil {
			return err
		}
		return s.enqueue(ctx, tx, notices)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// checkResults refuses results that skip an item of the visit, repeat one,
// name an item outside the checklist or give an unknown severity.
func checkResults[T any](item func(string) *T, items []string, results []ItemResult) error {
	var problems []string
	seen := map[string]bool{}
	for _, r := range results {
		switch {
		case item(r.ItemID) == nil:
			problems = append(problems, "检查事项 "+r.ItemID+" 不在标准检查清单中")
		case seen[r.ItemID]:
			problems = append(problems, "检查事项 "+r.ItemID+" 重复录入")
		case !r.Compliant && r.Severity != "" && !scoring.Severity(r.Severity).Valid():
			problems = append(problems, "检查事项 "+r.ItemID+" 的隐患等级应为一般、较重或严重")
		}
		seen[r.ItemID] = true
	}
	var missing []string
	for _, it := range items {
		if !seen[it] {
			missing = append(missing, it)
		}
	}
	if len(missing) > 0 {
		problems = append(problems, "请录入每个检查事项的结果，尚缺 "+strings.Join(missing, "、"))
	}
	if len(problems) > 0 {
		return models.Errorf(models.EINVALID, "%s", strings.Join(problems, "；"))
	}
	return nil
}

// severityOf is the severity the inspector gave, else the checklist's.
func severityOf[S ~string](checklist S, given string) string {
	if given != "" {
		return given
	}
	if checklist == "" {
		return string(scoring.SeverityGeneral)
	}
	return string(checklist)
}

func photoOf(results []ItemResult, item string) *int64 {
	for _, r := range results {
		if r.ItemID == item {
			return r.PhotoID
		}
	}
	return nil
}
