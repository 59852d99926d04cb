package main

import (
	"context"
	"encoding/json"
	"fmt"
	"selfcheck/app/regulator"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// TestPlanSeededDistrict builds a small district through the store and
// plans it: a merge of two departments' orders, an exempt firm whose
// self-check replaces the routine inspection ordered by filter, an exempt
// firm drawn in the audit, a firm at its yearly cap, and the route order; then the 减负 report
// counts it all from the records.
func TestPlanSeededDistrict(t *testing.T) {
	for _, d := range modelstest.Dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			a := newTestApp(t, d, inspectionNow)
			addRosters(t, a, "消防救援", "市场监管")
			// Along one street of one grid, west to east: near, far, middle.
			near := firmAt(t, a, 23.030, 113.110, "440604012001")
			far := firmAt(t, a, 23.030, 113.130, "440604012001")
			picked := firmAt(t, a, 23.030, 113.120, "440604012001")
			exempt := firmAt(t, a, 23.031, 113.121, "440604012001")
			capped := firmAt(t, a, 23.040, 113.100, "440604012002")
			makeGradeA(t, a, exempt.ID)
			makeGradeA(t, a, picked.ID)
			selfCheck := submitSelfCheck(t, a, exempt.ID, inspectionNow.AddDate(0, -1, 0), map[string]bool{"FS-01": true})
			round := &models.AuditRound{Seed: 9, Rates: "{}", Counts: "{}"}
			if err := a.store.SaveAuditRound(ctx, round, []models.AuditPick{{EnterpriseID: picked.ID, Grade: "A"}}); err != nil {
				t.Fatal(err)
			}
			done := &models.Visit{EnterpriseID: capped.ID, PlannedOn: inspectionNow.AddDate(0, -2, 0), Items: "[]", Inspectors: "[]"}
			if err := a.store.CreateVisit(ctx, done); err != nil {
				t.Fatal(err)
			}
			fire, err := a.reg.CreateOrder(ctx, admin, regulator.OrderInput{Department: "消防救援", Reason: "routine", Items: []string{"FS-01", "FS-30"},
				From: day(2026, 5, 11), To: day(2026, 5, 15), Filter: &models.TargetFilter{StreetCode: "440604012"}})
			if err != nil {
				t.Fatal(err)
			}
			market, err := a.reg.CreateOrder(ctx, admin, regulator.OrderInput{Department: "市场监管", Reason: "routine", Items: []string{"FS-30", "FD-03"},
				From: day(2026, 5, 12), To: day(2026, 5, 20), Targets: []int64{near.ID}})
			if err != nil {
				t.Fatal(err)
			}
			res, err := a.reg.MakePlan(ctx, adminNamed("test"), regulator.PlanInput{From: day(2026, 5, 11), To: day(2026, 5, 22), Seed: 20260511, YearlyCap: 1, RouteSize: 6})
			if err != nil {
				t.Fatal(err)
			}
			explanation := strings.Join(res.Plan.Explanation, "\n")
			visits, err := a.store.PlanVisits(ctx, res.PlanID)
			if err != nil {
				t.Fatal(err)
			}
			orders, _ := a.store.VisitOrderIDs(ctx, ids(visits))
			got := map[int64]string{}
			for _, v := range visits {
				got[v.EnterpriseID] = fmt.Sprintf("orders %v items %s", orders[v.ID], v.Items)
				var team []int64
				json.Unmarshal([]byte(v.Inspectors), &team)
				if len(team) < 2 || v.RouteID == nil {
					t.Errorf("visit of %d: inspectors %v route %v, want >= 2 and a route", v.EnterpriseID, team, v.RouteID)
				}
			}
			want := map[int64]string{
				near.ID:   fmt.Sprintf(`orders [%d %d] items ["FS-01","FS-30","FD-03"]`, fire.ID, market.ID),
				far.ID:    fmt.Sprintf(`orders [%d] items ["FS-01","FS-30"]`, fire.ID),
				picked.ID: fmt.Sprintf(`orders [%d] items ["FS-01","FS-30"]`, fire.ID),
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("visits (-want +got):\n%s\n%s", diff, explanation)
			}
			// The three visits of grid 001 share a route, ordered along the street.
			var seq []int64
			for _, v := range visits {
				seq = append(seq, v.EnterpriseID)
			}
			if !slices.Equal(seq, []int64{near.ID, picked.ID, far.ID}) && !slices.Equal(seq, []int64{far.ID, picked.ID, near.ID}) {
				t.Errorf("route order %v, want west to east or back (%d %d %d)", seq, near.ID, picked.ID, far.ID)
			}
			skips, _ := a.store.PlanSkips(ctx, res.PlanID)
			var causes []string
			for _, s := range skips {
				causes = append(causes, fmt.Sprintf("%d:%s", s.EnterpriseID, s.Cause))
			}
			slices.Sort(causes)
			wantCauses := []string{fmt.Sprintf("%d:exempt", exempt.ID), fmt.Sprintf("%d:cap", capped.ID)}
			slices.Sort(wantCauses)
			if diff := cmp.Diff(wantCauses, causes); diff != "" {
				t.Errorf("skips (-want +got):\n%s", diff)
			}
			for _, s := range []string{"合并为一次检查", "以自查代替检查", "双随机抽查抽中", "达到年度上限 1 次", "种子"} {
				if !strings.Contains(explanation, s) {
					t.Errorf("explanation lacks %q:\n%s", s, explanation)
				}
			}
			if o, _, _ := a.store.Order(ctx, fire.ID); o.Status != models.OrderPlanned {
				t.Errorf("order %d status %s, want planned", fire.ID, o.Status)
			}

			rep, err := a.reg.Burden(ctx, cliActor, day(2026, 5, 1), day(2026, 5, 31))
			if err != nil {
				t.Fatal(err)
			}
			tot := rep.Total
			figures := map[string]int{
				"unmerged": tot.UnmergedVisits.Value, "planned": tot.PlannedVisits.Value, "self-checks": tot.ReplacedBySelfChecks.Value,
				"capped": tot.CappedOrders.Value, "asked once": tot.QuestionsAskedOnce.Value,
			}
			wantFigures := map[string]int{"unmerged": 6, "planned": 3, "self-checks": 1, "capped": 1, "asked once": 1}
			if diff := cmp.Diff(wantFigures, figures); diff != "" {
				t.Errorf("burden figures (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]int64{selfCheck}, tot.ReplacedBySelfChecks.AssignmentIDs); diff != "" {
				t.Errorf("self-checks behind the figure (-want +got):\n%s", diff)
			}
			if len(rep.ByDepartment) != 2 || rep.ByDepartment[1].Key != "消防救援" || rep.ByDepartment[1].PlannedVisits.Value != 3 ||
				rep.ByDepartment[0].PlannedVisits.Value != 1 {
				t.Errorf("by department: %+v", rep.ByDepartment)
			}
			if len(rep.ByStreet) != 1 || rep.ByStreet[0].Label != "祖庙街道" {
				t.Errorf("by street: %+v", rep.ByStreet)
			}
		})
	}
}

func ids(vs []models.PlannedVisit) []int64 {
	out := make([]int64, len(vs))
	for i, v := range vs {
		out[i] = v.ID
	}
	return out
}
