package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"selfcheck/app/regulator"
	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// Streets of the authorization fixture: every record the matrix calls a
// route on is in streetIn and belongs to the fire department (消防救援, its
// items FS-*).
const (
	streetIn  = "440604012"
	streetOut = "440604011"
)

// world is the authorization fixture: one record of every kind in scope of
// the "in" users, and a few records out of scope for the named cases.
type world struct {
	e *env
	// ids of the records, by name.
	ids map[string]int64
	// inspector is the roster id of an inspector drawn for the visit.
	inspector string
}

// newWorld builds the fixture on a fresh env: users of every role and
// scope, a campaign with a submission, a household submission, reports, an
// order, a plan with a visit, a finding with a fix report and a deferral
// request, and photos.
func newWorld(t *testing.T, dialect string) *world {
	t.Helper()
	e := newEnv(t, dialect)
	ctx := context.Background()
	w := &world{e: e, ids: map[string]int64{}}
	admin := &models.User{Username: "admin", Role: models.RoleAdmin}
	for _, u := range []models.User{
		{Username: "shiwan", Name: "石湾镇街道", Role: models.RoleStreet, Scope: streetOut},
		{Username: "market", Name: "市场监管", Role: models.RoleDepartment, Scope: "scjg"},
	} {
		if err := u.SetPassword(testPassword); err != nil {
			t.Fatal(err)
		}
		if err := e.store.CreateUser(ctx, &u, "test"); err != nil {
			t.Fatal(err)
		}
	}
	fire, err := e.store.UserByUsername(ctx, "fire")
	if err != nil {
		t.Fatal(err)
	}

	// A campaign of the fire department aimed at streetIn, pushed, with one
	// submission of firms[0] answering fire items only.
	src, err := os.ReadFile(filepath.Join(modelstest.Root(t), "templates", "questionnaires", "enterprise.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	v, _, err := e.store.SaveQuestionnaire(ctx, "enterprise", "企业自查", "enterprise", src, "test")
	if err != nil {
		t.Fatal(err)
	}
	c := &models.Campaign{Name: "消防安全专项自查", VersionID: v.ID, Audience: "enterprise", DeadlineDays: 10, CreatedBy: fire.Username}
	if err := e.store.CreateCampaign(ctx, c, models.CampaignTarget{Streets: []string{streetIn}}, []string{"消防安全"}); err != nil {
		t.Fatal(err)
	}
	w.ids["campaign"] = c.ID
	if _, err := e.reg.PushCampaign(ctx, admin, c.ID); err != nil {
		t.Fatal(err)
	}
	no, yes := false, true
	w.ids["submission"] = w.submit(e.firms[0].ID, 0, []models.Answer{
		{ItemID: "FS-01", Value: "true", Compliant: &yes, AnsweredAt: testNow},
		{ItemID: "FS-02", Value: "false", Compliant: &no, AnsweredAt: testNow},
	}, []models.Finding{{EnterpriseID: e.firms[0].ID, ItemID: "FS-02", Severity: "一般", Description: "疏散通道堆放杂物", DeadlineAt: testNow.AddDate(0, 0, 14)}})
	// firms[1] answers a fire item and a market item (FD-01).
	w.ids["mixed"] = w.submit(e.firms[1].ID, 0, []models.Answer{
		{ItemID: "FS-01", Value: "true", Compliant: &yes, AnsweredAt: testNow},
		{ItemID: "FD-01", Value: "秘方卤水配方", Compliant: &yes, AnsweredAt: testNow},
	}, nil)

	// An admin's draft aimed at streetOut.
	other := &models.Campaign{Name: "石湾燃气自查", VersionID: v.ID, Audience: "enterprise", DeadlineDays: 10, CreatedBy: "admin"}
	if err := e.store.CreateCampaign(ctx, other, models.CampaignTarget{Streets: []string{streetOut}}, nil); err != nil {
		t.Fatal(err)
	}
	w.ids["campaignOut"] = other.ID

	// A citizen of streetIn answers a household self-check.
	citizen, err := e.store.EnsureWechatUser(ctx, "o-citizen-1")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.store.SetWechatUserArea(ctx, citizen.ID, streetIn, "440604012001"); err != nil {
		t.Fatal(err)
	}
	hsrc, err := os.ReadFile(filepath.Join(modelstest.Root(t), "templates", "questionnaires", "household.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	hv, _, err := e.store.SaveQuestionnaire(ctx, "household", "居民自查", "household", hsrc, "test")
	if err != nil {
		t.Fatal(err)
	}
	hc := &models.Campaign{Name: "居民燃气自查", VersionID: hv.ID, Audience: "household", DeadlineDays: 10, CreatedBy: "zumiao", Status: models.CampaignPushed}
	if err := e.store.CreateCampaign(ctx, hc, models.CampaignTarget{Streets: []string{streetIn}}, nil); err != nil {
		t.Fatal(err)
	}
	if err := e.store.InsertAssignments(ctx, hc, []int64{citizen.ID}, testNow.AddDate(0, 0, 10)); err != nil {
		t.Fatal(err)
	}
	w.ids["household"] = w.submit(0, citizen.ID, []models.Answer{
		{ItemID: "vulnerable", Value: "\"独居老人\"", AnsweredAt: testNow},
	}, nil)

	// Photos: one a citizen sent with a report, one an admin uploaded.
	w.ids["photo"] = w.photo(citizen.ID, "chat-media-1", "\x89PNG\r\n\x1a\nreport")
	w.ids["photoUpload"] = w.photo(1, "upload:x", "\x89PNG\r\n\x1a\nupload")

	// Reports: one of streetIn dispatched to the fire department with the
	// photo, one new, one of streetOut.
	w.ids["report"] = w.report(streetIn, citizen.ID, []int64{w.ids["photo"]})
	if _, _, _, err := e.store.MoveReport(ctx, w.ids["report"], models.ReportMove{Actor: "admin", From: models.OpenReportStatuses,
		To: models.ReportDispatched, Set: map[string]any{"department": "消防救援", "deadline_at": testNow.AddDate(0, 0, 5)}}); err != nil {
		t.Fatal(err)
	}
	w.ids["reportNew"] = w.report(streetIn, citizen.ID, nil)
	w.ids["reportOut"] = w.report(streetOut, citizen.ID, nil)

	// An order of the fire department, planned into a visit of firms[0].
	o := &models.InspectionOrder{Department: "消防救援", Reason: "routine", Items: `["FS-01","FS-03"]`,
		WindowFrom: testNow, WindowTo: testNow.AddDate(0, 0, 5), Status: models.OrderOpen, CreatedBy: "fire"}
	if err := e.store.CreateOrder(ctx, o, []int64{e.firms[0].ID}); err != nil {
		t.Fatal(err)
	}
	w.ids["order"] = o.ID
	res, err := e.reg.MakePlan(ctx, admin, regulator.PlanInput{From: testNow, To: testNow.AddDate(0, 0, 5), Seed: 7, YearlyCap: 4, RouteSize: 6})
	if err != nil {
		t.Fatal(err)
	}
	w.ids["plan"] = res.PlanID
	visits, err := e.store.PlanVisits(ctx, res.PlanID)
	if err != nil || len(visits) != 1 {
		t.Fatalf("PlanVisits = %d visits, %v; want 1", len(visits), err)
	}
	w.ids["visit"] = visits[0].ID
	var drawn []any
	if err := json.Unmarshal([]byte(visits[0].Inspectors), &drawn); err != nil || len(drawn) == 0 {
		t.Fatalf("visit inspectors %q: %v", visits[0].Inspectors, err)
	}
	w.inspector = fmt.Sprint(drawn[0])
	for _, u := range []models.User{
		{Username: "inspector", Name: "消防执法员", Role: models.RoleInspector, Scope: w.inspector},
		{Username: "inspector2", Name: "未抽中的执法员", Role: models.RoleInspector, Scope: "999999"},
	} {
		if err := u.SetPassword(testPassword); err != nil {
			t.Fatal(err)
		}
		if err := e.store.CreateUser(ctx, &u, "test"); err != nil {
			t.Fatal(err)
		}
	}

	// A fire department inspector on the roster, and a spare account with
	// a token, for the roster and account routes to change.
	person := &models.Inspector{Name: "矩阵执法员", Department: "消防救援", CertNo: "MATRIX-1", Active: true}
	if err := e.store.CreateInspector(ctx, person); err != nil {
		t.Fatal(err)
	}
	w.ids["roster"] = person.ID
	spare := models.User{Username: "spare", Name: "备用账号", Role: models.RoleStreet, Scope: streetIn}
	if err := spare.SetPassword(testPassword); err != nil {
		t.Fatal(err)
	}
	if err := e.store.CreateUser(ctx, &spare, "test"); err != nil {
		t.Fatal(err)
	}
	w.ids["user"] = spare.ID
	if _, err := e.store.CreateAPIToken(ctx, spare.ID, "matrix", "test"); err != nil {
		t.Fatal(err)
	}
	toks, err := e.store.ListAPITokens(ctx, spare.ID)
	if err != nil || len(toks) != 1 {
		t.Fatalf("spare tokens: %v %v", toks, err)
	}
	w.ids["token"] = toks[0].ID

	// A finding of firms[0] on a fire item, with a fix report and a
	// deferral request.
	f := []models.Finding{{EnterpriseID: e.firms[0].ID, Source: models.FindingOnSite, ItemID: "FS-03", Severity: "一般",
		Description: "灭火器过期", DeadlineAt: testNow.AddDate(0, 0, 10)}}
	if err := e.store.InsertFindings(ctx, f); err != nil {
		t.Fatal(err)
	}
	w.ids["finding"] = f[0].ID
	fix := &models.Rectification{FindingID: f[0].ID, Kind: models.RectificationFix, Note: "已更换灭火器"}
	if err := e.store.AddRectification(ctx, e.firms[0].ID, fix); err != nil {
		t.Fatal(err)
	}
	w.ids["fix"] = fix.ID
	f2 := []models.Finding{{EnterpriseID: e.firms[0].ID, Source: models.FindingOnSite, ItemID: "FS-04", Severity: "一般",
		Description: "应急照明损坏", DeadlineAt: testNow.AddDate(0, 0, 10)}}
	if err := e.store.InsertFindings(ctx, f2); err != nil {
		t.Fatal(err)
	}
	deferral := &models.Rectification{FindingID: f2[0].ID, Kind: models.RectificationDefer, Note: "配件缺货"}
	if err := e.store.AddRectification(ctx, e.firms[0].ID, deferral); err != nil {
		t.Fatal(err)
	}
	w.ids["deferral"] = deferral.ID
	w.ids["firm"] = e.firms[0].ID
	w.ids["citizen"] = citizen.ID
	w.ids["firmOut"] = e.firms[2].ID
	return w
}

// submit opens the open assignment of a firm or citizen and submits it.
func (w *world) submit(firm, citizen int64, answers []models.Answer, findings []models.Finding) int64 {
	w.e.t.Helper()
	ctx := context.Background()
	a, err := w.e.store.OpenAssignment(ctx, firm, citizen)
	if err != nil {
		w.e.t.Fatal(err)
	}
	if err := w.e.store.SubmitAssignment(ctx, a.ID, answers, findings); err != nil {
		w.e.t.Fatal(err)
	}
	return a.ID
}

// photo stores a photo file under the data directory.
func (w *world) photo(by int64, media, data string) int64 {
	w.e.t.Helper()
	ctx := context.Background()
	id, err := w.e.store.AddPhoto(ctx, media, by)
	if err != nil {
		w.e.t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(data))
	name := hex.EncodeToString(sum[:])
	rel := filepath.Join("photos", name[:2], name+".png")
	if err := os.MkdirAll(filepath.Join(w.e.dataDir, filepath.Dir(rel)), 0o750); err != nil {
		w.e.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(w.e.dataDir, rel), []byte(data), 0o640); err != nil {
		w.e.t.Fatal(err)
	}
	if err := w.e.store.StorePhoto(ctx, id, name, int64(len(data)), "image/png", filepath.ToSlash(rel)); err != nil {
		w.e.t.Fatal(err)
	}
	return id
}

// report files a citizen report in street.
func (w *world) report(street string, citizen int64, photos []int64) int64 {
	w.e.t.Helper()
	r := &models.CitizenReport{Source: "chat", Category: "消防隐患", Description: "楼道堆放杂物", Address: "祖庙路1号",
		StreetCode: street, ReporterID: &citizen}
	if err := w.e.store.CreateReport(context.Background(), r, photos, shanghai); err != nil {
		w.e.t.Fatal(err)
	}
	return r.ID
}

// digest hashes every row of every table but the sessions, the login
// attempts and a token's last use, which any request may touch, so that a
// test can tell that a refused request changed nothing.
func digest(t *testing.T, s *models.Store) string {
	t.Helper()
	db := s.DB()
	tables, err := db.Migrator().GetTables()
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(tables)
	h := sha256.New()
	for _, tb := range tables {
		if tb == "web_sessions" || tb == "login_attempts" {
			continue
		}
		rows, err := db.Table(tb).Rows()
		if err != nil {
			t.Fatalf("digest %s: %v", tb, err)
		}
		cols, _ := rows.Columns()
		var lines []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				t.Fatalf("digest %s: %v", tb, err)
			}
			var b strings.Builder
			for i, v := range vals {
				if cols[i] == "last_used_at" {
					continue // a token records its use, whatever the answer
				}
				if x, ok := v.([]byte); ok {
					v = string(x)
				}
				fmt.Fprintf(&b, "%v|", v)
			}
			lines = append(lines, b.String())
		}
		rows.Close()
		sort.Strings(lines)
		fmt.Fprintf(h, "%s:%d\n%s\n", tb, len(lines), strings.Join(lines, "\n"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// apiRaw calls the JSON API with a token and returns the status and body.
func (e *env) apiRaw(token, method, path, body string) (int, string) {
	e.t.Helper()
	req, _ := http.NewRequest(method, e.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
