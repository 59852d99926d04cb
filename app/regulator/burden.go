package regulator

import (
	"context"
	"slices"
	"time"

	"selfcheck/app/planner"
	"selfcheck/models"
)

// burdenReport computes the 减负 report of the plans starting in [from, to]
// (days in SELFCHECK_TZ) from their stored visits, skips and avoided items.
func (s *Service) burdenReport(ctx context.Context, from, to time.Time) (*BurdenReport, error) {
	from, to = s.day(from), s.day(to)
	recs, err := s.store.BurdenRecords(ctx, from, to)
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
		if st, ok := s.district.Street(key); ok && street {
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
	case planner.SkipExempt, planner.SkipNotDrawn:
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
