package storetest

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

func TestRectification(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		now := inboundNow
		pin(s, &now)
		firm := modelstest.Enterprise(t, s, nil).ID
		other := modelstest.Enterprise(t, s, nil).ID
		finding := func(firm int64, status string, days int) int64 {
			t.Helper()
			f := models.Finding{EnterpriseID: firm, Source: models.FindingOnSite, ItemID: "x", Severity: "一般", Status: status,
				DeadlineAt: now.AddDate(0, 0, days), CreatedAt: now, UpdatedAt: now}
			if err := s.DB().Create(&f).Error; err != nil {
				t.Fatal(err)
			}
			return f.ID
		}
		late := finding(firm, models.FindingOpen, 20)
		soon := finding(firm, models.FindingOpen, 5)
		finding(firm, models.FindingClosed, 1)
		theirs := finding(other, models.FindingOpen, 1)

		ids := func() []int64 {
			t.Helper()
			open, err := s.OpenFindings(ctx, firm)
			if err != nil {
				t.Fatal(err)
			}
			var out []int64
			for _, f := range open {
				out = append(out, f.ID)
			}
			return out
		}
		if diff := cmp.Diff([]int64{soon, late}, ids()); diff != "" {
			t.Errorf("OpenFindings, earliest deadline first (-want +got):\n%s", diff)
		}

		tests := []struct {
			name     string
			firm     int64
			r        models.Rectification
			wantCode string
		}{
			{"OKDefer", firm, models.Rectification{FindingID: late, Kind: models.RectificationDefer, Note: "需要采购设备"}, ""},
			{"OKFix", firm, models.Rectification{FindingID: soon, Kind: models.RectificationFix, Photos: "1,2"}, ""},
			{"ErrFixedAlready", firm, models.Rectification{FindingID: soon, Kind: models.RectificationFix}, models.ECONFLICT},
			{"ErrOtherFirmsFinding", firm, models.Rectification{FindingID: theirs, Kind: models.RectificationFix}, models.ENOTFOUND},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				err := s.AddRectification(ctx, tc.firm, &tc.r)
				if tc.wantCode == "" && err != nil || tc.wantCode != "" && models.ErrorCode(err) != tc.wantCode {
					t.Fatalf("AddRectification = %v, want code %q", err, tc.wantCode)
				}
				if err == nil && (tc.r.ID == 0 || tc.r.Status != models.RectificationPending) {
					t.Errorf("rectification %+v, want stored and pending", tc.r)
				}
			})
		}
		var statuses []string
		if err := s.DB().Model(&models.Finding{}).Where("id IN ?", []int64{soon, late}).Order("id").Pluck("status", &statuses).Error; err != nil {
			t.Fatal(err)
		}
		// late was created first; a deferral leaves it open, a fix moves soon on.
		if diff := cmp.Diff([]string{models.FindingOpen, models.FindingRectified}, statuses); diff != "" {
			t.Errorf("finding statuses (-want +got):\n%s", diff)
		}
		// A rectified finding still awaits its check.
		if diff := cmp.Diff([]int64{soon, late}, ids()); diff != "" {
			t.Errorf("OpenFindings after the fix (-want +got):\n%s", diff)
		}
	})
}

func TestLatestScoreExplanation(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		firm := modelstest.Enterprise(t, s, nil).ID
		if _, err := s.LatestScoreExplanation(ctx, firm); models.ErrorCode(err) != models.ENOTFOUND {
			t.Fatalf("LatestScoreExplanation before scoring = %v, want ENOTFOUND", err)
		}
		for i, ex := range []string{`{"v":1}`, `{"v":2}`, ""} {
			snap := models.ScoreSnapshot{EnterpriseID: firm, Raw: decimal.NewFromInt(700), Shown: decimal.NewFromInt(700),
				Grade: "B", Decision: "sample", ParamsID: 1, Explanation: ex, ComputedAt: inboundNow.AddDate(0, 0, i)}
			if i == 2 {
				snap.ComputedAt = inboundNow.AddDate(0, 0, -1) // older: not the latest
			}
			if err := s.DB().Create(&snap).Error; err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.LatestScoreExplanation(ctx, firm)
		if err != nil {
			t.Fatal(err)
		}
		if got != `{"v":2}` {
			t.Errorf("LatestScoreExplanation = %q, want the latest snapshot's", got)
		}
	})
}
