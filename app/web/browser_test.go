package web_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
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

// TestBrowser signs in with headless Chromium, filters the ranking, opens a
// firm and reads its score explanation. The browser may reach only the test
// server on 127.0.0.1.
func TestBrowser(t *testing.T) {
	e := newEnv(t, "sqlite")
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
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	defer cancelTimeout()

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
	if !strings.Contains(explanation, "基础分") || !strings.Contains(explanation, "+700.00") {
		t.Errorf("explanation = %q, want the base line", explanation)
	}
}
