package regulator

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"selfcheck/app/planner"
	"selfcheck/models"
)

// PlanInput is what the dashboard's plan page and `selfcheck plan` submit.
type PlanInput struct {
	From, To  time.Time // days in SELFCHECK_TZ, both included
	Seed      uint64
	YearlyCap int
	RouteSize int
}

// PlanResult is a stored plan with what the planner made of it.
type PlanResult struct {
	PlanID int64         `json:"plan_id"`
	Orders int           `json:"orders"`
	Plan   *planner.Plan `json:"plan"`
}

// makePlan loads the open orders meeting the period, builds the plan and
// stores it (plan, routes, visits, merged orders, skips, avoided items) in one
// transaction with what became of each order's targets: an order is planned
// once none waits, partly planned while some wait for a later plan.
func (s *Service) makePlan(ctx context.Context, pi PlanInput, by string) (*PlanResult, error) {
	from, to := s.day(pi.From), s.day(pi.To)
	if to.Before(from) {
		return nil, models.Errorf(models.EINVALID, "计划的结束日期早于开始日期")
	}
	orders, targets, err := s.store.OpenOrders(ctx, from, to.AddDate(0, 0, 1).Add(-time.Millisecond))
	if err != nil {
		return nil, err
	}
	if len(orders) == 0 {
		return nil, models.Errorf(models.EINVALID, "%s至%s没有待编排的检查指令", from.Format(time.DateOnly), to.Format(time.DateOnly))
	}
	in, err := s.plannerInput(ctx, from, to, orders, targets)
	if err != nil {
		return nil, err
	}
	in.Seed, in.YearlyCap, in.RouteSize = pi.Seed, pi.YearlyCap, pi.RouteSize
	p, err := planner.Build(in.Input)
	if err != nil {
		return nil, fmt.Errorf("build plan: %w", err)
	}
	rec := planRecord(p, from, to, in.round, by)
	for _, o := range orders {
		rec.Orders = append(rec.Orders, o.ID)
	}
	// Each target keeps what this plan made of it; one that found no
	// inspector in time waits for the next plan.
	for _, t := range p.Outcomes() {
		st := models.TargetVisit
		switch {
		case t.Cause == "":
		case t.Cause.Final():
			st = models.TargetSkipped
		default:
			st = models.TargetPending
		}
		rec.Targets = append(rec.Targets, models.OrderTarget{OrderID: t.OrderID, EnterpriseID: t.EnterpriseID, State: st, Cause: string(t.Cause)})
	}
	if err := s.store.SavePlan(ctx, rec); err != nil {
		return nil, err
	}
	return &PlanResult{PlanID: rec.Plan.ID, Orders: len(orders), Plan: p}, nil
}

// planRecord turns a built plan into the rows that store it.
func planRecord(p *planner.Plan, from, to time.Time, round *int64, by string) *models.PlanRecord {
	rec := &models.PlanRecord{Plan: models.Plan{
		// A seed above 2^63 is stored as its two's complement in the signed
		// column; randomSeed never draws one.
		FromOn: from.UTC(), ToOn: to.UTC(), Seed: int64(p.Seed), AuditRoundID: round,
		Explanation: strings.Join(p.Explanation, "\n"), CreatedBy: by,
	}}
	for i, r := range p.Routes {
		roster, _ := json.Marshal(r.Roster)
		team, _ := json.Marshal(r.Inspectors)
		rec.Routes = append(rec.Routes, models.PlanRoute{
			RouteNo: i + 1, PlannedOn: r.Date.UTC(), GridCode: r.Grid, Seed: int64(r.Seed),
			Roster: string(roster), Inspectors: string(team), KM: r.KM,
		})
	}
	for _, v := range p.Visits {
		team, _ := json.Marshal(v.Inspectors)
		items, _ := json.Marshal(v.Items)
		rec.Visits = append(rec.Visits, models.PlanRecordVisit{
			Visit: models.Visit{EnterpriseID: v.EnterpriseID, PlannedOn: v.Date.UTC(), Status: models.VisitPlanned,
				Inspectors: string(team), Items: string(items), RouteSeq: v.Seq},
			Route: v.Route, Orders: v.Orders,
		})
	}
	for _, s := range p.Skips {
		row := models.PlanSkip{OrderID: s.OrderID, EnterpriseID: s.EnterpriseID, Department: s.Department,
			Reason: string(s.Reason), Cause: string(s.Cause), Note: clip(s.Text, 1000)}
		if s.SelfCheckID > 0 {
			id := s.SelfCheckID
			row.AssignmentID = &id
		}
		rec.Skips = append(rec.Skips, row)
	}
	for _, x := range p.Avoided {
		rec.Avoided = append(rec.Avoided, models.PlanRecordAvoided{
			PlanAvoidedItem: models.PlanAvoidedItem{OrderID: x.OrderID, EnterpriseID: x.EnterpriseID, Department: x.Department,
				ItemID: x.Item, Cause: string(x.Cause), AskedAs: x.AskedAs},
			Visit: x.Visit,
		})
	}
	return rec
}

// clip cuts s to at most n characters.
func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
