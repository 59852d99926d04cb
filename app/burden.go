package main

import (
	"context"
	"slices"
	"time"

	"selfcheck/app/planner"
	"selfcheck/models"
)

// BurdenFigure is one 减负 figure with the ids of the records behind it, so
// that the dashboard can link each number to its records. Figures are
// counted from stored records, never estimated.
type BurdenFigure struct {
	Value int `json:"value"`
	// VisitIDs are visits (visits table); SkipIDs are plan_skips rows;
	// ItemIDs are plan_avoided_items rows; AssignmentIDs are self-checks.
	VisitIDs      []int64 `json:"visit_ids,omitempty"`
	SkipIDs       []int64 `json:"skip_ids,omitempty"`
	ItemIDs       []int64 `json:"item_ids,omitempty"`
	AssignmentIDs []int64 `json:"assignment_ids,omitempty"`
}

// BurdenRow is the 减负 figures of one department, one street or the total.
type BurdenRow struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	// UnmergedVisits: one visit per (order, firm), as departments visiting
	// separately would have needed.
	UnmergedVisits BurdenFigure `json:"unmerged_visits"`
	// PlannedVisits: the visits planned. A merged visit counts once in the
	// total and once in each department whose order it covers.
	PlannedVisits BurdenFigure `json:"planned_visits"`
	// ReplacedBySelfChecks: routine orders dropped because the firm was
	// exempt and had submitted its self-check (以自查代替检查).
	ReplacedBySelfChecks BurdenFigure `json:"replaced_by_self_checks"`
	// ExemptWithoutSelfCheck: routine orders dropped for exempt firms that
	// had not submitted a self-check.
	ExemptWithoutSelfCheck BurdenFigure `json:"exempt_without_self_check"`
	// CappedOrders: orders dropped by the yearly cap of visits.
	CappedOrders BurdenFigure `json:"capped_orders"`
	// Unscheduled: orders that found no inspectors in their window.
	Unscheduled BurdenFigure `json:"unscheduled"`
	// QuestionsNotApplicable and QuestionsAskedOnce are the questions avoided.
	QuestionsNotApplicable BurdenFigure `json:"questions_not_applicable"`
	QuestionsAskedOnce     BurdenFigure `json:"questions_asked_once"`
}

// BurdenReport is the 减负 report of a period, by department and by street.
type BurdenReport struct {
	From         string      `json:"from"`
	To           string      `json:"to"`
	PlanIDs      []int64     `json:"plan_ids"`
	Total        BurdenRow   `json:"total"`
	ByDepartment []BurdenRow `json:"by_department"`
	ByStreet     []BurdenRow `json:"by_street"`
}

// burdenReport computes the 减负 report of the plans starting in [from, to]
// (days in SELFCHECK_TZ) from their stored visits, skips and avoided items.
func (a *App) burdenReport(ctx context.Context, from, to time.Time) (*BurdenReport, error) {
	from, to = a.day(from), a.day(to)
	recs, err := a.store.BurdenRecords(ctx, from, to)
	if err != nil {
		return nil, err
	}
	rep := &BurdenReport{From: from.Format(time.DateOnly), To: to.Format(time.DateOnly), PlanIDs: recs.PlanIDs}
	total := &BurdenRow{Key: "", Label: "全区"}
	depts, streets := map[string]*BurdenRow{}, map[string]*BurdenRow{}
	row := func(m map[string]*BurdenRow, key string, street bool) *BurdenRow {
		if r, ok := m[key]; ok {
			return r
		}
		r := &BurdenRow{Key: key, Label: key}
		if st, ok := a.district.Street(key); ok && street {
			r.Label = st.Name
		}
		m[key] = r
		return r
	}
	for _, p := range recs.Pairs {
		for _, r := range []*BurdenRow{total, row(depts, p.Department, false), row(streets, p.StreetCode, true)} {
			addPair(r, p)
		}
	}
	for _, x := range recs.Avoided {
		for _, r := range []*BurdenRow{total, row(depts, x.Department, false), row(streets, x.StreetCode, true)} {
			addAvoided(r, x)
		}
	}
	rep.Total = *finish(total)
	rep.ByDepartment, rep.ByStreet = sortedRows(depts), sortedRows(streets)
	return rep, nil
}

// addPair counts one (order, firm) of a plan into r.
func addPair(r *BurdenRow, p models.BurdenPair) {
	if p.VisitID > 0 {
		add(&r.UnmergedVisits, 0, 0, 0)
		r.UnmergedVisits.VisitIDs = append(r.UnmergedVisits.VisitIDs, p.VisitID)
		r.PlannedVisits.VisitIDs = append(r.PlannedVisits.VisitIDs, p.VisitID)
		return
	}
	switch planner.SkipCause(p.Cause) {
	case planner.SkipUnknownFirm, planner.SkipOutside:
		return // not a visit anyone would have made
	case planner.SkipExempt:
		if p.AssignmentID > 0 {
			add(&r.ReplacedBySelfChecks, p.SkipID, 0, p.AssignmentID)
		} else {
			add(&r.ExemptWithoutSelfCheck, p.SkipID, 0, 0)
		}
	case planner.SkipCap:
		add(&r.CappedOrders, p.SkipID, 0, 0)
	case planner.SkipNoCapacity:
		add(&r.Unscheduled, p.SkipID, 0, 0)
	}
	add(&r.UnmergedVisits, p.SkipID, 0, 0)
}

func addAvoided(r *BurdenRow, x models.BurdenAvoided) {
	if x.Cause == string(planner.AvoidAskedOnce) {
		add(&r.QuestionsAskedOnce, 0, x.ID, 0)
	} else {
		add(&r.QuestionsNotApplicable, 0, x.ID, 0)
	}
}

func add(f *BurdenFigure, skip, item, assignment int64) {
	f.Value++
	if skip > 0 {
		f.SkipIDs = append(f.SkipIDs, skip)
	}
	if item > 0 {
		f.ItemIDs = append(f.ItemIDs, item)
	}
	if assignment > 0 {
		f.AssignmentIDs = append(f.AssignmentIDs, assignment)
	}
}

// finish de-duplicates the visit ids (a merged visit covers several pairs)
// and counts the planned visits.
func finish(r *BurdenRow) *BurdenRow {
	for _, f := range []*BurdenFigure{&r.UnmergedVisits, &r.PlannedVisits} {
		slices.Sort(f.VisitIDs)
		f.VisitIDs = slices.Compact(f.VisitIDs)
	}
	r.PlannedVisits.Value = len(r.PlannedVisits.VisitIDs)
	return r
}

// sortedRows returns the rows of m finished, in key order.
func sortedRows(m map[string]*BurdenRow) []BurdenRow {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]BurdenRow, len(keys))
	for i, k := range keys {
		out[i] = *finish(m[k])
	}
	return out
}
