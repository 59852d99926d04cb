package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// TestPublicCSVNeutralisesFormulas inspects a firm whose name is a formula
// through the real handlers and checks that /public/inspections.csv hands
// it to spreadsheet programs as text.
func TestPublicCSVNeutralisesFormulas(t *testing.T) {
	for _, d := range modelstest.Dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			a := newTestApp(t, d, inspectionNow)
			addRosters(t, a, "市场监管")
			const evil = `=HYPERLINK("http://x","y")`
			f := firmAt(t, a, 23.03, 113.11, "440604012001")
			if err := a.store.DB().WithContext(ctx).Model(&models.Enterprise{}).Where("id = ?", f.ID).Update("name", evil).Error; err != nil {
				t.Fatal(err)
			}
			boss := models.User{Username: "boss", Name: "管理员", Role: models.RoleAdmin}
			if err := boss.SetPassword("correct-horse-9"); err != nil {
				t.Fatal(err)
			}
			if err := a.store.CreateUser(ctx, &boss, "test"); err != nil {
				t.Fatal(err)
			}
			h, err := a.routes()
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(h)
			t.Cleanup(srv.Close)
			c, token := login(t, srv.URL, "boss")
			form := url.Values{"csrf_token": {token}, "department": {"市场监管"}, "reason": {"routine"}, "mode": {"list"},
				"targets": {fmt.Sprint(f.ID)}, "items": {"FD-01"}, "from": {"2026-05-11"}, "to": {"2026-05-11"}}
			if status, body := postForm(t, c, srv.URL+"/admin/orders", form); status != http.StatusSeeOther {
				t.Fatalf("order = %d %.300s", status, body)
			}
			status, body := postForm(t, c, srv.URL+"/admin/plans", url.Values{"csrf_token": {token}, "from": {"2026-05-11"}, "to": {"2026-05-11"}, "seed": {"7"}})
			plan := regexp.MustCompile(`检查计划 #(\d+)`).FindStringSubmatch(body)
			if status != http.StatusOK || plan == nil {
				t.Fatalf("plan = %d %.300s", status, body)
			}
			visits, err := a.store.PlanVisits(ctx, atoi64(t, plan[1]))
			if err != nil || len(visits) != 1 {
				t.Fatalf("plan visits = %d, %v", len(visits), err)
			}
			tok, err := a.store.CreateAPIToken(ctx, boss.ID, "test", "test")
			if err != nil {
				t.Fatal(err)
			}
			results := `{"results":[{"item":"FD-01","compliant":true}]}`
			if status := apiCall(t, tok, "POST", fmt.Sprintf("%s/api/v1/visits/%d/results", srv.URL, visits[0].ID), results, nil); status != http.StatusCreated {
				t.Fatalf("record results = %d", status)
			}
			resp, err := http.Get(srv.URL + "/public/inspections.csv?from=2026-05-01&to=2026-05-31")
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff"))).ReadAll()
			if err != nil || resp.StatusCode != http.StatusOK || len(recs) != 2 {
				t.Fatalf("public CSV = %d %d records, %v: %s", resp.StatusCode, len(recs), err, b)
			}
			if got, want := recs[1][1], "'"+evil; got != want {
				t.Errorf("firm name cell = %q, want %q", got, want)
			}
		})
	}
}
