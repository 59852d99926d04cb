package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// TestDashboardInspections runs the inspection workflow through the real
// HTTP handler and core logic on both databases: a department user is held
// to its own department, an order is merged into a plan, an inspector
// records a violation through the JSON API, and the result is published
// without personal data.
func TestDashboardInspections(t *testing.T) {
	for _, d := range modelstest.Dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			a := newTestApp(t, d, inspectionNow)
			addRosters(t, a, "市场监管", "消防救援")
			f1 := firmAt(t, a, 23.03, 113.11, "440604012001")
			f2 := firmAt(t, a, 23.03, 113.12, "440604012001")
			for _, u := range []models.User{{Username: "boss", Name: "管理员", Role: models.RoleAdmin},
				{Username: "fire", Name: "消防", Role: models.RoleDepartment, Scope: "xfjy"}} {
				if err := u.SetPassword("correct-horse-9"); err != nil {
					t.Fatal(err)
				}
				if err := a.store.CreateUser(ctx, &u, "test"); err != nil {
					t.Fatal(err)
				}
			}
			h, err := a.routes()
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(h)
			t.Cleanup(srv.Close)

			fire, token := login(t, srv.URL, "fire")
			form := url.Values{"csrf_token": {token}, "department": {"市场监管"}, "reason": {"routine"}, "mode": {"list"},
				"targets": {fmt.Sprint(f1.ID)}, "items": {"FD-01"}, "from": {"2026-05-11"}, "to": {"2026-05-11"}}
			if status, body := postForm(t, fire, srv.URL+"/admin/orders", form); status != http.StatusForbidden || !strings.Contains(body, "您只能以本部门名义下达检查指令") {
				t.Errorf("order for another department = %d %.300s", status, body)
			}
			boss, token := login(t, srv.URL, "boss")
			form["csrf_token"], form["targets"] = []string{token}, []string{fmt.Sprintf("%d %s", f1.ID, f2.USCC)}
			if status, _ := postForm(t, boss, srv.URL+"/admin/orders", form); status != http.StatusSeeOther {
				t.Fatalf("order = %d", status)
			}
			form["department"], form["items"] = []string{"消防救援"}, []string{"FS-05"}
			form["targets"] = []string{fmt.Sprint(f1.ID)}
			if status, body := postForm(t, boss, srv.URL+"/admin/orders", form); status != http.StatusSeeOther {
				t.Fatalf("second order = %d %.300s", status, body)
			}
			status, body := postForm(t, boss, srv.URL+"/admin/plans", url.Values{"csrf_token": {token}, "from": {"2026-05-11"}, "to": {"2026-05-11"}, "seed": {"7"}})
			if status != http.StatusOK || !strings.Contains(body, "编排说明") {
				t.Fatalf("plan = %d %.500s", status, body)
			}
			plan := regexp.MustCompile(`检查计划 #(\d+)`).FindStringSubmatch(body)
			visits, err := a.store.PlanVisits(ctx, atoi64(t, plan[1]))
			if err != nil || len(visits) != 2 {
				t.Fatalf("plan %s: %d visits, %v; want the two orders of firm 1 merged", plan[1], len(visits), err)
			}
			var merged int64
			for _, v := range visits {
				if v.EnterpriseID == f1.ID {
					merged = v.ID
				}
			}
			if !strings.Contains(body, "#1、#2") {
				t.Errorf("plan page does not show the merged orders: %.1500s", body)
			}

			tok, err := a.store.CreateAPIToken(ctx, mustUser(t, a, "boss").ID, "test", "test")
			if err != nil {
				t.Fatal(err)
			}
			var res struct {
				Outcome  struct{ Code string }
				Findings []struct{ ID int64 }
			}
			results := `{"results":[{"item":"FD-01","compliant":false,"note":"无证经营"},{"item":"FS-05","compliant":true}]}`
			if status := apiCall(t, tok, "POST", fmt.Sprintf("%s/api/v1/visits/%d/results", srv.URL, merged), results, &res); status != 201 || res.Outcome.Code != "violations" || len(res.Findings) != 1 {
				t.Fatalf("record = %d %+v", status, res)
			}
			if status := apiCall(t, tok, "POST", fmt.Sprintf("%s/api/v1/visits/%d/results", srv.URL, merged), results, nil); status != http.StatusConflict {
				t.Errorf("second record = %d, want 409", status)
			}
			resp, err := http.Get(srv.URL + "/public/inspections?from=2026-05-01&to=2026-05-31")
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			page := string(b)
			if resp.StatusCode != 200 || !strings.Contains(page, f1.Name) || !strings.Contains(page, "市场监管、消防救援") || strings.Contains(page, "无证经营") || strings.Contains(page, "boss") {
				t.Errorf("public page = %d %.800s", resp.StatusCode, page)
			}
			var burden struct {
				Total struct {
					UnmergedVisits struct{ Value int } `json:"unmerged_visits"`
					PlannedVisits  struct{ Value int } `json:"planned_visits"`
				}
			}
			if status := apiCall(t, tok, "GET", srv.URL+"/api/v1/burden?from=2026-05-01&to=2026-05-31", "", &burden); status != 200 ||
				burden.Total.UnmergedVisits.Value != 3 || burden.Total.PlannedVisits.Value != 2 {
				t.Errorf("burden = %d %+v, want 3 separate visits merged into 2", status, burden)
			}
		})
	}
}

func atoi64(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

func mustUser(t *testing.T, a *App, name string) *models.User {
	t.Helper()
	u, err := a.store.UserByUsername(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

var csrfRe = regexp.MustCompile(`name="csrf_token" value="([0-9a-f]+)"`)

// login signs a new client in and returns it with its CSRF token. The
// client follows redirects.
func login(t *testing.T, base, username string) (*http.Client, string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	get := func() string {
		resp, err := c.Get(base + "/admin/login")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		m := csrfRe.FindStringSubmatch(string(b))
		if m == nil {
			t.Fatalf("no CSRF token: %.300s", b)
		}
		return m[1]
	}
	status, body := postForm(t, c, base+"/admin/login", url.Values{"csrf_token": {get()}, "username": {username}, "password": {"correct-horse-9"}})
	if status != 200 {
		t.Fatalf("login %s = %d %.300s", username, status, body)
	}
	m := csrfRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no CSRF token after login: %.300s", body)
	}
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if strings.HasPrefix(req.URL.Path, "/admin/orders") {
			return http.ErrUseLastResponse // a created order answers 303
		}
		return nil
	}
	return c, m[1]
}

func postForm(t *testing.T, c *http.Client, u string, form url.Values) (int, string) {
	t.Helper()
	resp, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func apiCall(t *testing.T, token, method, u, body string, out any) int {
	t.Helper()
	req, _ := http.NewRequest(method, u, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %s", method, u, b)
		}
	}
	return resp.StatusCode
}
