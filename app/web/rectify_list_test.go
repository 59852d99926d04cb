package web_test

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"selfcheck/models"
)

// lateFindings stores n open findings past their deadline for firm.
func lateFindings(t *testing.T, e *env, firm int64, n int) {
	t.Helper()
	var fs []models.Finding
	for i := range n {
		fs = append(fs, models.Finding{EnterpriseID: firm, Source: models.FindingOnSite, ItemID: "FD-03", Severity: "一般",
			Status: models.FindingOpen, DeadlineAt: testNow.AddDate(0, 0, -1-i)})
	}
	if err := e.store.InsertFindings(context.Background(), fs); err != nil {
		t.Fatal(err)
	}
}

var overdueRow = regexp.MustCompile(`<td class="down">([0-9-]+)</td>`)

// TestRectifyOverduePaging pages the overdue findings with their total, by
// street, longest overdue first or the reverse.
func TestRectifyOverduePaging(t *testing.T) {
	e := newEnv(t, "sqlite")
	seedInspections(t, e)
	lateFindings(t, e, e.firms[0].ID, 3)
	lateFindings(t, e, e.firms[2].ID, 1)
	c := e.login("admin")
	read := func(path string) (string, []string, string) {
		t.Helper()
		status, body := e.get(c, path)
		m := totalPattern.FindStringSubmatch(body)
		if status != http.StatusOK || m == nil {
			t.Fatalf("GET %s = %d, total %v", path, status, m)
		}
		var days []string
		for _, d := range overdueRow.FindAllStringSubmatch(body, -1) {
			days = append(days, d[1])
		}
		return m[1], days, body
	}
	if total, _, body := read("/admin/rectify"); total != "4" || !strings.Contains(body, `id="total-requests">共 1 项`) {
		t.Errorf("overdue total = %s (want 4), or the requests total is missing", total)
	}
	total, first, body := read("/admin/rectify?street=440604012&size=2")
	if total != "3" || len(first) != 2 || first[0] != "2026-11-24" {
		t.Errorf("祖庙 page 1 = %s %v, want 3 with the longest overdue (2026-11-24) first", total, first)
	}
	m := hrefOf("next").FindStringSubmatch(body)
	if m == nil || !strings.Contains(html.UnescapeString(m[1]), "street=440604012") {
		t.Fatalf("下一页 = %v, want the street kept", m)
	}
	if _, second, _ := read(html.UnescapeString(m[1])); len(second) != 1 || second[0] != "2026-11-26" {
		t.Errorf("page 2 = %v, want the last one (2026-11-26)", second)
	}
	if _, newest, _ := read("/admin/rectify?order=newest&size=1"); len(newest) != 1 || newest[0] != "2026-11-26" {
		t.Errorf("newest first = %v", newest)
	}
	if total, _, _ := func() (string, []string, string) { c = e.login("zumiao"); return read("/admin/rectify") }(); total != "3" {
		t.Errorf("祖庙's overdue total = %s, want 3", total)
	}
}

// TestBrowserRectifyList filters the overdue findings by street in the
// browser.
func TestBrowserRectifyList(t *testing.T) {
	e := newEnv(t, "sqlite")
	lateFindings(t, e, e.firms[2].ID, 2)
	ctx := browser(t, 20*time.Second)
	err := chromedp.Do(ctx,
		chromedp.Navigate(e.srv.URL+"/admin/login?next=/admin/rectify"),
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), "admin"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("#login")),
		chromedp.WaitVisible(chromedp.CSS("#overdue")),
		chromedp.SetValue(chromedp.CSS("#street"), "440604011"),
		chromedp.Click(chromedp.CSS("#apply")),
		chromedp.WaitReady(chromedp.CSS(`#street option[value="440604011"][selected]`)),
	)
	if err != nil {
		t.Fatalf("browser: rectify: %v", err)
	}
	total, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#total")))
	if err != nil {
		t.Fatalf("browser: read the total: %v", err)
	}
	if !strings.HasPrefix(total, "共 2 条") {
		t.Errorf("石湾's overdue total = %q, want 共 2 条", total)
	}
}
