package web_test

import (
	"fmt"
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
