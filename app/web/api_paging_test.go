package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"selfcheck/models"
)

// pageThrough follows a list's next cursor from the first page and returns
// every item's id in order; it fails on a page longer than limit.
func pageThrough(t *testing.T, e *env, token, path string, limit int) []int64 {
	t.Helper()
	var ids []int64
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	url := fmt.Sprintf("%s%slimit=%d", path, sep, limit)
	for range 100 {
		var page struct {
			Items []struct {
				ID int64 `json:"id"`
			} `json:"items"`
			Next string `json:"next"`
		}
		if status := e.api(token, "GET", url, "", &page); status != http.StatusOK {
			t.Fatalf("GET %s = %d", url, status)
		}
		if len(page.Items) > limit {
			t.Fatalf("GET %s: %d items, want at most %d", url, len(page.Items), limit)
		}
		for _, it := range page.Items {
			ids = append(ids, it.ID)
		}
		if page.Next == "" {
			return ids
		}
		url = fmt.Sprintf("%s%slimit=%d&after=%s", path, sep, limit, page.Next)
	}
	t.Fatalf("GET %s: more than 100 pages", path)
	return nil
}

// checkOnce fails unless got holds each of want exactly once.
func checkOnce(t *testing.T, list string, got []int64, want map[int64]bool) {
	t.Helper()
	seen := map[int64]int{}
	for _, id := range got {
		seen[id]++
	}
	for id := range want {
		if seen[id] != 1 {
			t.Errorf("%s: row %d seen %d times, want once", list, id, seen[id])
		}
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s: row %d seen %d times", list, id, n)
		}
	}
}

// TestCampaignListPaging pages the campaigns two at a time.
func TestCampaignListPaging(t *testing.T) { onBothDatabases(t, testCampaignListPaging) }

func testCampaignListPaging(t *testing.T, e *env) {
	ctx := context.Background()
	want := map[int64]bool{}
	for i := range 5 {
		c := &models.Campaign{Name: fmt.Sprintf("专项自查%d", i), Audience: "enterprise", DeadlineDays: 10, Status: "draft", CreatedBy: "admin"}
		if err := e.store.CreateCampaign(ctx, c, models.CampaignTarget{}, nil); err != nil {
			t.Fatal(err)
		}
		want[c.ID] = true
	}
	tok := e.token("admin")
	got := pageThrough(t, e, tok, "/api/v1/campaigns", 2)
	checkOnce(t, "campaigns", got, want)
	if status := e.api(tok, "GET", "/api/v1/campaigns?limit=0", "", nil); status != http.StatusBadRequest {
		t.Errorf("limit=0 = %d, want 400", status)
	}
	if status := e.api(tok, "GET", "/api/v1/campaigns?after=x", "", nil); status != http.StatusBadRequest {
		t.Errorf("after=x = %d, want 400", status)
	}
}

// TestOrderListPaging pages the orders two at a time.
func TestOrderListPaging(t *testing.T) { onBothDatabases(t, testOrderListPaging) }

func testOrderListPaging(t *testing.T, e *env) {
	ctx := context.Background()
	want := map[int64]bool{}
	day := time.Date(2026, 12, 7, 0, 0, 0, 0, shanghai)
	for range 5 {
		o := &models.InspectionOrder{Department: "消防救援", Reason: "routine", Items: `["FS-01"]`, WindowFrom: day, WindowTo: day.AddDate(0, 0, 7), CreatedBy: "admin"}
		if err := e.store.CreateOrder(ctx, o, nil); err != nil {
			t.Fatal(err)
		}
		want[o.ID] = true
	}
	tok := e.token("admin")
	checkOnce(t, "orders", pageThrough(t, e, tok, "/api/v1/orders", 2), want)
	checkOnce(t, "orders of a status", pageThrough(t, e, tok, "/api/v1/orders?status=open", 3), want)
}

// TestInspectorListPaging pages the roster two at a time.
func TestInspectorListPaging(t *testing.T) { onBothDatabases(t, testInspectorListPaging) }

func testInspectorListPaging(t *testing.T, e *env) {
	ctx := context.Background()
	want := map[int64]bool{}
	for i := range 5 {
		p := &models.Inspector{Name: fmt.Sprintf("执法员%d", i), Department: "消防救援", CertNo: fmt.Sprintf("PG%04d", i), Active: true}
		if err := e.store.CreateInspector(ctx, p); err != nil {
			t.Fatal(err)
		}
		want[p.ID] = true
	}
	tok := e.token("admin")
	checkOnce(t, "inspectors", pageThrough(t, e, tok, "/api/v1/inspectors", 2), want)
}

// TestVisitListPaging pages the planned visits two at a time, through
// visits sharing a day (stored in UTC, as the planner stores them).
func TestVisitListPaging(t *testing.T) { onBothDatabases(t, testVisitListPaging) }

func testVisitListPaging(t *testing.T, e *env) {
	ctx := context.Background()
	want := map[int64]bool{}
	day := time.Date(2026, 12, 8, 0, 0, 0, 0, shanghai)
	for i := range 5 {
		v := &models.Visit{EnterpriseID: e.firms[0].ID, PlannedOn: day.AddDate(0, 0, i/2).UTC(), Inspectors: "[]", Items: `["FS-01"]`}
		if err := e.store.CreateVisit(ctx, v); err != nil {
			t.Fatal(err)
		}
		want[v.ID] = true
	}
	tok := e.token("admin")
	checkOnce(t, "visits", pageThrough(t, e, tok, "/api/v1/visits", 2), want)
}

// onBothDatabases runs test on SQLite and on MySQL.
func onBothDatabases(t *testing.T, test func(*testing.T, *env)) {
	for _, db := range []string{"sqlite", "mysql"} {
		t.Run(db, func(t *testing.T) { test(t, newEnv(t, db)) })
	}
}

// TestSubmissionListPaging pages the submissions one at a time, through
// two submitted at the same instant.
func TestSubmissionListPaging(t *testing.T) { onBothDatabases(t, testSubmissionListPaging) }

func testSubmissionListPaging(t *testing.T, e *env) {
	seedWork(t, e)
	submitAnother(t, e, e.firms[1].ID, testNow)
	tok := e.token("admin")
	all := pageThrough(t, e, tok, "/api/v1/submissions", 500)
	if len(all) != 2 {
		t.Fatalf("submissions = %v, want two", all)
	}
	want := map[int64]bool{all[0]: true, all[1]: true}
	checkOnce(t, "submissions", pageThrough(t, e, tok, "/api/v1/submissions", 1), want)
}
