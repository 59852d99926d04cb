package web_test

import (
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/crypto/bcrypt"

	"selfcheck/app/regulator"
	"selfcheck/app/web"
	"selfcheck/bot"
	"selfcheck/models"
	"selfcheck/models/modelstest"
	"selfcheck/models/questionnaire"
	"selfcheck/scoring"
)

func TestMain(m *testing.M) {
	// Hashing at bcrypt's default cost dominates the suite under -race.
	models.PasswordCost = bcrypt.MinCost
	code := m.Run()
	modelstest.DropTemplates()
	os.Exit(code)
}

// testNow is the pinned clock of every test.
var testNow = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

var shanghai, _ = time.LoadLocation("Asia/Shanghai")

// testCredit is the credit model with the default parameters, as app wires
// it with the stored ones.
type testCredit struct{ p scoring.Params }

func (c testCredit) Scorer() models.Scorer {
	return func(e *models.Enterprise, ledger []models.CreditEvent, at time.Time) models.ScoreResult {
		r := c.Score(ledger, at)
		return models.ScoreResult{Raw: r.Raw, Shown: r.Shown, Grade: string(r.Grade), Decision: string(r.Decision.Mode), ParamsID: 1, Explanation: "{}"}
	}
}

func (c testCredit) Score(ledger []models.CreditEvent, at time.Time) scoring.Result {
	evs := make([]scoring.Event, len(ledger))
	for i, l := range ledger {
		evs[i] = scoring.Event{ID: l.ID, Kind: scoring.Kind(l.Kind), Severity: scoring.Severity(l.Severity), Points: l.Points,
			Occurred: l.OccurredAt, Expires: l.ExpiresAt, Rule: l.Rule, Source: scoring.Source{Type: l.SourceType, ID: l.SourceID}}
	}
	return scoring.Score(c.p, evs, at.In(shanghai))
}

func (c testCredit) Penalty(id int64, sev scoring.Severity, at time.Time) (models.CreditEvent, error) {
	pts, exp, rule, err := c.p.Points(scoring.KindPenalty, sev, at)
	return models.CreditEvent{EnterpriseID: id, Kind: string(scoring.KindPenalty), Severity: string(sev), Points: pts,
		OccurredAt: at, ExpiresAt: exp, Rule: rule, ParamsID: 1}, err
}

func (c testCredit) Repair(id int64, points decimal.Decimal, at time.Time) (models.CreditEvent, error) {
	pts, exp, rule, err := c.p.RepairPoints(points, at)
	return models.CreditEvent{EnterpriseID: id, Kind: string(scoring.KindCreditRepair), Points: pts,
		OccurredAt: at, ExpiresAt: exp, Rule: rule, ParamsID: 1}, err
}

// env is a running dashboard on a fresh database with three firms in two
// streets and one user per role, each with password testPassword.
type env struct {
	t     *testing.T
	store *models.Store
	srv   *httptest.Server
	web   *web.Server
	reg   *regulator.Service
	// dataDir holds the stored photos.
	dataDir string
	firms   []*models.Enterprise
	credit  testCredit
}

const testPassword = "correct-horse-9"

func newEnv(t *testing.T, dialect string) *env {
	t.Helper()
	ctx := context.Background()
	s := modelstest.Open(t, dialect)
	s.Now = func() time.Time { return testNow }
	e := &env{t: t, store: s, credit: testCredit{scoring.DefaultParams()}}
	names := []struct{ name, street, grid, industry string }{
		{"佛山市禅城区红棉餐厅", "440604012", "440604012001", "H6210"},
		{"佛山市禅城区绿叶陶瓷有限公司", "440604012", "440604012002", "C3071"},
		{"佛山市石湾红棉酒家", "440604011", "", "H6210"},
	}
	for _, n := range names {
		f := modelstest.Enterprise(t, s, func(x *models.Enterprise) {
			x.Name, x.StreetCode, x.GridCode, x.IndustryCode = n.name, n.street, n.grid, n.industry
		})
		if _, err := s.Rescore(ctx, f.ID, e.credit.Scorer()); err != nil {
			t.Fatal(err)
		}
		e.firms = append(e.firms, f)
	}
	for _, u := range []models.User{
		{Username: "admin", Name: "管理员", Role: models.RoleAdmin},
		{Username: "zumiao", Name: "祖庙街道", Role: models.RoleStreet, Scope: "440604012"},
		{Username: "fire", Name: "消防", Role: models.RoleDepartment, Scope: "xfjy"},
	} {
		if err := u.SetPassword(testPassword); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateUser(ctx, &u, "test"); err != nil {
			t.Fatal(err)
		}
	}
	// Certified inspectors of every department, for the plans to draw.
	var people []models.Inspector
	for _, d := range []string{"市场监管", "消防救援", "应急管理", "住房城乡建设", "生态环境", "卫生健康"} {
		for i := range 3 {
			people = append(people, models.Inspector{Name: d + "执法员", Department: d, CertNo: d + string(rune('A'+i)), Active: true})
		}
	}
	if err := s.AddInspectors(ctx, people); err != nil {
		t.Fatal(err)
	}
	root := modelstest.Root(t)
	assets := os.DirFS(filepath.Join(root, "templates"))
	e.dataDir = t.TempDir()
	e.reg = newRegulator(t, s, assets, e.dataDir)
	w, err := web.New(web.Deps{Store: s, District: modelstest.District(t), Regulator: e.reg,
		Assets: assets, Location: shanghai, Now: func() time.Time { return testNow }, FeedSettle: -1,
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")},
		Simulation:     web.SimulationOptions{Report: filepath.Join(e.dataDir, "simulation.json"), Sweep: filepath.Join(e.dataDir, "simulation-sweep.json")}})
	if err != nil {
		t.Fatal(err)
	}
	e.web = w
	e.srv = httptest.NewServer(w.Handler())
	t.Cleanup(e.srv.Close)
	return e
}

// newRegulator builds the real workflows on the test store, with the
// shipped checklist, departments, calendar and scoring parameters; notices
// go nowhere.
func newRegulator(t *testing.T, s *models.Store, assets fs.FS, dataDir string) *regulator.Service {
	t.Helper()
	tpls, err := questionnaire.LoadDir(assets, "questionnaires")
	if err != nil {
		t.Fatal(err)
	}
	var checklist *questionnaire.Template
	for _, tp := range tpls {
		if tp.Slug == "enterprise" {
			checklist = tp
		}
	}
	depts, err := regulator.LoadDepartments(assets, "departments.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cal, err := models.LoadCalendar(assets, "holidays.yaml", shanghai)
	if err != nil {
		t.Fatal(err)
	}
	credit, err := regulator.LoadCredit(context.Background(), s, assets, shanghai, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	reg, err := regulator.New(regulator.Config{Store: s, District: modelstest.District(t), Calendar: cal, Checklist: checklist,
		Departments: depts, Credit: credit, Location: shanghai, DataDir: dataDir,
		Outbox: func(context.Context, *models.Store, ...bot.Notice) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	reg.Now = func() time.Time { return testNow }
	return reg
}

// client returns an HTTP client with its own cookie jar that does not follow
// redirects.
func (e *env) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

var csrfPattern = regexp.MustCompile(`name="csrf_token" value="([0-9a-f]+)"`)

// get fetches path and returns the status and body.
func (e *env) get(c *http.Client, path string) (int, string) {
	e.t.Helper()
	resp, err := c.Get(e.srv.URL + path)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// csrf returns the CSRF token of the form on path.
func (e *env) csrf(c *http.Client, path string) string {
	e.t.Helper()
	_, body := e.get(c, path)
	m := csrfPattern.FindStringSubmatch(body)
	if m == nil {
		e.t.Fatalf("no CSRF token on %s", path)
	}
	return m[1]
}

// post submits a form and returns the status, Location and body.
func (e *env) post(c *http.Client, path string, form url.Values) (int, string, string) {
	e.t.Helper()
	resp, err := c.PostForm(e.srv.URL+path, form)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

// login signs a new client in as username.
func (e *env) login(username string) *http.Client {
	e.t.Helper()
	c := e.client()
	token := e.csrf(c, "/admin/login")
	status, loc, body := e.post(c, "/admin/login", url.Values{"csrf_token": {token}, "username": {username}, "password": {testPassword}})
	if status != http.StatusSeeOther || (loc != "/admin/ranking" && loc != "/admin/visits") {
		e.t.Fatalf("login %s = %d %q %.200s", username, status, loc, body)
	}
	return c
}

// token issues an API token for username.
func (e *env) token(username string) string {
	e.t.Helper()
	u, err := e.store.UserByUsername(context.Background(), username)
	if err != nil {
		e.t.Fatal(err)
	}
	tok, err := e.store.CreateAPIToken(context.Background(), u.ID, "test", "test")
	if err != nil {
		e.t.Fatal(err)
	}
	return tok
}

// api calls the JSON API with a token and decodes the answer into out.
func (e *env) api(token, method, path, body string, out any) int {
	e.t.Helper()
	req, _ := http.NewRequest(method, e.srv.URL+path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil && strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(b, out); err != nil {
			e.t.Fatalf("%s %s: decode %q: %v", method, path, b, err)
		}
	}
	return resp.StatusCode
}
