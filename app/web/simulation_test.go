package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"selfcheck/app/simulate"
	"selfcheck/models/modelstest"
)

// saveSimulation runs a small district with the shipped parameters and
// saves its report and a two-point sweep where `selfcheck simulate --out`
// would, in the env's data directory.
func saveSimulation(t *testing.T, e *env) *simulate.Report {
	t.Helper()
	root := modelstest.Root(t)
	sc, err := os.ReadFile(filepath.Join(root, "templates", "scoring.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	sim, err := os.ReadFile(filepath.Join(root, "templates", "simulation.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	src := simulate.Sources{Scoring: sc, Simulation: sim}
	p, a, err := simulate.Load(src)
	if err != nil {
		t.Fatal(err)
	}
	r, err := simulate.Run(p, a, simulate.Options{Firms: 300, Months: 13, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, v any) {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(e.dataDir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("simulation.json", r)
	write("simulation-sweep.json", []simulate.SweepRow{
		{Key: "audit.rates.A", Value: 0.02, VisitsSaved: 0.7, Missed: 0.08, AUC: 0.86, LyingLoses: true},
		{Key: "audit.rates.A", Value: 0.04, VisitsSaved: 0.65, Missed: 0.06, AUC: 0.86, LyingLoses: true},
		{Key: "audit.rates.A", Value: 0.2, Err: "超出范围"},
	})
	return r
}

// TestSimulationPage shows the saved report: the four goals each marked,
// the charts with their hover values, the lying table, the sweep and the
// assumptions; a street user is refused.
func TestSimulationPage(t *testing.T) {
	e := newEnv(t, "sqlite")
	r := saveSimulation(t, e)
	status, body := e.get(e.login("admin"), "/admin/simulation")
	if status != http.StatusOK {
		t.Fatalf("GET /admin/simulation = %d: %.300s", status, body)
	}
	for _, want := range []string{
		`id="goal-visits"`, `id="goal-serious"`, `id="goal-auc"`, `id="goal-lying"`,
		`id="cause-chart"`, `id="grade-chart"`, `id="frontier-chart"`, "<title>第1月 A级",
		"参数无效：超出范围", "检查员检出率", "300家企业，13个月，种子5", `href="/admin/simulation" class="on"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if got, want := strings.Count(body, "达标</span>"), 4; got != want {
		t.Errorf("goals marked = %d, want %d", got, want)
	}
	for id, key := range map[string]string{"goal-visits": "visits", "goal-serious": "serious_visited", "goal-auc": "auc", "goal-lying": "lying_loses"} {
		row := body[strings.Index(body, `id="`+id+`"`):]
		row = row[:strings.Index(row, "</tr>")]
		if got := strings.Contains(row, "✔ 达标"); got != r.Met[key] {
			t.Errorf("%s marked met = %v, want the report's %v", id, got, r.Met[key])
		}
	}
	if status, _ := e.get(e.login("zumiao"), "/admin/simulation"); status != http.StatusForbidden {
		t.Errorf("street GET /admin/simulation = %d, want 403", status)
	}
}

// TestSimulationRunForm refuses a district beyond the page's bounds and
// sends a valid run to its own result.
func TestSimulationRunForm(t *testing.T) {
	e := newEnv(t, "sqlite")
	c := e.login("admin")
	token := e.csrf(c, "/admin/simulation")
	for _, tc := range []struct {
		name, firms, seed string
		status            int
	}{
		{"ErrTooMany", "20000", "1", http.StatusBadRequest},
		{"ErrSeed", "1000", "x", http.StatusBadRequest},
		{"OK", "500", "2", http.StatusSeeOther},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, loc, _ := e.post(c, "/admin/simulation", url.Values{"csrf_token": {token}, "firms": {tc.firms}, "seed": {tc.seed}})
			if status != tc.status {
				t.Fatalf("POST firms=%s seed=%s = %d, want %d", tc.firms, tc.seed, status, tc.status)
			}
			if tc.status == http.StatusSeeOther && loc != "/admin/simulation?firms=500&seed=2" {
				t.Errorf("redirect = %q", loc)
			}
		})
	}
}

// TestBrowserSimulation opens the page in headless Chromium and finds the
// four goals. SELFCHECK_SCREENSHOTS names a directory to keep a screenshot.
func TestBrowserSimulation(t *testing.T) {
	e := newEnv(t, "sqlite")
	saveSimulation(t, e)
	ctx := browser(t, 60*time.Second)
	err := chromedp.Do(ctx,
		chromedp.Navigate(e.srv.URL+"/admin/simulation"),
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), "admin"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("#login")),
		chromedp.WaitVisible(chromedp.CSS("#goals")),
	)
	if err != nil {
		t.Fatalf("browser: sign in and open the simulation: %v", err)
	}
	goals, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#goals")))
	if err != nil {
		t.Fatalf("browser: read the goals: %v", err)
	}
	for _, want := range []string{"检查次数", "严重违法企业12个月内检查到", "前瞻AUC", "说谎都吃亏"} {
		if !strings.Contains(goals, want) {
			t.Errorf("goals = %q, want %q", goals, want)
		}
	}
	if dir := os.Getenv("SELFCHECK_SCREENSHOTS"); dir != "" {
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("browser: screenshot: %v", err)
		}
		if err := os.WriteFile(filepath.Join(dir, "simulation.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
