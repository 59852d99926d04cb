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

var reportRow = regexp.MustCompile(`class="report">([^<]+)<`)

// TestReportQueuePaging pages the report queue: total, 下一页 with the
// filters, the order and the deadline filter of the overview's tiles.
func TestReportQueuePaging(t *testing.T) {
	e := newEnv(t, "sqlite")
	seedWork(t, e)
	ctx := context.Background()
	r := &models.CitizenReport{Source: "chat", Category: "噪音扰民", Description: "夜间施工", Address: "石湾路2号", StreetCode: "440604011"}
	if err := e.store.CreateReport(ctx, r, nil, shanghai); err != nil {
		t.Fatal(err)
	}
	c := e.login("admin")
	read := func(path string) (string, []string, string) {
		t.Helper()
		status, body := e.get(c, path)
		if status != http.StatusOK {
			t.Fatalf("GET %s = %d: %.300s", path, status, body)
		}
		total := ""
		if m := totalPattern.FindStringSubmatch(body); m != nil {
			total = m[1]
		}
		var rows []string
		for _, m := range reportRow.FindAllStringSubmatch(body, -1) {
			rows = append(rows, m[1])
		}
		return total, rows, body
	}
	if total, _, _ := read("/admin/reports"); total != "3" {
		t.Errorf("all reports total = %q, want 3", total)
	}
	total, first, body := read("/admin/reports?street=440604012&size=1&order=oldest")
	if total != "2" || len(first) != 1 {
		t.Fatalf("祖庙 page 1 = %q %v, want 2 and one row", total, first)
	}
	m := hrefOf("next").FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no 下一页")
	}
	next := html.UnescapeString(m[1])
	if !strings.Contains(next, "street=440604012") || !strings.Contains(next, "order=oldest") {
		t.Errorf("下一页 = %q, want the filters kept", next)
	}
	if _, second, _ := read(next); len(second) != 1 || second[0] == first[0] {
		t.Errorf("page 2 = %v, want the other report than %v", second, first)
	}
	// The reports' deadlines are working days away: none is overdue.
	if total, _, _ := read("/admin/reports?due=overdue"); total != "0" {
		t.Errorf("overdue total = %q, want 0", total)
	}
	if status, _ := e.get(c, "/admin/reports?due=later"); status != http.StatusBadRequest {
		t.Errorf("unknown due = %d, want 400", status)
	}
	street := e.login("zumiao")
	if _, body := e.get(street, "/admin/reports"); !strings.Contains(body, `id="total">共 <strong>2</strong>`) {
		t.Errorf("祖庙's report total is not 2")
	}
}

// TestBrowserReportQueue filters the reports by street in the browser.
func TestBrowserReportQueue(t *testing.T) {
	e := newEnv(t, "sqlite")
	seedWork(t, e)
	ctx := browser(t, 20*time.Second)
	err := chromedp.Do(ctx,
		chromedp.Navigate(e.srv.URL+"/admin/login?next=/admin/reports"),
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), "admin"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("#login")),
		chromedp.WaitVisible(chromedp.CSS("#reports")),
		chromedp.SetValue(chromedp.CSS("#street"), "440604011"),
		chromedp.Click(chromedp.CSS("#apply")),
		chromedp.WaitReady(chromedp.CSS(`#street option[value="440604011"][selected]`)),
	)
	if err != nil {
		t.Fatalf("browser: report queue: %v", err)
	}
	total, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#total")))
	if err != nil {
		t.Fatalf("browser: read the total: %v", err)
	}
	if !strings.HasPrefix(total, "共 0 条") {
		t.Errorf("石湾's total = %q, want 共 0 条", total)
	}
}
