package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// TestScopedRectifyQueues: the rectification queues select a street user's
// firms and a department user's items in the query itself, so that a scoped
// user's items are never crowded out of the list by others'.
func TestScopedRectifyQueues(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)
		zumiao := modelstest.Enterprise(t, s, nil)
		zhangcha := modelstest.Enterprise(t, s, func(e *models.Enterprise) { e.StreetCode, e.GridCode = "440604011", "" })
		finding := func(firm *models.Enterprise, item string) int64 {
			f := models.Finding{EnterpriseID: firm.ID, Source: models.FindingOnSite, ItemID: item, Severity: "一般",
				Status: models.FindingOpen, DeadlineAt: now.AddDate(0, 0, -1), CreatedAt: now, UpdatedAt: now}
			if err := s.DB().Create(&f).Error; err != nil {
				t.Fatal(err)
			}
			r := models.Rectification{FindingID: f.ID, Kind: "fix", Status: models.RectificationPending, CreatedAt: now}
			if err := s.DB().Create(&r).Error; err != nil {
				t.Fatal(err)
			}
			return f.ID
		}
		fireZ := finding(zumiao, "FS-05")
		foodZ := finding(zumiao, "FD-01")
		fireC := finding(zhangcha, "FS-05")
		ids := func(sc models.Scope) (late, pending []int64) {
			fs, err := s.LateFindings(ctx, sc, now, 100)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range fs {
				late = append(late, f.ID)
			}
			rs, err := s.PendingRectifications(ctx, sc, 100)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rs {
				pending = append(pending, r.FindingID)
			}
			return late, pending
		}
		tests := []struct {
			name  string
			scope models.Scope
			want  []int64
		}{
			{"Admin", models.AdminScope, []int64{fireZ, foodZ, fireC}},
			{"Street", models.Scope{Role: models.RoleStreet, Street: "440604011"}, []int64{fireC}},
			{"Department", models.Scope{Role: models.RoleDepartment, Items: map[string]bool{"FS-05": true}}, []int64{fireZ, fireC}},
			{"DepartmentWithoutItems", models.Scope{Role: models.RoleDepartment}, nil},
		}
		for _, tc := range tests {
			late, pending := ids(tc.scope)
			if diff := cmp.Diff(tc.want, late); diff != "" {
				t.Errorf("%s: LateFindings (-want +got):\n%s", tc.name, diff)
			}
			if diff := cmp.Diff(tc.want, pending); diff != "" {
				t.Errorf("%s: PendingRectifications (-want +got):\n%s", tc.name, diff)
			}
		}
	})
}
