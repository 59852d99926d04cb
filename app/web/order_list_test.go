package web_test

import (
	"context"
	"html"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"selfcheck/models"
)

// TestOrderListFilters lists the orders with their total, by department,
// status and window, page by page; the fire department sees only its own.
func TestOrderListFilters(t *testing.T) {
	e := newEnv(t, "sqlite")
	seedInspections(t, e)
	o := &models.InspectionOrder{Department: "消防救援", Reason: "routine", Items: `["FS-01"]`,
		WindowFrom: testNow.AddDate(0, 0, 10), WindowTo: testNow.AddDate(0, 0, 12), Status: models.OrderOpen, CreatedBy: "fire"}
	if err := e.store.CreateOrder(context.Background(), o, []int64{e.firms[2].ID}); err != nil {
		t.Fatal(err)
	}
	total := func(c *http.Client, path string) (string, string) {
		t.Helper()
		status, body := e.get(c, path)
		m := totalPattern.FindStringSubmatch(body)
		if status != http.StatusOK || m == nil {
			t.Fatalf("GET %s = %d, total %v", path, status, m)
		}
		return m[1], body
	}
	admin := e.login("admin")
	for path, want := range map[string]string{
		"/admin/orders":                     "2",
		"/admin/orders?dept=消防救援":           "1",
		"/admin/orders?status=cancelled":    "0",
		"/admin/orders?from=2026-12-07":     "1",
		"/admin/orders?to=2026-11-28":       "1",
		"/admin/orders?order=oldest&size=1": "2",
	} {
		if got, _ := total(admin, path); got != want {
			t.Errorf("GET %s total = %s, want %s", path, got, want)
		}
	}
	_, body := total(admin, "/admin/orders?order=oldest&size=1")
	m := hrefOf("next").FindStringSubmatch(body)
	if m == nil || !strings.Contains(html.UnescapeString(m[1]), "order=oldest") {
		t.Errorf("下一页 = %v, want the order kept", m)
	}
	if got, _ := total(e.login("fire"), "/admin/orders"); got != "1" {
		t.Errorf("fire's orders = %s, want 1", got)
	}
}

// TestBrowserOrderList filters the orders by status in the browser.
func TestBrowserOrderList(t *testing.T) {
	e := newEnv(t, "sqlite")
	seedInspections(t, e)
	ctx := browser(t, 20*time.Second)
	err := chromedp.Do(ctx,
		chromedp.Navigate(e.srv.URL+"/admin/login?next=/admin/orders"),
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), "admin"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("#login")),
		chromedp.WaitVisible(chromedp.CSS("#orders")),
		chromedp.SetValue(chromedp.CSS("#f-status"), "cancelled"),
		chromedp.Click(chromedp.CSS("#f-apply")),
		chromedp.WaitReady(chromedp.CSS(`#f-status option[value="cancelled"][selected]`)),
	)
	if err != nil {
		t.Fatalf("browser: orders: %v", err)
	}
	total, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#total")))
	if err != nil {
		t.Fatalf("browser: read the total: %v", err)
	}
	if !strings.HasPrefix(total, "共 0 条") {
		t.Errorf("cancelled orders total = %q, want 共 0 条", total)
	}
}
