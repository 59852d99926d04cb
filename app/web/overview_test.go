package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"selfcheck/models"
	"selfcheck/scoring"
)

// TestOverviewScope reads the 首页 of each role: the submission waiting in
// 祖庙 counts for the admin and the 祖庙 street, not for 石湾's.
func TestOverviewScope(t *testing.T) {
	e := newEnv(t, "sqlite")
	seedWork(t, e)
	if err := e.store.CreateUser(t.Context(), streetUser(t, "shiwan", "440604011"), "test"); err != nil {
		t.Fatal(err)
	}
	tile := regexp.MustCompile(`id="t-review"[^>]*><strong>(\d+)</strong>`)
	for _, tc := range []struct{ user, want string }{{"admin", "1"}, {"zumiao", "1"}, {"shiwan", "0"}, {"fire", "1"}} {
		c := e.login(tc.user)
		status, body := e.get(c, "/admin/")
		m := tile.FindStringSubmatch(body)
		if status != http.StatusOK || m == nil || m[1] != tc.want {
			t.Errorf("GET /admin/ as %s = %d, review tile %v, want %s", tc.user, status, m, tc.want)
		}
	}
}

// TestBrowserOverview signs in, lands on the 首页 and follows its links:
// the review tile to the waiting submissions, a grade to its ranking.
func TestBrowserOverview(t *testing.T) {
	e := newEnv(t, "sqlite")
	seedWork(t, e)
	ctx := browser(t, 20*time.Second)
	err := chromedp.Do(ctx,
		chromedp.Navigate(e.srv.URL+"/admin/login"),
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), "admin"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("#login")),
		chromedp.WaitVisible(chromedp.CSS("#attention")),
	)
	if err != nil {
		t.Fatalf("browser: sign in to the overview: %v", err)
	}
	review, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#t-review")))
	if err != nil {
		t.Fatalf("browser: read the review tile: %v", err)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#g-A")),
		chromedp.WaitReady(chromedp.CSS(`#grade option[value="A"][selected]`)),
	)
	if err != nil {
		t.Fatalf("browser: follow the A grade: %v", err)
	}
	rows, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#ranking tbody")))
	if err != nil {
		t.Fatalf("browser: read the ranking: %v", err)
	}
	if !strings.Contains(review, "1份填报待审核") {
		t.Errorf("review tile = %q, want 1 waiting", review)
	}
	if !strings.Contains(rows, "没有符合条件的企业") {
		t.Errorf("A-grade ranking = %q, want none (every test firm is B)", rows)
	}
}

// streetUser returns a street user of street with the test password.
func streetUser(t *testing.T, username, street string) *models.User {
	t.Helper()
	u := &models.User{Username: username, Name: username, Role: models.RoleStreet, Scope: street}
	if err := u.SetPassword(testPassword); err != nil {
		t.Fatal(err)
	}
	return u
}

// TestOverviewTrend compares the grades with the snapshots of 30 days ago:
// without old snapshots it says so; with one (a penalty scored 40 days
// ago) it shows the change of each grade.
func TestOverviewTrend(t *testing.T) {
	e := newEnv(t, "sqlite")
	c := e.login("admin")
	if _, body := e.get(c, "/admin/"); !strings.Contains(body, "暂无历史") {
		t.Errorf("overview without old snapshots does not say so")
	}
	e2 := newEnv(t, "sqlite")
	then := testNow.AddDate(0, 0, -40)
	ev, err := e2.credit.Penalty(e2.firms[0].ID, scoring.SeveritySerious, then)
	if err != nil {
		t.Fatal(err)
	}
	e2.store.Now = func() time.Time { return then }
	if err := e2.store.AppendAndRescore(t.Context(), []models.CreditEvent{ev}, e2.credit.Scorer()); err != nil {
		t.Fatal(err)
	}
	e2.store.Now = func() time.Time { return testNow }
	_, body := e2.get(e2.login("admin"), "/admin/")
	if strings.Contains(body, "暂无历史") || !strings.Contains(body, "持平") {
		t.Errorf("overview with a snapshot of 40 days ago shows no change column:\n%.3000s", body)
	}
}
