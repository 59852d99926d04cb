package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestVisitListWeeks splits the planned visits into this week's and next
// week's, each with its total, and keeps the week through paging.
func TestVisitListWeeks(t *testing.T) {
	e := newEnv(t, "sqlite")
	seedInspections(t, e)
	c := e.login("admin")
	total := func(path string) (int, string) {
		t.Helper()
		status, body := e.get(c, path)
		m := totalPattern.FindStringSubmatch(body)
		if status != http.StatusOK || m == nil {
			t.Fatalf("GET %s = %d, total %v: %.300s", path, status, m, body)
		}
		n, _ := strconv.Atoi(m[1])
		return n, body
	}
	all, _ := total("/admin/visits")
	this, _ := total("/admin/visits?week=this")
	next, _ := total("/admin/visits?week=next")
	if all == 0 || this+next != all {
		t.Errorf("visits: all %d, this week %d, next week %d; want this+next = all > 0", all, this, next)
	}
	if all > 1 {
		_, body := total("/admin/visits?week=next&size=1")
		if m := hrefOf("next").FindStringSubmatch(body); next > 1 && (m == nil || !strings.Contains(m[1], "week=next")) {
			t.Errorf("下一页 of next week = %v, want week=next kept", m)
		}
	}
	if status, _ := e.get(c, "/admin/visits?week=later"); status != http.StatusBadRequest {
		t.Errorf("unknown week = %d, want 400", status)
	}
	if done, _ := total("/admin/visits?status=done"); done != 0 {
		t.Errorf("done visits = %d, want 0", done)
	}
}

// TestBrowserVisitList picks this week's visits in the browser.
func TestBrowserVisitList(t *testing.T) {
	e := newEnv(t, "sqlite")
	seedInspections(t, e)
	ctx := browser(t, 20*time.Second)
	err := chromedp.Do(ctx,
		chromedp.Navigate(e.srv.URL+"/admin/login?next=/admin/visits"),
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), "admin"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("#login")),
		chromedp.WaitVisible(chromedp.CSS("#visits")),
		chromedp.SetValue(chromedp.CSS("#week"), "this"),
		chromedp.Click(chromedp.CSS("#apply")),
		chromedp.WaitReady(chromedp.CSS(`#week option[value="this"][selected]`)),
	)
	if err != nil {
		t.Fatalf("browser: visits: %v", err)
	}
	total, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#total")))
	if err != nil {
		t.Fatalf("browser: read the total: %v", err)
	}
	if !strings.HasPrefix(total, "共 ") {
		t.Errorf("total = %q, want 共 N 条", total)
	}
}
