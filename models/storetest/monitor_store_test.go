package storetest

import (
	"context"
	"testing"
	"time"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

func TestOverdueReports(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		now := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
		past, future := now.Add(-time.Hour), now.Add(time.Hour)
		for _, r := range []models.CitizenReport{
			{Category: "x", Description: "overdue", DeadlineAt: &past},
			{Category: "x", Description: "due later", DeadlineAt: &future},
			{Category: "x", Description: "resolved late", DeadlineAt: &past, Status: models.ReportResolved},
			{Category: "x", Description: "no deadline"},
		} {
			if err := s.CreateReport(ctx, &r, nil, time.UTC); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := s.OverdueReports(ctx, now); err != nil || n != 1 {
			t.Errorf("OverdueReports() = %d, %v, want 1", n, err)
		}
		if p, err := s.CampaignProgress(ctx); err != nil || len(p) != 0 {
			t.Errorf("CampaignProgress() = %v, %v, want none", p, err)
		}
	})
}
