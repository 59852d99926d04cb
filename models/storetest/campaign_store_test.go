package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// TestCampaignTargetsAndAssignments filters firms by street, industry and
// explicit list, and inserts assignments twice without duplicates.
func TestCampaignTargetsAndAssignments(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 2, 2, 0, 0, 0, time.UTC)
		pin(s, &now)
		a := modelstest.Enterprise(t, s, func(e *models.Enterprise) { e.StreetCode, e.IndustryCode = "440604012", "H6210" })
		b := modelstest.Enterprise(t, s, func(e *models.Enterprise) { e.StreetCode, e.IndustryCode = "440604012", "C3071" })
		modelstest.Enterprise(t, s, func(e *models.Enterprise) { e.StreetCode, e.GridCode, e.IndustryCode = "440604011", "", "H6210" })
		tests := []struct {
			name   string
			target models.CampaignTarget
			want   []int64
		}{
			{"Street", models.CampaignTarget{Streets: []string{"440604012"}}, []int64{a.ID, b.ID}},
			{"StreetIndustry", models.CampaignTarget{Streets: []string{"440604012"}, Industries: []string{b.Industry}}, []int64{b.ID}},
			{"List", models.CampaignTarget{EnterpriseIDs: []int64{a.ID}}, []int64{a.ID}},
			{"NoScoreNoGrade", models.CampaignTarget{Grades: []string{"A"}}, nil},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				got, err := s.CampaignTargets(ctx, "enterprise", tc.target, 0, 100)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tc.want, got, cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("CampaignTargets (-want +got):\n%s", diff)
				}
			})
		}
		c := &models.Campaign{Name: "自查", VersionID: 1, Audience: "enterprise", DeadlineDays: 5}
		if err := s.CreateCampaign(ctx, c, models.CampaignTarget{}, []string{"消防安全", "燃气安全"}); err != nil {
			t.Fatal(err)
		}
		due := now.AddDate(0, 0, 7)
		for range 2 {
			if err := s.InsertAssignments(ctx, c, []int64{a.ID, b.ID}, due); err != nil {
				t.Fatal(err)
			}
		}
		p, err := s.ProgressOf(ctx, c.ID)
		if err != nil || p.Targets != 2 || p.ByStatus[models.AssignmentPending] != 2 {
			t.Errorf("ProgressOf = %+v, %v; want 2 pending", p, err)
		}
		themes, err := s.CampaignThemes(ctx, c.ID)
		if diff := cmp.Diff([]string{"消防安全", "燃气安全"}, themes); diff != "" || err != nil {
			t.Errorf("CampaignThemes (-want +got): %s %v", diff, err)
		}
		now = due.Add(time.Hour)
		if n, err := s.MarkOverdue(ctx, now); err != nil || n != 2 {
			t.Errorf("MarkOverdue = %d, %v; want 2", n, err)
		}
	})
}

// TestMoveReport refuses a move from the wrong status and writes nothing.
func TestMoveReport(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 2, 2, 0, 0, 0, time.UTC)
		pin(s, &now)
		r := &models.CitizenReport{Source: "chat", Category: "井盖", Description: "井盖缺失", GridCode: "440604012001"}
		if err := s.CreateReport(ctx, r, nil, time.UTC); err != nil {
			t.Fatal(err)
		}
		err := s.Tx(ctx, func(tx *models.Store) error {
			_, _, _, err := tx.MoveReport(ctx, r.ID, models.ReportMove{From: []string{models.ReportResolved}, To: models.ReportClosed})
			return err
		})
		if models.ErrorCode(err) != models.ECONFLICT {
			t.Errorf("closing a new report = %v, want a conflict", err)
		}
		evs, _ := s.ReportEvents(ctx, r.ID)
		if len(evs) != 1 {
			t.Errorf("a refused move left %d events, want the filing only", len(evs))
		}
		err = s.Tx(ctx, func(tx *models.Store) error {
			_, _, _, err := tx.MoveReport(ctx, r.ID, models.ReportMove{From: models.OpenReportStatuses, To: models.ReportDispatched,
				Set: map[string]any{"department": "城管"}, Handling: func(h *models.ReportState) { h.DispatchedAt = &now }})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		got, h, err := s.Report(ctx, r.ID)
		if err != nil || got.Status != models.ReportDispatched || got.Department != "城管" || h.DispatchedAt == nil {
			t.Errorf("Report = %+v %+v, %v", got, h, err)
		}
	})
}
