package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"selfcheck/app/regulator"
	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// TestReporterViewAudited checks that every page showing who filed a report
// leaves an audit entry naming the viewer, and that a page hiding the
// reporter leaves none.
func TestReporterViewAudited(t *testing.T) {
	for _, dialect := range modelstest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			e := newEnv(t, dialect)
			ctx := context.Background()
			firm := e.firms[0]
			u := models.WechatUser{OpenID: "o-audited-reporter", Subscribed: true, CreatedAt: testNow, UpdatedAt: testNow}
			if err := e.store.DB().Create(&u).Error; err != nil {
				t.Fatal(err)
			}
			r := &models.CitizenReport{ReporterID: &u.ID, Source: "chat", Category: "消防通道堵塞", Description: "门口消防通道被货物堵住",
				EnterpriseID: &firm.ID, StreetCode: firm.StreetCode, Department: "消防"}
			if err := e.store.CreateReport(ctx, r, nil, shanghai); err != nil {
				t.Fatal(err)
			}
			e.get(e.login("zumiao"), fmt.Sprintf("/admin/enterprises/%d", firm.ID)) // hidden from a street
			e.get(e.login("admin"), fmt.Sprintf("/admin/enterprises/%d", firm.ID))
			e.get(e.login("fire"), fmt.Sprintf("/admin/reports/%d", r.ID))

			log, err := e.store.AuditLog(ctx, "citizen_report", fmt.Sprint(r.ID), 10)
			if err != nil {
				t.Fatal(err)
			}
			type seen struct{ Actor, Via string }
			var got []seen
			for _, a := range log {
				if a.Action != regulator.ActionViewReporter {
					continue
				}
				var after struct {
					Via        string `json:"via"`
					ReporterID int64  `json:"reporter_id"`
				}
				if err := json.Unmarshal([]byte(a.AfterJSON), &after); err != nil || after.ReporterID != u.ID {
					t.Errorf("entry %+v: reporter %d (%v), want %d", a, after.ReporterID, err, u.ID)
				}
				got = append(got, seen{a.Actor, after.Via})
			}
			want := []seen{{"fire", "report"}, {"admin", "enterprise_file"}}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("reporter views audited = %v, want %v", got, want)
			}
		})
	}
}
