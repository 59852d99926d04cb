package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"selfcheck/app/planner"
	"selfcheck/app/web"
	"selfcheck/models"
)

// fakeInspections is the inspection workflow reduced to its storage, for
// the dashboard's tests: the real one lives in package main, which web
// cannot import. Orders, plans (one visit per firm merging its orders, one
// route per grid and day), results and decisions go to the real store.
type fakeInspections struct {
	store *models.Store
	dir   string
	loc   *time.Location
}

var _ web.Inspections = (*fakeInspections)(nil)

func (f *fakeInspections) Checklist() []web.ChecklistItem {
	return []web.ChecklistItem{
		{ID: "FD-01", Theme: "食品安全", Text: "食品经营许可证", Department: "市场监管", Severity: "严重"},
		{ID: "FD-03", Theme: "食品安全", Text: "进货查验记录", Department: "市场监管", Severity: "一般"},
	}
}

func (f *fakeInspections) CreateOrder(ctx context.Context, by *models.User, in web.OrderInput) (*models.InspectionOrder, error) {
	if len(in.Items) == 0 {
		return nil, models.Errorf(models.EINVALID, "请至少选择一个检查事项")
	}
	targets := in.Targets
	if in.Filter != nil {
		var err error
		if targets, err = f.store.FirmIDsByFilter(ctx, *in.Filter); err != nil {
			return nil, err
		}
	}
	if len(targets) == 0 {
		return nil, models.Errorf(models.EINVALID, "指令没有检查对象")
	}
	items, _ := json.Marshal(in.Items)
	o := &models.InspectionOrder{Department: in.Department, Reason: in.Reason, Items: string(items),
		WindowFrom: in.From.UTC(), WindowTo: in.To.UTC(), CreatedBy: by.Username}
	return o, f.store.CreateOrder(ctx, o, targets)
}

func (f *fakeInspections) MakePlan(ctx context.Context, in web.PlanInput, by string) (*web.PlanResult, error) {
	orders, targets, err := f.store.OpenOrders(ctx, in.From, in.To.AddDate(0, 0, 1))
	if err != nil {
		return nil, err
	}
	if len(orders) == 0 {
		return nil, models.Errorf(models.EINVALID, "没有待编排的检查指令")
	}
	rec := &models.PlanRecord{Plan: models.Plan{FromOn: in.From.UTC(), ToOn: in.To.UTC(), Seed: int64(in.Seed),
		Explanation: "合并说明", CreatedBy: by}}
	byFirm := map[int64]int{}
	var firmIDs []int64
	for _, o := range orders {
		rec.Orders = append(rec.Orders, o.ID)
		for _, t := range targets[o.ID] {
			i, ok := byFirm[t]
			if !ok {
				i = len(rec.Visits)
				byFirm[t] = i
				firmIDs = append(firmIDs, t)
				rec.Visits = append(rec.Visits, models.PlanRecordVisit{Visit: models.Visit{EnterpriseID: t,
					PlannedOn: in.From.UTC(), Inspectors: "[]", Items: o.Items, RouteSeq: i + 1}})
			}
			rec.Visits[i].Orders = append(rec.Visits[i].Orders, o.ID)
			rec.Targets = append(rec.Targets, models.OrderTarget{OrderID: o.ID, EnterpriseID: t, State: models.TargetVisit})
		}
	}
	firms, err := f.store.EnterprisesByID(ctx, firmIDs)
	if err != nil {
		return nil, err
	}
	routes := map[string]int{}
	for i := range rec.Visits {
		g := firms[rec.Visits[i].Visit.EnterpriseID].GridCode
		r, ok := routes[g]
		if !ok {
			r = len(rec.Routes)
			routes[g] = r
			rec.Routes = append(rec.Routes, models.PlanRoute{RouteNo: r + 1, PlannedOn: in.From.UTC(), GridCode: g, Roster: "[]", Inspectors: "[]"})
		}
		rec.Visits[i].Route = r
	}
	if err := f.store.SavePlan(ctx, rec); err != nil {
		return nil, err
	}
	return &web.PlanResult{PlanID: rec.Plan.ID, Orders: len(orders), Plan: &planner.Plan{Seed: in.Seed}}, nil
}

func (f *fakeInspections) RecordOnsite(ctx context.Context, inspector string, visitID int64, results []web.ItemResult) (*web.OnsiteResult, error) {
	out := &web.OnsiteResult{VisitID: visitID, Outcome: models.OutcomeClean}
	var rows []models.VisitResult
	for _, r := range results {
		if !r.Compliant {
			out.Outcome = models.OutcomeViolations
		}
		rows = append(rows, models.VisitResult{ItemID: r.ItemID, Compliant: r.Compliant, Severity: r.Severity,
			PhotoID: r.PhotoID, Note: r.Note, RecordedBy: inspector})
	}
	return out, f.store.CompleteVisit(ctx, visitID, out.Outcome, rows)
}

func (f *fakeInspections) VerifyFix(ctx context.Context, by string, id int64, accept bool, note string) error {
	if !accept && strings.TrimSpace(note) == "" {
		return models.Errorf(models.EINVALID, "不通过时请填写理由")
	}
	status := models.RectificationRejected
	if accept {
		status = models.RectificationAccepted
	}
	return f.store.DecideRectification(ctx, id, status, by, note)
}

func (f *fakeInspections) ScheduleRevisit(ctx context.Context, by string, findingID int64, on time.Time, dept string) (*models.Visit, error) {
	fs, err := f.store.FindingsByID(ctx, []int64{findingID})
	if err != nil {
		return nil, err
	}
	fd := fs[findingID]
	v := &models.Visit{EnterpriseID: fd.EnterpriseID, PlannedOn: on.UTC(), Items: `["` + fd.ItemID + `"]`, Inspectors: "[]"}
	if err := f.store.CreateVisit(ctx, v); err != nil {
		return nil, err
	}
	fu, err := f.store.Followup(ctx, &fd)
	if err != nil {
		return nil, err
	}
	fu.RevisitVisitID = &v.ID
	return v, f.store.SaveFollowup(ctx, fu)
}

func (f *fakeInspections) DecideDeferral(ctx context.Context, by string, id int64, approve bool, reason string) error {
	if strings.TrimSpace(reason) == "" {
		return models.Errorf(models.EINVALID, "请填写批准或不批准延期的理由")
	}
	status := models.RectificationRejected
	if approve {
		status = models.RectificationAccepted
	}
	return f.store.DecideRectification(ctx, id, status, by, reason)
}

func (f *fakeInspections) Burden(ctx context.Context, from, to time.Time) (*web.BurdenReport, error) {
	recs, err := f.store.BurdenRecords(ctx, from, to)
	if err != nil {
		return nil, err
	}
	rep := &web.BurdenReport{From: from.Format(time.DateOnly), To: to.Format(time.DateOnly), PlanIDs: recs.PlanIDs,
		Total: web.BurdenRow{Label: "全区"}}
	for _, p := range recs.Pairs {
		rep.Total.UnmergedVisits.Value++
		if p.VisitID > 0 {
			rep.Total.PlannedVisits.VisitIDs = append(rep.Total.PlannedVisits.VisitIDs, p.VisitID)
		}
	}
	rep.Total.PlannedVisits.Value = len(rep.Total.PlannedVisits.VisitIDs)
	rep.ByStreet = []web.BurdenRow{rep.Total}
	return rep, nil
}

func (f *fakeInspections) Publicity(ctx context.Context, from, to time.Time, limit, offset int) ([]web.PublicityEntry, error) {
	rows, err := f.store.PublicInspections(ctx, from, to.AddDate(0, 0, 1), limit, offset)
	if err != nil {
		return nil, err
	}
	out := make([]web.PublicityEntry, len(rows))
	for i, r := range rows {
		out[i] = web.PublicityEntry{PublicityRow: r, Street: r.StreetCode, Day: r.Date.In(f.loc).Format(time.DateOnly), OutcomeText: r.Outcome}
	}
	return out, nil
}

func (f *fakeInspections) ExportPublicity(ctx context.Context, w io.Writer, format string, from, to time.Time) error {
	rows, err := f.Publicity(ctx, from, to, 0, 0)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"检查日期", "企业名称", "检查结果"})
	for _, r := range rows {
		cw.Write([]string{r.Day, r.Name, r.OutcomeText})
	}
	cw.Flush()
	return cw.Error()
}

func (f *fakeInspections) SavePhoto(ctx context.Context, by *models.User, data []byte) (int64, error) {
	sum := sha256.Sum256(data)
	name := hex.EncodeToString(sum[:])
	if err := os.WriteFile(filepath.Join(f.dir, name), data, 0o600); err != nil {
		return 0, err
	}
	id, err := f.store.AddPhoto(ctx, "upload:"+name, by.ID)
	if err != nil {
		return 0, err
	}
	return id, f.store.StorePhoto(ctx, id, name, int64(len(data)), "image/png", name)
}

func (f *fakeInspections) PhotoFile(ctx context.Context, id int64) (string, string, error) {
	p, err := f.store.Photo(ctx, id)
	if err != nil {
		return "", "", err
	}
	return filepath.Join(f.dir, p.Path), p.ContentType, nil
}
