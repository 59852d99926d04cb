package web_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"selfcheck/scoring"
)

// chromeBin returns CHROME_BIN or Debian's chromium; make test installs it.
func chromeBin(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv("CHROME_BIN"); bin != "" {
		return bin
	}
	if bin, err := exec.LookPath("chromium"); err == nil {
		return bin
	}
	t.Fatal("chromium not found: run make test (it installs Debian's chromium) or set CHROME_BIN")
	return ""
}

// browser starts headless Chromium as root may run it, allowed to reach only
// the test server on 127.0.0.1, and returns a context that drives it until the
// test ends or timeout passes.
func browser(t *testing.T, timeout time.Duration, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromeBin(t)),
		chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(opts, extra...)...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, timeout)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	return ctx
}

// TestBrowser signs in with headless Chromium, filters the ranking, opens a
// firm and reads its score explanation. The browser may reach only the test
// server on 127.0.0.1.
func TestBrowser(t *testing.T) {
	e := newEnv(t, "sqlite")
	ctx := browser(t, 60*time.Second)

	err := chromedp.Do(ctx,
		chromedp.Navigate(e.srv.URL+"/admin/ranking"),
		// Not signed in: the dashboard sends the browser to the login page.
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), "admin"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("#login")),
		chromedp.WaitVisible(chromedp.CSS("#ranking")),
		chromedp.SendKeys(chromedp.CSS("#q"), "绿叶"),
		chromedp.Click(chromedp.CSS("#apply")),
		// The unfiltered page may list the firm too: wait for the filtered
		// page itself, whose search box the server filled in (typing sets
		// the box's value, not its attribute), before reading its first row.
		chromedp.WaitVisible(chromedp.CSS(`#q[value="绿叶"]`)),
		chromedp.WaitVisible(chromedp.Search(`//table[@id="ranking"]//a[contains(., "绿叶陶瓷")]`)),
	)
	if err != nil {
		t.Fatalf("browser: sign in and filter: %v", err)
	}
	link, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("#ranking a.firm"), "href"))
	if err != nil {
		t.Fatalf("browser: read the firm link: %v", err)
	}
	firmURL := link.Value
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#ranking a.firm")), chromedp.WaitVisible(chromedp.CSS("#explanation"))); err != nil {
		t.Fatalf("browser: open the firm: %v", err)
	}
	explanation, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#explanation")))
	if err != nil {
		t.Fatalf("browser: read the explanation: %v", err)
	}
	title, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
	if err != nil {
		t.Fatalf("browser: read the title: %v", err)
	}
	if !strings.HasPrefix(firmURL, "/admin/enterprises/") || !strings.Contains(title, "绿叶陶瓷") {
		t.Errorf("opened %q titled %q, want the ceramics firm", firmURL, title)
	}
	if !strings.Contains(explanation, "基础分") || !strings.Contains(explanation, "+"+scoring.DefaultParams().Base.StringFixed(2)) {
		t.Errorf("explanation = %q, want the base line", explanation)
	}
}

// TestBrowserInspectionPhone creates an inspection order, runs the plan and
// records an on-site result on a phone-sized viewport, as an inspector does
// at the firm's door.
func TestBrowserInspectionPhone(t *testing.T) {
	e := newEnv(t, "sqlite")
	ctx := browser(t, 90*time.Second, chromedp.WindowSize(390, 844))

	firm := e.firms[0]
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(3)),
		chromedp.Navigate(e.srv.URL+"/admin/orders"),
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), "admin"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("#login")),
		chromedp.WaitVisible(chromedp.CSS("#order-form")),
		chromedp.SetValue(chromedp.CSS("#department"), "市场监管"),
		chromedp.SendKeys(chromedp.CSS("#targets"), firm.USCC),
		chromedp.Click(chromedp.Search(`//details[.//input[@id="item-FD-01"]]/summary`)),
		chromedp.Click(chromedp.CSS("#item-FD-01")),
		chromedp.Click(chromedp.CSS("#create-order")),
		chromedp.WaitVisible(chromedp.CSS("#order-notice")),
		chromedp.Navigate(e.srv.URL+"/admin/plans"),
		chromedp.WaitVisible(chromedp.CSS("#plan-form")),
		chromedp.SendKeys(chromedp.CSS("#seed"), "20261127"),
		chromedp.Click(chromedp.CSS("#run-plan")),
		chromedp.WaitVisible(chromedp.CSS("#plan-seed")),
	)
	if err != nil {
		t.Fatalf("browser: order and plan: %v", err)
	}
	if seed, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#plan-seed"))); err != nil || seed != "20261127" {
		t.Fatalf("plan seed = %q, %v", seed, err)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("a.record")),
		chromedp.WaitVisible(chromedp.CSS("#onsite-form")),
		chromedp.Click(chromedp.CSS("#bad-FD-01")),
		chromedp.SetValue(chromedp.CSS("#sev-FD-01"), "严重"),
		chromedp.SendKeys(chromedp.CSS("#note-FD-01"), "无证经营"),
		chromedp.Click(chromedp.CSS("#record")),
		chromedp.WaitVisible(chromedp.CSS("#onsite-notice")),
	)
	if err != nil {
		t.Fatalf("browser: record on site: %v", err)
	}
	results, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#results")))
	if err != nil {
		t.Fatalf("browser: read the results: %v", err)
	}
	width, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.clientWidth`))
	if err != nil {
		t.Fatalf("browser: read the width: %v", err)
	}
	if !strings.Contains(results, "隐患（严重）") || !strings.Contains(results, "无证经营") {
		t.Errorf("results = %q, want the violation", results)
	}
	if width > 400 {
		t.Errorf("viewport width %d, want a phone", width)
	}
}

// TestBrowserCampaignAndReport creates a themed campaign pushed at once and
// reads its progress, then dispatches a citizen report as a 无主部件 to the
// fallback department.
func TestBrowserCampaignAndReport(t *testing.T) {
	e := newEnv(t, "sqlite")
	ids := seedWork(t, e)
	ctx := browser(t, 60*time.Second)

	err := chromedp.Do(ctx,
		chromedp.Navigate(e.srv.URL+"/admin/campaigns"),
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), "admin"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("#login")),
		chromedp.WaitVisible(chromedp.CSS("#campaign-form")),
		chromedp.SendKeys(chromedp.CSS("#campaign-name"), "全区燃气安全自查"),
		chromedp.Click(chromedp.CSS(`input[name="themes"][value="燃气安全"]`)),
		chromedp.Click(chromedp.CSS("#campaign-create")),
		chromedp.WaitVisible(chromedp.CSS("#progress")),
	)
	if err != nil {
		t.Fatalf("browser: create a campaign: %v", err)
	}
	targets, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#p-targets")))
	if err != nil || targets != "3" {
		t.Errorf("campaign targets = %q, %v; want all 3 firms", targets, err)
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/admin/reports/%d", e.srv.URL, ids["/api/v1/reports/"])),
		chromedp.WaitVisible(chromedp.CSS("#duplicates")),
		chromedp.Click(chromedp.CSS("#ownerless")),
		chromedp.Click(chromedp.CSS("#dispatch")),
		chromedp.WaitVisible(chromedp.CSS(".notice")),
	)
	if err != nil {
		t.Fatalf("browser: dispatch the report: %v", err)
	}
	dept, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#report-department")))
	if err != nil || dept != "城管" {
		t.Errorf("report department = %q, %v; want the fallback 城管", dept, err)
	}
}

// TestBrowserUsers adds a street user on the users page, reads its one-time
// password and disables it.
func TestBrowserUsers(t *testing.T) {
	e := newEnv(t, "sqlite")
	ctx := browser(t, 60*time.Second)

	err := chromedp.Do(ctx,
		chromedp.Navigate(e.srv.URL+"/admin/users"),
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), "admin"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("#login")),
		chromedp.WaitVisible(chromedp.CSS("#user-form")),
		chromedp.SendKeys(chromedp.CSS("#user-username"), "shiwan"),
		chromedp.SendKeys(chromedp.CSS("#user-name"), "石湾镇街道"),
		chromedp.SetValue(chromedp.CSS("#user-role"), "street"),
		chromedp.SetValue(chromedp.CSS("#user-scope"), "440604011"),
		chromedp.Click(chromedp.CSS("#user-create")),
		chromedp.WaitVisible(chromedp.CSS("#secret")),
	)
	if err != nil {
		t.Fatalf("browser: add a user: %v", err)
	}
	secret, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#secret")))
	if err != nil || len(secret) != 16 {
		t.Fatalf("one-time password = %q, %v", secret, err)
	}
	if _, err := e.store.Authenticate(context.Background(), "shiwan", secret, "192.0.2.9"); err != nil {
		t.Errorf("sign-in with the shown password = %v", err)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`tr[data-user="shiwan"] button.disable`)),
		chromedp.WaitVisible(chromedp.CSS(`tr[data-user="shiwan"] .status-disabled`)),
	)
	if err != nil {
		t.Fatalf("browser: disable the user: %v", err)
	}
}
