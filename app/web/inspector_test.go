package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"selfcheck/app/web"
	"selfcheck/models"
)

// TestInspectorRosterPages adds, edits and deactivates inspectors through
// the page and the API, each user within its department.
func TestInspectorRosterPages(t *testing.T) {
	e := newEnv(t, "sqlite")
	c := e.login("admin")
	token := e.csrf(c, "/admin/inspectors")
	form := url.Values{"csrf_token": {token}, "name": {"陈伟"}, "department": {"消防救援"}, "cert_no": {"44060001"},
		"cert_expires_on": {"2030-06-30"}, "streets": {"440604012", "440604100"}, "away_days": {"2026-05-20~2026-05-22"}, "active": {"1"}}
	status, loc, body := e.post(c, "/admin/inspectors", form)
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/admin/inspectors?saved=") {
		t.Fatalf("add = %d %q %.300s", status, loc, body)
	}
	all, _ := e.store.Inspectors(context.Background(), models.InspectorFilter{})
	var people []models.Inspector
	for _, p := range all {
		if p.CertNo == "44060001" {
			people = append(people, p)
		}
	}
	if len(people) != 1 || people[0].Streets != "440604012,440604100" || !people[0].Active {
		t.Fatalf("roster after add: %+v", people)
	}
	id := people[0].ID
	form.Set("cert_no", "44060001")
	if status, _, body := e.post(c, "/admin/inspectors", form); status != http.StatusBadRequest || !strings.Contains(body, "已在名录中") {
		t.Errorf("same certificate again = %d %.300s", status, body)
	}
	if status, _, _ := e.post(c, fmt.Sprintf("/admin/inspectors/%d", id), url.Values{"deactivate": {"1"}}); status != http.StatusForbidden {
		t.Errorf("deactivate without the CSRF token = %d, want 403", status)
	}
	if status, _, _ := e.post(c, fmt.Sprintf("/admin/inspectors/%d", id), url.Values{"csrf_token": {token}, "deactivate": {"1"}}); status != http.StatusSeeOther {
		t.Errorf("deactivate = %d", status)
	}
	if p, _ := e.store.InspectorByID(context.Background(), id); p.Active || p.Name != "陈伟" || p.CertExpiresOn == nil {
		t.Errorf("after deactivate: %+v", p)
	}
	if status, body := e.get(c, fmt.Sprintf("/admin/inspectors?edit=%d", id)); status != 200 || !strings.Contains(body, "修改执法人员") || !strings.Contains(body, "已停用") {
		t.Errorf("edit page = %d", status)
	}

	fire := e.token("fire")
	var got web.InspectorV1
	if st := e.api(fire, "POST", "/api/v1/inspectors", `{"name":"李静","department":"市场监管","cert_no":"44060002"}`, nil); st != http.StatusForbidden {
		t.Errorf("department user adding to another department = %d, want 403", st)
	}
	if st := e.api(fire, "POST", "/api/v1/inspectors", `{"name":"李静","department":"消防救援","cert_no":"44060002","cert_expires_on":"2029-01-01"}`, &got); st != http.StatusCreated || got.ID == 0 {
		t.Fatalf("department user adding = %d %+v", st, got)
	}
	if st := e.api(fire, "PATCH", fmt.Sprintf("/api/v1/inspectors/%d", got.ID), `{"active":false,"away_days":["2026-06-01"]}`, &got); st != 200 || got.Active || got.Name != "李静" || len(got.AwayDays) != 1 || got.AwayDays[0] != "2026-06-01" {
		t.Errorf("PATCH = %d %+v", st, got)
	}
	var list struct {
		Inspectors []web.InspectorV1 `json:"items"`
	}
	st := e.api(fire, "GET", "/api/v1/inspectors", "", &list)
	names := map[string]bool{}
	for _, p := range list.Inspectors {
		if p.Department != "消防救援" {
			t.Errorf("GET /api/v1/inspectors as 消防救援 lists %s of %s", p.Name, p.Department)
		}
		names[p.Name] = true
	}
	if st != 200 || !names["陈伟"] || !names["李静"] {
		t.Errorf("GET /api/v1/inspectors = %d, %d people, want 陈伟 and 李静 among them", st, len(list.Inspectors))
	}
	if st := e.api(e.token("zumiao"), "GET", "/api/v1/inspectors", "", nil); st != http.StatusForbidden {
		t.Errorf("street user listing the roster = %d, want 403", st)
	}
}

// TestInspectorSeesOwnVisits signs an inspector in: it lands on 我的检查,
// sees only the visits it was drawn for, may open and record them, and is
// refused everything else.
func TestInspectorSeesOwnVisits(t *testing.T) {
	e := newEnv(t, "sqlite")
	ctx := context.Background()
	p := &models.Inspector{Name: "陈伟", Department: "市场监管", CertNo: "44060001", Active: true}
	if err := e.store.CreateInspector(ctx, p); err != nil {
		t.Fatal(err)
	}
	u := models.User{Username: "chenwei", Name: "陈伟", Role: models.RoleInspector, Scope: fmt.Sprint(p.ID)}
	u.SetPassword(testPassword)
	if err := e.store.CreateUser(ctx, &u, "test"); err != nil {
		t.Fatal(err)
	}
	mine := &models.Visit{EnterpriseID: e.firms[0].ID, PlannedOn: testNow, Items: `["FD-01"]`, Inspectors: fmt.Sprintf("[%d,99]", p.ID)}
	other := &models.Visit{EnterpriseID: e.firms[1].ID, PlannedOn: testNow, Items: `["FD-01"]`, Inspectors: "[98,99]"}
	for _, v := range []*models.Visit{mine, other} {
		if err := e.store.CreateVisit(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	c := e.client()
	token := e.csrf(c, "/admin/login")
	status, loc, _ := e.post(c, "/admin/login", url.Values{"csrf_token": {token}, "username": {"chenwei"}, "password": {testPassword}})
	if status != http.StatusSeeOther || loc != "/admin/visits" {
		t.Fatalf("login = %d %q, want 303 to /admin/visits", status, loc)
	}
	status, body := e.get(c, "/admin/visits")
	if status != 200 || !strings.Contains(body, "我的检查") || !strings.Contains(body, e.firms[0].Name) || strings.Contains(body, e.firms[1].Name) {
		t.Errorf("my visits = %d, want only %s: %.500s", status, e.firms[0].Name, body)
	}
	for path, want := range map[string]int{
		fmt.Sprintf("/admin/visits/%d", mine.ID):  200,
		fmt.Sprintf("/admin/visits/%d", other.ID): 404,
		"/admin/ranking":    403,
		"/admin/orders":     403,
		"/admin/inspectors": 403,
	} {
		if status, _ := e.get(c, path); status != want {
			t.Errorf("GET %s = %d, want %d", path, status, want)
		}
	}
	tok := e.token("chenwei")
	var visits struct {
		Visits []struct{ ID int64 } `json:"items"`
	}
	if st := e.api(tok, "GET", "/api/v1/visits", "", &visits); st != 200 || len(visits.Visits) != 1 || visits.Visits[0].ID != mine.ID {
		t.Errorf("GET /api/v1/visits = %d %+v, want only visit %d", st, visits, mine.ID)
	}
	if st := e.api(tok, "POST", "/api/v1/orders", `{}`, nil); st != http.StatusForbidden {
		t.Errorf("inspector issuing an order = %d, want 403", st)
	}
}
