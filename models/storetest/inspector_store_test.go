package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// TestInspectorRoster adds, edits and imports inspectors and checks who may
// be drawn on which day.
func TestInspectorRoster(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		loc := time.FixedZone("CST", 8*3600)
		expires := time.Date(2026, 5, 12, 0, 0, 0, 0, loc).UTC()
		p := &models.Inspector{Name: "张三", Department: "消防救援", CertNo: "44060001", CertExpiresOn: &expires,
			Streets: "440604012", AwayDays: "2026-05-08,2026-05-20~2026-05-22", Active: true}
		if err := s.CreateInspector(ctx, p); err != nil {
			t.Fatal(err)
		}
		dup := &models.Inspector{Name: "李四", Department: "消防救援", CertNo: "44060001", Active: true}
		if err := s.CreateInspector(ctx, dup); models.ErrorCode(err) != models.ECONFLICT {
			t.Errorf("CreateInspector(same certificate) = %v, want ECONFLICT", err)
		}
		got, err := s.InspectorByID(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			day  time.Time
			want bool
		}{
			{time.Date(2026, 5, 7, 0, 0, 0, 0, loc), true},
			{time.Date(2026, 5, 8, 0, 0, 0, 0, loc), false}, // away
			{time.Date(2026, 5, 12, 0, 0, 0, 0, loc), true}, // last valid day
			{time.Date(2026, 5, 13, 0, 0, 0, 0, loc), false},
		} {
			if d := got.Drawable(tc.day); d != tc.want {
				t.Errorf("Drawable(%s) = %v, want %v", tc.day.Format(time.DateOnly), d, tc.want)
			}
		}
		if !got.Covers("440604012") || got.Covers("440604100") {
			t.Errorf("Covers: streets %q", got.Streets)
		}
		got.Active, got.Name = false, "张三丰"
		if err := s.UpdateInspector(ctx, got); err != nil {
			t.Fatal(err)
		}
		up, err := s.UpsertInspectors(ctx, []models.Inspector{
			{Name: "张三", Department: "消防救援", CertNo: "44060001", Active: true},
			{Name: "王五", Department: "市场监管", CertNo: "44060002", Active: true},
		})
		if err != nil || up != (models.InspectorUpsert{Inserted: 1, Updated: 1}) {
			t.Fatalf("UpsertInspectors = %+v, %v; want 1 inserted, 1 updated", up, err)
		}
		all, err := s.Inspectors(ctx, models.InspectorFilter{ActiveOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, x := range all {
			names = append(names, x.Department+"/"+x.Name)
		}
		if diff := cmp.Diff([]string{"市场监管/王五", "消防救援/张三"}, names); diff != "" {
			t.Errorf("Inspectors (-want +got):\n%s", diff)
		}

		firm := modelstest.Enterprise(t, s, nil)
		now := time.Date(2026, 5, 11, 1, 0, 0, 0, time.UTC)
		for _, team := range []string{"[1,2]", "[12,3]"} {
			if err := s.CreateVisit(ctx, &models.Visit{EnterpriseID: firm.ID, PlannedOn: now, Items: "[]", Inspectors: team}); err != nil {
				t.Fatal(err)
			}
		}
		mine, err := s.VisitsOfInspector(ctx, 1, now.AddDate(0, 0, -1))
		if err != nil || len(mine) != 1 || mine[0].Inspectors != "[1,2]" {
			t.Errorf("VisitsOfInspector(1) = %+v, %v; want the visit of [1,2] only", mine, err)
		}
	})
}

// TestOrderPartlyPlanned checks that an order whose targets could not all
// be scheduled stays open for the rest.
func TestOrderPartlyPlanned(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		now := time.Date(2026, 5, 11, 1, 0, 0, 0, time.UTC)
		a := modelstest.Enterprise(t, s, nil)
		b := modelstest.Enterprise(t, s, nil)
		o := &models.InspectionOrder{Department: "消防救援", Reason: "routine", Items: `["FS-01"]`, WindowFrom: now, WindowTo: now.AddDate(0, 0, 4)}
		if err := s.CreateOrder(ctx, o, []int64{a.ID, b.ID}); err != nil {
			t.Fatal(err)
		}
		save := func(targets ...models.OrderTarget) {
			t.Helper()
			rec := &models.PlanRecord{Plan: models.Plan{FromOn: now, ToOn: now, Explanation: "说明"}, Orders: []int64{o.ID}, Targets: targets}
			if err := s.SavePlan(ctx, rec); err != nil {
				t.Fatal(err)
			}
		}
		save(models.OrderTarget{OrderID: o.ID, EnterpriseID: a.ID, State: models.TargetPending, Cause: "no_capacity"},
			models.OrderTarget{OrderID: o.ID, EnterpriseID: b.ID, State: models.TargetPending, Cause: "no_capacity"})
		if got, _, _ := s.Order(ctx, o.ID); got.Status != models.OrderOpen {
			t.Errorf("nothing scheduled: status %s, want open", got.Status)
		}
		save(models.OrderTarget{OrderID: o.ID, EnterpriseID: a.ID, State: models.TargetVisit},
			models.OrderTarget{OrderID: o.ID, EnterpriseID: b.ID, State: models.TargetPending, Cause: "no_capacity"})
		_, targets, _ := s.OpenOrders(ctx, now, now)
		if got, _, _ := s.Order(ctx, o.ID); got.Status != models.OrderPartial || !cmp.Equal(targets[o.ID], []int64{b.ID}) {
			t.Errorf("one scheduled: status %s, waiting %v; want partial, [%d]", got.Status, targets[o.ID], b.ID)
		}
		save(models.OrderTarget{OrderID: o.ID, EnterpriseID: b.ID, State: models.TargetSkipped, Cause: "exempt"})
		states, _ := s.OrderTargetStates(ctx, o.ID)
		if got, _, _ := s.Order(ctx, o.ID); got.Status != models.OrderPlanned || len(states) != 2 || states[1].Cause != "exempt" {
			t.Errorf("all settled: status %s, targets %+v; want planned", got.Status, states)
		}
	})
}
