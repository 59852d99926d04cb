package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"selfcheck/app/web"
	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// seedWork stores the enterprise checklist, a pushed campaign with one
// submission, and two reports of the same category in one grid; it returns
// their ids by API path prefix.
func seedWork(t *testing.T, e *env) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	src, err := os.ReadFile(filepath.Join(modelstest.Root(t), "templates", "questionnaires", "enterprise.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	v, _, err := e.store.SaveQuestionnaire(ctx, "enterprise", "企业自查", "enterprise", src, "test")
	if err != nil {
		t.Fatal(err)
	}
	c := &models.Campaign{Name: "燃气安全专项自查", VersionID: v.ID, Audience: "enterprise", DeadlineDays: 10, CreatedBy: "test"}
	if err := e.store.CreateCampaign(ctx, c, models.CampaignTarget{Streets: []string{"440604012"}}, []string{"燃气安全"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.reg.PushCampaign(ctx, &models.User{Username: "test", Role: models.RoleAdmin}, c.ID); err != nil {
		t.Fatal(err)
	}
	a, err := e.store.OpenAssignment(ctx, e.firms[0].ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	no := false
	err = e.store.SubmitAssignment(ctx, a.ID, []models.Answer{{ItemID: "GS-01", Value: "false", Compliant: &no, AnsweredAt: testNow}},
		[]models.Finding{{EnterpriseID: e.firms[0].ID, ItemID: "GS-01", Severity: "较重", Description: "燃气报警器未安装", DeadlineAt: testNow.AddDate(0, 0, 14)}})
	if err != nil {
		t.Fatal(err)
	}
	var reports []int64
	for _, addr := range []string{"祖庙路1号", "祖庙路3号"} {
		r := &models.CitizenReport{Source: "chat", Category: "占道经营", Description: "人行道被占用", Address: addr,
			StreetCode: "440604012", GridCode: "440604012001"}
		if err := e.store.CreateReport(ctx, r, nil, shanghai); err != nil {
			t.Fatal(err)
		}
		reports = append(reports, r.ID)
	}
	return map[string]int64{"/api/v1/campaigns/": c.ID, "/api/v1/submissions/": a.ID, "/api/v1/reports/": reports[1]}
}

// TestCampaignPages creates a campaign through the form (bad input first:
// refused, shown back, nothing written), and through the API.
func TestCampaignPages(t *testing.T) {
	for _, d := range modelstest.Dialects {
		t.Run(d, func(t *testing.T) {
			e := newEnv(t, d)
			seedWork(t, e)
			c := e.login("admin")
			token := e.csrf(c, "/admin/campaigns")
			bad := url.Values{"csrf_token": {token}, "name": {"消防专项"}, "template": {"enterprise"}, "themes": {"不存在的主题"},
				"deadline_days": {"0"}, "push": {"now"}}
			status, _, body := e.post(c, "/admin/campaigns", bad)
			if status != http.StatusBadRequest || !strings.Contains(body, "消防专项") {
				t.Fatalf("bad campaign = %d, want 400 with the form kept: %.300s", status, body)
			}
			if cs, _ := e.store.Campaigns(context.Background(), 10); len(cs) != 1 {
				t.Fatalf("after a refused form there are %d campaigns, want the seeded 1", len(cs))
			}
			good := url.Values{"csrf_token": {token}, "name": {"消防专项"}, "template": {"enterprise"}, "themes": {"消防安全"},
				"streets": {"440604012"}, "deadline_days": {"5"}, "push": {"now"}}
			status, loc, body := e.post(c, "/admin/campaigns", good)
			if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/admin/campaigns/") {
				t.Fatalf("campaign = %d %q: %.300s", status, loc, body)
			}
			_, page := e.get(c, loc)
			if !strings.Contains(page, `id="p-targets">2<`) || !strings.Contains(page, "消防安全") {
				t.Errorf("campaign page lacks 2 targets and the theme: %.2000s", page)
			}
			tok := e.token("zumiao")
			var out struct {
				web.CampaignV1
				Error struct{ Fields map[string]string }
			}
			if status := e.api(tok, "POST", "/api/v1/campaigns", `{"name":"街道燃气自查","template":"enterprise","deadline_days":3,"streets":["440604011"],"push":"draft"}`, &out); status != 400 || out.Error.Fields["streets"] == "" {
				t.Errorf("street user targeting another street = %d %+v, want 400 on streets", status, out.Error)
			}
			if status := e.api(tok, "POST", "/api/v1/campaigns", `{"name":"街道燃气自查","template":"enterprise","deadline_days":3,"themes":["燃气安全"],"push":"now"}`, &out); status != 201 || out.Status.Code != models.CampaignPushed {
				t.Errorf("API campaign = %d %+v", status, out.CampaignV1)
			}
		})
	}
}

// TestReportQueuePages dispatches a 无主部件 to the fallback department and
// merges a duplicate shown at intake.
func TestReportQueuePages(t *testing.T) {
	e := newEnv(t, "sqlite")
	ids := seedWork(t, e)
	c := e.login("admin")
	path := fmt.Sprintf("/admin/reports/%d", ids["/api/v1/reports/"])
	token := e.csrf(c, path)
	_, page := e.get(c, path)
	if !strings.Contains(page, "疑似重复举报") {
		t.Fatalf("report page shows no duplicate: %.500s", page)
	}
	status, _, body := e.post(c, path, url.Values{"csrf_token": {token}, "action": {"dispatch"}, "department": {"不存在"}})
	if status != http.StatusBadRequest || !strings.Contains(body, "未知的部门") {
		t.Fatalf("dispatch to an unknown department = %d: %.300s", status, body)
	}
	status, _, _ = e.post(c, path, url.Values{"csrf_token": {token}, "action": {"dispatch"}, "ownerless": {"1"}, "workdays": {"5"}})
	if status != http.StatusSeeOther {
		t.Fatalf("dispatch = %d", status)
	}
	r, _, err := e.store.Report(context.Background(), ids["/api/v1/reports/"])
	if err != nil || r.Department != "城管" || !r.Ownerless || r.Status != models.ReportDispatched {
		t.Fatalf("dispatched report = %+v, %v; want 城管, ownerless", r, err)
	}
	tok := e.token("admin")
	var stats struct{ Departments []models.DepartmentStat }
	if status := e.api(tok, "GET", "/api/v1/reports/stats", "", &stats); status != 200 || len(stats.Departments) != 1 || stats.Departments[0].Total != 1 {
		t.Errorf("stats = %d %+v", status, stats)
	}
}
