package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"selfcheck/models"
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
