package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

func TestApplyRetention(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		f := newPersonFixture(t, s)
		db := s.DB()
		old := time.Now().AddDate(-4, 0, 0)
		// The fixture's report is closed long ago, the other still open;
		// the household check and the session are old too.
		if err := db.Model(&models.CitizenReport{}).Where("id = ?", f.report.ID).
			Updates(map[string]any{"status": models.ReportClosed, "closed_at": old}).Error; err != nil {
			t.Fatal(err)
		}
		if err := db.Model(&models.CitizenReport{}).Where("id = ?", f.others.ID).Update("updated_at", old).Error; err != nil {
			t.Fatal(err)
		}
		if err := db.Model(&models.Assignment{}).Where("id = ?", f.assignment).Update("created_at", old).Error; err != nil {
			t.Fatal(err)
		}
		if err := db.Exec("UPDATE conversations SET updated_at = ? WHERE openid = ?", old, "o-erase-me").Error; err != nil {
			t.Fatal(err)
		}
		cut := time.Now().AddDate(-3, 0, 0)
		res, err := s.ApplyRetention(ctx, models.RetentionCutoffs{Reports: cut, Photos: cut, HouseholdAnswers: cut, Conversations: cut, DedupeKeys: cut, BindAttempts: cut, Messages: cut})
		if err != nil {
			t.Fatal(err)
		}
		want := &models.RetentionResult{ReportsAnonymised: 1, Photos: 2, HouseholdChecks: 1, Conversations: 1, Files: []string{"photos/aa/own.jpg"}}
		if diff := cmp.Diff(want, res); diff != "" {
			t.Errorf("ApplyRetention (-want +got):\n%s", diff)
		}
		var r, o models.CitizenReport
		db.First(&r, f.report.ID)
		db.First(&o, f.others.ID)
		if r.ReporterID != nil || r.Description != models.ErasedText || o.ReporterID == nil || o.Description == models.ErasedText {
			t.Errorf("closed report %+v, open report %+v: want only the closed one anonymised", r, o)
		}
		// A second sweep finds nothing; zero cutoffs keep everything.
		if res, err := s.ApplyRetention(ctx, models.RetentionCutoffs{Reports: cut, Photos: cut, HouseholdAnswers: cut, Conversations: cut}); err != nil || res.ReportsAnonymised+res.Photos+res.HouseholdChecks+res.Conversations != 0 {
			t.Errorf("second ApplyRetention = %+v, %v", res, err)
		}
	})
}
