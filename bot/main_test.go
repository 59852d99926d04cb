package bot

import (
	"context"
	"flag"
	"os"
	"testing"
	"time"

	"selfcheck/bot/wechatsim"
	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// update rewrites the golden transcripts under testdata.
var update = flag.Bool("update", false, "rewrite testdata/*.golden")

const (
	testAppID  = "wxtest000000000001"
	testSecret = "test-secret"
	testToken  = "testtoken"
	// testAESKey is a 43-character EncodingAESKey.
	testAESKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
)

// testNow is the pinned clock of the conversation tests.
var testNow = time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)

func TestMain(m *testing.M) {
	flag.Parse()
	if os.Getenv(childEnv) != "" {
		// A re-executed copy of this binary runs the outbox drain loop, to
		// be killed with SIGKILL (outbox_kill_test.go).
		os.Exit(runOutboxChild())
	}
	// Every test starts its own stand-in (newSim) and addresses it through
	// its API base, so no state of WeChat's survives from one test to the
	// next; the process-wide client only needs timeouts.
	client, err := NewHTTPClient("", 5*time.Second)
	if err != nil {
		panic(err)
	}
	InstallHTTPClient(client)
	code := m.Run()
	modelstest.DropTemplates()
	os.Exit(code)
}

// newSim starts a strict stand-in WeChat API of the test's own, stopped at
// its end, that knows the shipped templates (templates/wechat_templates.yaml).
func newSim(tb testing.TB) *wechatsim.Server {
	tb.Helper()
	sim := wechatsim.New(testAppID, testSecret).Start()
	tb.Cleanup(sim.Close)
	sim.AddTemplate(simTemplates(testTemplates(tb))...)
	return sim
}

// simTemplates are the account's templates as ts declares them.
func simTemplates(ts Templates) []wechatsim.Template {
	var out []wechatsim.Template
	seen := map[string]bool{}
	for _, spec := range ts {
		if seen[spec.ID] {
			continue
		}
		seen[spec.ID] = true
		t := wechatsim.Template{ID: spec.ID}
		for k := range spec.Fields {
			t.Keywords = append(t.Keywords, k)
		}
		out = append(out, t)
	}
	return out
}

// newTestBot returns a Bot on s with the shipped texts and district and the
// clock pinned at *now, calling a stand-in of its own.
func newTestBot(t testing.TB, s *models.Store, now *time.Time) *Bot {
	t.Helper()
	return newTestBotOn(t, newSim(t), s, now)
}

// newTestBotOn is newTestBot calling the stand-in sim.
func newTestBotOn(t testing.TB, sim *wechatsim.Server, s *models.Store, now *time.Time) *Bot {
	t.Helper()
	fsys := os.DirFS("../templates")
	d, err := models.LoadDistrict(fsys, "district.yaml")
	if err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	cal, err := models.LoadCalendar(fsys, "holidays.yaml", loc)
	if err != nil {
		t.Fatal(err)
	}
	b := New(Config{AppID: testAppID, AppSecret: testSecret, Token: testToken, AESKey: testAESKey,
		APIBase: sim.URL, Location: loc, District: d, Calendar: cal}, s, fsys)
	b.Now = func() time.Time { return *now }
	s.Now = func() time.Time { return *now }
	// A loaded machine may take longer than WeChat's budget; tests of
	// what happens past it set the budget back themselves.
	b.batch.wait = time.Minute
	return b
}

// fixture is a firm with a bind code and a pending self-check of mini.yaml.
type fixture struct {
	firm       *models.Enterprise
	code       string
	assignment int64
}

func newFixture(t testing.TB, s *models.Store) fixture {
	t.Helper()
	ctx := context.Background()
	e := modelstest.Enterprise(t, s, func(e *models.Enterprise) { e.USCC = "91440604MA4C7WUW3J"; e.Name = "佛山市禅城区一品餐厅" })
	code, err := s.CreateBindCode(ctx, e.ID, 72*time.Hour, "test")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("testdata/mini.yaml")
	if err != nil {
		t.Fatal(err)
	}
	v, _, err := s.SaveQuestionnaire(ctx, "mini", "测试自查清单", "enterprise", src, "test")
	if err != nil {
		t.Fatal(err)
	}
	now := s.Now().UTC()
	due := now.AddDate(0, 0, 14)
	c := models.Campaign{Name: "2026年11月消防安全专项自查", VersionID: v.ID, Audience: "enterprise", Filter: "{}", DeadlineDays: 10,
		Status: "pushed", CreatedAt: now, UpdatedAt: now}
	if err := s.DB().Create(&c).Error; err != nil {
		t.Fatal(err)
	}
	a := models.Assignment{CampaignID: c.ID, VersionID: v.ID, EnterpriseID: &e.ID, Status: models.AssignmentPending,
		DueAt: &due, CreatedAt: now, UpdatedAt: now}
	if err := s.DB().Create(&a).Error; err != nil {
		t.Fatal(err)
	}
	return fixture{firm: e, code: code, assignment: a.ID}
}

// addTask gives the fixture's firm a second open self-check, of
// testdata/gas.yaml, due at the end of 2026-12-04 (a Friday) in the
// service's time zone.
func addTask(t testing.TB, s *models.Store, fx fixture) int64 {
	t.Helper()
	ctx := context.Background()
	src, err := os.ReadFile("testdata/gas.yaml")
	if err != nil {
		t.Fatal(err)
	}
	v, _, err := s.SaveQuestionnaire(ctx, "gas", "燃气安全自查清单", "enterprise", src, "test")
	if err != nil {
		t.Fatal(err)
	}
	now := s.Now().UTC()
	// Midnight after the last day, as demo campaigns store their deadline.
	due := time.Date(2026, 12, 4, 16, 0, 0, 0, time.UTC)
	c := models.Campaign{Name: "2026年12月燃气安全专项自查", VersionID: v.ID, Audience: "enterprise", Filter: "{}",
		DeadlineDays: 5, Status: "pushed", CreatedAt: now, UpdatedAt: now}
	if err := s.DB().Create(&c).Error; err != nil {
		t.Fatal(err)
	}
	a := models.Assignment{CampaignID: c.ID, VersionID: v.ID, EnterpriseID: &fx.firm.ID, Status: models.AssignmentPending,
		DueAt: &due, CreatedAt: now, UpdatedAt: now}
	if err := s.DB().Create(&a).Error; err != nil {
		t.Fatal(err)
	}
	return a.ID
}
