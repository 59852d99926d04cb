package web_test

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestRenderEveryPage renders every page template with real data and checks
// each one was covered.
func TestRenderEveryPage(t *testing.T) {
	e := newEnv(t, "sqlite")
	c := e.login("admin")
	ids := seedInspections(t, e)
	maps.Copy(ids, seedWork(t, e))
	pages := []struct {
		template, path string
		status         int
		contains       string
	}{
		{"login", "/admin/login", 303, ""}, // signed in: sent on to the ranking
		{"ranking", "/admin/ranking", 200, "信用排名"},
		{"distribution", "/admin/distribution", 200, "按行业"},
		{"enterprise", fmt.Sprintf("/admin/enterprises/%d", e.firms[0].ID), 200, "评分明细"},
		{"error", "/admin/nope", 404, "页面不存在"},
		{"orders", "/admin/orders", 200, "下达检查指令"},
		{"plans", "/admin/plans", 200, "编排检查计划"},
		{"plan", fmt.Sprintf("/admin/plans/%d", ids["/api/v1/plans/"]), 200, "编排说明"},
		{"visits", "/admin/visits", 200, "现场检查任务"},
		{"inspectors", "/admin/inspectors", 200, "执法人员名录"},
		{"order", fmt.Sprintf("/admin/orders/%d", ids["/api/v1/orders/"]), 200, "已安排检查"},
		{"onsite", fmt.Sprintf("/admin/visits/%d", ids["/api/v1/visits/"]), 200, "提交检查结果"},
		{"rectify", "/admin/rectify", 200, "已补齐台账"},
		{"burden", "/admin/burden", 200, "基层减负"},
		{"campaigns", "/admin/campaigns", 200, "新建自查任务"},
		{"campaign", fmt.Sprintf("/admin/campaigns/%d", ids["/api/v1/campaigns/"]), 200, "导出未填报名单"},
		{"review_queue", "/admin/review", 200, "填报审核"},
		{"review", fmt.Sprintf("/admin/review/%d", ids["/api/v1/submissions/"]), 200, "提交审核"},
		{"reports", "/admin/reports", 200, "各部门办理情况"},
		{"report", fmt.Sprintf("/admin/reports/%d", ids["/api/v1/reports/"]), 200, "疑似重复举报"},
		{"users", "/admin/users", 200, "添加用户"},
		{"simulation", "/admin/simulation", 200, "模拟评估"},
	}
	covered := map[string]bool{}
	for _, p := range pages {
		status, body := e.get(c, p.path)
		if status != p.status || !strings.Contains(body, p.contains) {
			t.Errorf("GET %s = %d, want %d containing %q: %.300s", p.path, status, p.status, p.contains, body)
		}
		covered[p.template] = true
	}
	if status, body := e.get(e.client(), "/admin/login"); status != http.StatusOK || !strings.Contains(body, "监管人员登录") {
		t.Errorf("login page = %d", status)
	}
	names := e.web.PageNames()
	slices.Sort(names)
	for _, n := range names {
		if !covered[n] {
			t.Errorf("page template %q is not rendered by this test", n)
		}
	}
}
