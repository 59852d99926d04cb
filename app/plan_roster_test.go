package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"testing"

	"selfcheck/app/planner"
	"selfcheck/app/regulator"
	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// TestPlanWaitsForRoster plans with no roster, which schedules nothing and
// leaves the orders open; then adds a roster and plans again: every target
// is now scheduled or skipped for a stated reason, and the orders are
// planned.
func TestPlanWaitsForRoster(t *testing.T) {
	for _, d := range modelstest.Dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			a := newTestApp(t, d, inspectionNow)
			var firms []int64
			for i, grid := range []string{"440604012001", "440604012001", "440604012002", "440604012005", "440604012005"} {
				firms = append(firms, firmAt(t, a, 23.03+float64(i)*0.002, 113.11, grid).ID)
			}
			fire, err := a.reg.CreateOrder(ctx, admin, regulator.OrderInput{Department: "消防救援", Reason: "routine", Items: []string{"FS-01"},
				From: day(2026, 5, 11), To: day(2026, 5, 29), Targets: firms})
			if err != nil {
				t.Fatal(err)
			}
			market, err := a.reg.CreateOrder(ctx, admin, regulator.OrderInput{Department: "市场监管", Reason: "complaint", Items: []string{"FD-03"},
				From: day(2026, 5, 11), To: day(2026, 5, 29), Targets: firms[:3]})
			if err != nil {
				t.Fatal(err)
			}
			plan := func() *regulator.PlanResult {
				t.Helper()
				res, err := a.reg.MakePlan(ctx, adminNamed("test"), regulator.PlanInput{From: day(2026, 5, 11), To: day(2026, 5, 22), Seed: 7, YearlyCap: 4, RouteSize: 6})
				if err != nil {
					t.Fatal(err)
				}
				return res
			}
			first := plan()
			if len(first.Plan.Visits) != 0 {
				t.Fatalf("no roster: %d visits, want 0", len(first.Plan.Visits))
			}
			for _, id := range []int64{fire.ID, market.ID} {
				o, _, _ := a.store.Order(ctx, id)
				states, _ := a.store.OrderTargetStates(ctx, id)
				for _, st := range states {
					if st.State != models.TargetPending || st.Cause != string(planner.SkipNoCapacity) {
						t.Errorf("no roster: order %d firm %d state %q cause %q, want waiting for capacity", id, st.EnterpriseID, st.State, st.Cause)
					}
				}
				if o.Status != models.OrderOpen {
					t.Errorf("no roster: order %d %s, want open", id, o.Status)
				}
			}

			if _, err := a.seedRoster(ctx, 1); err != nil {
				t.Fatal(err)
			}
			second := plan()
			if second.Orders != 2 || len(second.Plan.Visits) == 0 {
				t.Fatalf("with a roster: %d orders, %d visits", second.Orders, len(second.Plan.Visits))
			}
			merged := 0
			for _, v := range second.Plan.Visits {
				if len(v.Orders) > 1 {
					merged++
				}
				if len(v.Inspectors) < 2 {
					t.Errorf("visit of %d: inspectors %v, want 2", v.EnterpriseID, v.Inspectors)
				}
			}
			if merged != 3 {
				t.Errorf("%d merged visits, want 3 (the firms both departments ordered)", merged)
			}
			for _, id := range []int64{fire.ID, market.ID} {
				o, _, _ := a.store.Order(ctx, id)
				states, _ := a.store.OrderTargetStates(ctx, id)
				for _, st := range states {
					if !(st.State == models.TargetVisit || (st.State == models.TargetSkipped && st.Cause != "")) {
						t.Errorf("order %d firm %d: state %q cause %q, want scheduled or skipped for a reason", id, st.EnterpriseID, st.State, st.Cause)
					}
				}
				if o.Status != models.OrderPlanned {
					t.Errorf("order %d %s, want planned", id, o.Status)
				}
			}
		})
	}
}

// TestPlanDistrictHonoursDecisions plans one routine order by filter over
// the whole demo district and checks every firm's outcome against its
// credit decision and the quarter's audit round: always-visit firms and
// those the round drew (or with an open verified complaint) are visited,
// the others are skipped as exempt or not drawn.
func TestPlanDistrictHonoursDecisions(t *testing.T) {
	t.Parallel() // each dialect seeds a district of its own: a minute's work
	for _, d := range modelstest.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			a := newTestApp(t, d, inspectionNow)
			if _, err := a.seedDistrict(ctx, seedOptions{Enterprises: demoFirms, Seed: 1}, nil); err != nil {
				t.Fatal(err)
			}
			if err := a.scoreAll(ctx, &env{stdout: io.Discard, stderr: io.Discard}, false, 1000); err != nil {
				t.Fatal(err)
			}
			round, drawn, err := a.drawScheduledAudit(ctx)
			if err != nil || !drawn {
				t.Fatalf("drawScheduledAudit = %d, %v, %v", round, drawn, err)
			}
			o, err := a.reg.CreateOrder(ctx, admin, regulator.OrderInput{Department: "消防救援", Reason: "routine", Items: []string{"FS-01"},
				From: day(2026, 5, 11), To: day(2026, 6, 30), Filter: &models.TargetFilter{}})
			if err != nil {
				t.Fatal(err)
			}
			_, targets, _ := a.store.Order(ctx, o.ID)
			res, err := a.reg.MakePlan(ctx, adminNamed("test"), regulator.PlanInput{From: day(2026, 5, 11), To: day(2026, 6, 30), Seed: 3, YearlyCap: 0, RouteSize: 6})
			if err != nil {
				t.Fatal(err)
			}
			_, picks, _ := a.store.AuditRoundWithPicks(ctx, round)
			picked := map[int64]bool{}
			for _, p := range picks {
				picked[p.EnterpriseID] = true
			}
			firms, err := a.store.PlanFirms(ctx, targets, day(2026, 1, 1), day(2027, 1, 1), day(2025, 5, 11))
			if err != nil {
				t.Fatal(err)
			}
			outcome := map[int64]string{}
			for _, v := range res.Plan.Visits {
				outcome[v.EnterpriseID] = "visit"
			}
			for _, s := range res.Plan.Skips {
				outcome[s.EnterpriseID] = string(s.Cause)
			}
			count := map[string]int{}
			wantVisits, waiting := 0, 0
			for _, f := range firms {
				visit := f.Decision == "always" || f.Decision == "" || picked[f.ID] || f.ComplaintID > 0
				got := outcome[f.ID]
				count[f.Decision+"/"+got]++
				switch {
				case got == "not_applicable":
				case visit && got == "no_capacity":
					// No inspector free in the period: the target waits for
					// the next plan; it is not skipped.
					waiting++
				case visit && got != "visit":
					t.Errorf("firm %d (%s, drawn %v): %s, want a visit", f.ID, f.Decision, picked[f.ID], got)
				case !visit && got != map[string]string{"exempt": "exempt", "sampled": "not_drawn"}[f.Decision]:
					t.Errorf("firm %d (%s, not drawn): %s, want skipped for the decision", f.ID, f.Decision, got)
				}
				if visit && got == "visit" {
					wantVisits++
				}
			}
			if len(res.Plan.Visits) != wantVisits || wantVisits == 0 || waiting > wantVisits/5 {
				t.Errorf("%d visits, want %d (and at most a fifth waiting for capacity: %d)", len(res.Plan.Visits), wantVisits, waiting)
			}
			b, _ := json.Marshal(count)
			t.Logf("%d firms, %d drawn in round %d, %d visits; outcomes by decision %s", len(firms), len(picks), round, len(res.Plan.Visits), b)
		})
	}
}

// TestPlansShareInspectorDays plans two orders of the same days in two
// plans: an inspector on a route of the first plan is not given a second
// route that day by the next.
func TestPlansShareInspectorDays(t *testing.T) {
	for _, d := range modelstest.Dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			a := newTestApp(t, d, inspectionNow)
			if _, err := a.seedRoster(ctx, 1); err != nil {
				t.Fatal(err)
			}
			perDay := map[string]int{}
			for k := range 2 {
				var firms []int64
				for i := range 12 {
					firms = append(firms, firmAt(t, a, 23.03+float64(i)*0.001, 113.11+float64(k)*0.01, "440604012001").ID)
				}
				if _, err := a.reg.CreateOrder(ctx, admin, regulator.OrderInput{Department: "消防救援", Reason: "complaint", Items: []string{"FS-01"},
					From: day(2026, 5, 11), To: day(2026, 5, 12), Targets: firms}); err != nil {
					t.Fatal(err)
				}
				res, err := a.reg.MakePlan(ctx, adminNamed("test"), regulator.PlanInput{From: day(2026, 5, 11), To: day(2026, 5, 12), Seed: uint64(k + 1), YearlyCap: 4, RouteSize: 6})
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range res.Plan.Routes {
					for _, id := range r.Inspectors {
						perDay[fmt.Sprintf("%s/%d", r.Date.Format("2006-01-02"), id)]++
					}
				}
			}
			for k, n := range perDay {
				if n > 1 {
					t.Errorf("inspector-day %s has %d routes across plans", k, n)
				}
			}
			if len(perDay) == 0 {
				t.Errorf("no routes planned")
			}
		})
	}
}
