package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// TestInspectionStore stores an order, a plan with its route, visit, skip
// and avoided item, and reads them back through the planner's, publicity's
// and burden report's queries.
func TestInspectionStore(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		now := time.Date(2026, 5, 11, 1, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		a := modelstest.Enterprise(t, s, nil)
		b := modelstest.Enterprise(t, s, nil)
		o := &models.InspectionOrder{Department: "消防救援", Reason: "routine", Items: `["FS-01"]`,
			WindowFrom: now, WindowTo: now.AddDate(0, 0, 4)}
		if err := s.CreateOrder(ctx, o, []int64{a.ID, b.ID}); err != nil {
			t.Fatal(err)
		}
		orders, targets, err := s.OpenOrders(ctx, now.AddDate(0, 0, 1), now.AddDate(0, 0, 2))
		if err != nil || len(orders) != 1 {
			t.Fatalf("OpenOrders = %v, %v", orders, err)
		}
		if diff := cmp.Diff([]int64{a.ID, b.ID}, targets[o.ID]); diff != "" {
			t.Errorf("targets (-want +got):\n%s", diff)
		}
		firms, err := s.PlanFirms(ctx, []int64{a.ID, b.ID, 99999}, now.AddDate(0, -4, 0), now.AddDate(1, 0, 0), now.AddDate(-1, 0, 0))
		if err != nil || len(firms) != 2 {
			t.Fatalf("PlanFirms = %d firms, %v; want 2", len(firms), err)
		}
		rec := &models.PlanRecord{
			Plan:   models.Plan{FromOn: now, ToOn: now.AddDate(0, 0, 4), Seed: 7, Explanation: "说明"},
			Routes: []models.PlanRoute{{RouteNo: 1, PlannedOn: now, GridCode: a.GridCode, Seed: 11, Roster: "[1,2]", Inspectors: "[1,2]"}},
			Visits: []models.PlanRecordVisit{{Visit: models.Visit{EnterpriseID: a.ID, PlannedOn: now, Inspectors: "[1,2]", Items: `["FS-01"]`, RouteSeq: 1},
				Route: 0, Orders: []int64{o.ID}}},
			Skips:   []models.PlanSkip{{OrderID: o.ID, EnterpriseID: b.ID, Department: "消防救援", Reason: "routine", Cause: "exempt"}},
			Avoided: []models.PlanRecordAvoided{{PlanAvoidedItem: models.PlanAvoidedItem{OrderID: o.ID, EnterpriseID: a.ID, Department: "消防救援", ItemID: "FS-02", Cause: "asked_once", AskedAs: "FS-01"}, Visit: 0}},
			Orders:  []int64{o.ID},
			Targets: []models.OrderTarget{{OrderID: o.ID, EnterpriseID: a.ID, State: models.TargetVisit},
				{OrderID: o.ID, EnterpriseID: b.ID, State: models.TargetSkipped, Cause: "exempt"}},
		}
		if err := s.SavePlan(ctx, rec); err != nil {
			t.Fatal(err)
		}
		v, err := s.VisitByID(ctx, rec.Visits[0].Visit.ID)
		if err != nil || v.RouteID == nil || *v.RouteID != rec.Routes[0].ID || v.Status != models.VisitPlanned {
			t.Fatalf("VisitByID = %+v, %v", v, err)
		}
		if orders, _, _ := s.OpenOrders(ctx, now, now); len(orders) != 0 {
			t.Errorf("planned order still open")
		}
		if err := s.Tx(ctx, func(tx *models.Store) error {
			if _, err := tx.LockVisit(ctx, v.ID); err != nil {
				return err
			}
			return tx.CompleteVisit(ctx, v.ID, models.OutcomeClean, []models.VisitResult{{ItemID: "FS-01", Compliant: true}})
		}); err != nil {
			t.Fatal(err)
		}
		if err := s.CompleteVisit(ctx, v.ID, models.OutcomeClean, nil); models.ErrorCode(err) != models.ECONFLICT {
			t.Errorf("CompleteVisit twice = %v, want ECONFLICT", err)
		}
		pub, err := s.PublicInspections(ctx, now.AddDate(0, 0, -1), now.AddDate(0, 0, 1), 10, 0)
		if err != nil || len(pub) != 1 || pub[0].Outcome != models.OutcomeClean || pub[0].DepartmentList() != "消防救援" {
			t.Fatalf("PublicInspections = %+v, %v", pub, err)
		}
		br, err := s.BurdenRecords(ctx, now.AddDate(0, 0, -1), now.AddDate(0, 0, 1))
		if err != nil || len(br.Pairs) != 2 || len(br.Avoided) != 1 || br.Avoided[0].StreetCode != a.StreetCode {
			t.Fatalf("BurdenRecords = %+v, %v", br, err)
		}
		if _, err := s.GradeAt(ctx, a.ID, now); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("GradeAt before any score = %v, want ENOTFOUND", err)
		}
		if _, _, err := s.LatestSelfCheck(ctx, a.ID); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("LatestSelfCheck without one = %v, want ENOTFOUND", err)
		}
	})
}
