package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserCampaignProgress reads a campaign's progress in the browser:
// its targets add up (待填报 + 已提交), the firms no notice can reach are
// counted, and the deadline is its last day.
func TestBrowserCampaignProgress(t *testing.T) {
	e := newEnv(t, "sqlite")
	ids := seedWork(t, e)
	ctx := browser(t, 20*time.Second)
	err := chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/admin/login?next=/admin/campaigns/%d", e.srv.URL, ids["/api/v1/campaigns/"])),
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), "admin"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("#login")),
		chromedp.WaitVisible(chromedp.CSS("#progress")),
	)
	if err != nil {
		t.Fatalf("browser: campaign: %v", err)
	}
	got := map[string]string{}
	for _, id := range []string{"p-targets", "p-pending", "p-submitted", "p-overdue", "p-unbound"} {
		v, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#"+id)))
		if err != nil {
			t.Fatalf("browser: read #%s: %v", id, err)
		}
		got[id] = strings.TrimSpace(v)
	}
	want := map[string]string{"p-targets": "2", "p-pending": "1", "p-submitted": "1", "p-overdue": "0", "p-unbound": "2"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("#%s = %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
	head, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main p")))
	if err != nil {
		t.Fatalf("browser: read the deadline: %v", err)
	}
	if strings.Contains(head, ":") {
		t.Errorf("campaign deadline %q shows a time of day, want the last day", head)
	}
}
