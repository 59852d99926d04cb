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

// submitAnother submits firm's open self-check of the seeded campaign.
func submitAnother(t *testing.T, e *env, firm int64, at time.Time) {
	t.Helper()
	ctx := context.Background()
	a, err := e.store.OpenAssignment(ctx, firm, 0)
	if err != nil {
		t.Fatal(err)
	}
	yes := true
	e.store.Now = func() time.Time { return at }
	defer func() { e.store.Now = func() time.Time { return testNow } }()
	if err := e.store.SubmitAssignment(ctx, a.ID, []models.Answer{{ItemID: "GS-01", Value: "true", Compliant: &yes, AnsweredAt: at}}, nil); err != nil {
		t.Fatal(err)
	}
}

var (
	totalPattern = regexp.MustCompile(`id="total">共 <strong>(\d+)</strong>`)
	rowPattern   = regexp.MustCompile(`class="submission">(\d+)<`)
)

// TestReviewQueuePaging pages the review queue one row at a time: the total
// is shown, 下一页 keeps the street filter, the order can be reversed, and
// another street sees none of it.
func TestReviewQueuePaging(t *testing.T) {
	e := newEnv(t, "sqlite")
	seedWork(t, e)
	submitAnother(t, e, e.firms[1].ID, testNow.Add(time.Hour))
	c := e.login("admin")
	read := func(path string) (total string, rows []string, body string) {
		t.Helper()
		status, body := e.get(c, path)
		if status != http.StatusOK {
			t.Fatalf("GET %s = %d: %.500s", path, status, body)
		}
		if m := totalPattern.FindStringSubmatch(body); m != nil {
			total = m[1]
		}
		for _, m := range rowPattern.FindAllStringSubmatch(body, -1) {
			rows = append(rows, m[1])
		}
		return total, rows, body
	}
	total, first, body := read("/admin/review?street=440604012&size=1")
	if total != "2" || len(first) != 1 {
		t.Fatalf("page 1: total %q rows %v, want 2 and one row", total, first)
	}
	m := hrefOf("next").FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no 下一页 on page 1")
	}
	next := html.UnescapeString(m[1])
	if !strings.Contains(next, "street=440604012") || !strings.Contains(next, "size=1") || !strings.Contains(next, "page=2") {
		t.Errorf("下一页 = %q, want the filter kept", next)
	}
	_, second, _ := read(next)
	if len(second) != 1 || second[0] == first[0] {
		t.Errorf("page 2 rows = %v, want the other submission than %v", second, first)
	}
	_, newest, _ := read("/admin/review?street=440604012&size=1&order=newest")
	if len(newest) != 1 || newest[0] != second[0] {
		t.Errorf("newest first = %v, want %v", newest, second)
	}
	if total, _, _ := read("/admin/review?street=440604011"); total != "0" {
		t.Errorf("石湾's total = %q, want 0", total)
	}
	if status, _ := e.get(c, "/admin/review?from=2026-13-01"); status != http.StatusBadRequest {
		t.Errorf("bad date = %d, want 400", status)
	}
}

// TestBrowserReviewQueue filters the review queue in the browser and reads
// its total.
func TestBrowserReviewQueue(t *testing.T) {
	e := newEnv(t, "sqlite")
	seedWork(t, e)
	submitAnother(t, e, e.firms[1].ID, testNow.Add(time.Hour))
	ctx := browser(t, 20*time.Second)
	err := chromedp.Do(ctx,
		chromedp.Navigate(e.srv.URL+"/admin/login?next=/admin/review"),
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), "admin"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("#login")),
		chromedp.WaitVisible(chromedp.CSS("#review-queue")),
		chromedp.SetValue(chromedp.CSS("#order"), "newest"),
		chromedp.Click(chromedp.CSS("#apply")),
		chromedp.WaitReady(chromedp.CSS(`#order option[value="newest"][selected]`)),
	)
	if err != nil {
		t.Fatalf("browser: review queue: %v", err)
	}
	total, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#total")))
	if err != nil {
		t.Fatalf("browser: read the total: %v", err)
	}
	if !strings.HasPrefix(total, "共 2 条") {
		t.Errorf("total = %q, want 共 2 条", total)
	}
}
