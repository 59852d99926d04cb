package regulator

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"selfcheck/app/planner"
	"selfcheck/models"
	"selfcheck/models/questionnaire"
	"selfcheck/scoring"
)

// plannerInput is a planner.Input with the audit round it used.
type plannerInput struct {
	planner.Input
	round *int64
}

// plannerInput gathers what the planner needs from the store: the orders
// and their targets, the firms with their credit decision, visits this year,
// latest self-check and open verified complaint, the latest audit round's
// picks, the rosters, and the checklist's applicability per firm.
func (s *Service) plannerInput(ctx context.Context, from, to time.Time, orders []models.InspectionOrder, targets map[int64][]int64) (*plannerInput, error) {
	in := &plannerInput{Input: planner.Input{From: from, To: to, Workday: s.calendar.IsWorkday}}
	seen := map[int64]bool{}
	var ids []int64
	for _, o := range orders {
		var items []string
		if err := json.Unmarshal([]byte(o.Items), &items); err != nil {
			return nil, fmt.Errorf("items of order %d: %w", o.ID, err)
		}
		in.Orders = append(in.Orders, planner.Order{
			ID: o.ID, Department: o.Department, Reason: planner.Reason(o.Reason), Items: items,
			From: s.day(o.WindowFrom), To: s.day(o.WindowTo), Targets: targets[o.ID], Explicit: o.TargetFilter == "",
		})
		for _, t := range targets[o.ID] {
			if !seen[t] {
				seen[t] = true
				ids = append(ids, t)
			}
		}
	}
	year := time.Date(from.Year(), 1, 1, 0, 0, 0, 0, s.loc)
	firms, err := s.store.PlanFirms(ctx, ids, year, year.AddDate(1, 0, 0), from.AddDate(-1, 0, 0))
	if err != nil {
		return nil, err
	}
	picks := map[int64]bool{}
	round, picked, err := s.store.LatestAuditRound(ctx)
	switch {
	case err == nil:
		in.round, in.AuditRound = &round.ID, round.Name()
		for _, id := range picked {
			picks[id] = true
		}
	case models.ErrorCode(err) != models.ENOTFOUND:
		return nil, err
	}
	checklist, err := s.checklist()
	if err != nil {
		return nil, err
	}
	applies := map[int64]map[string]bool{}
	for _, f := range firms {
		pf := planner.Firm{
			ID: f.ID, Name: f.Name, Street: f.StreetCode, Grid: f.GridCode, Grade: f.Grade,
			Exempt: f.Decision == string(scoring.ModeExempt), Decision: planner.Decision(f.Decision), VisitsThisYear: f.VisitsThisYear,
			SelfCheckID: f.SelfCheckID, ComplaintID: f.ComplaintID, AuditPick: picks[f.ID],
		}
		if f.Lat != nil && f.Lon != nil {
			pf.Lat, pf.Lon, pf.HasCoords = *f.Lat, *f.Lon, true
		}
		in.Firms = append(in.Firms, pf)
		applies[f.ID] = applicable(checklist, f.Subject())
	}
	in.Applicable = func(firm int64, item string) bool { return applies[firm][item] }
	people, err := s.store.ActiveInspectors(ctx)
	if err != nil {
		return nil, err
	}
	// An inspector already on a route of another plan that day is not free.
	busy, err := s.store.BusyInspectorDays(ctx, from, to)
	if err != nil {
		return nil, err
	}
	for _, p := range people {
		in.Inspectors = append(in.Inspectors, planner.Inspector{ID: p.ID, Department: p.Department, Certified: p.CertNo != "",
			CertExpires: p.CertExpiry(s.loc), Streets: p.StreetCodes(),
			Away: func(d time.Time) bool { return p.Away(d) || busy[p.ID][d.Unix()] }})
	}
	return in, nil
}

// applicable returns the set of checklist items that apply to a subject.
// Two departments ordering the same requirement cite the same item: the
// checklist keeps one row per requirement, and a requirement several
// departments own is one item with co-departments; so identical items are
// items with the same id, which the planner asks once per visit.
func applicable(t *questionnaire.Template, s questionnaire.Subject) map[string]bool {
	out := map[string]bool{}
	for _, it := range t.Applicable(s) {
		out[it.ID] = true
	}
	return out
}
