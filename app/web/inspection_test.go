package web_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"selfcheck/app/regulator"
	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// seedInspections stores an order, a plan with its visits, and a finding
// of the first firm with a pending fix report; it returns the ids by the API
// path prefix that names them.
func seedInspections(t *testing.T, e *env) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	o := &models.InspectionOrder{Department: "市场监管", Reason: "routine", Items: `["FD-01","FD-03"]`,
		WindowFrom: testNow, WindowTo: testNow.AddDate(0, 0, 5), Status: models.OrderOpen, CreatedBy: "admin"}
	if err := e.store.CreateOrder(ctx, o, []int64{e.firms[0].ID, e.firms[1].ID}); err != nil {
		t.Fatal(err)
	}
	res, err := e.reg.MakePlan(ctx, &models.User{Username: "admin", Role: models.RoleAdmin},
		regulator.PlanInput{From: testNow, To: testNow.AddDate(0, 0, 5), Seed: 7, YearlyCap: 4, RouteSize: 6})
	if err != nil {
		t.Fatal(err)
	}
	visits, err := e.store.PlanVisits(ctx, res.PlanID)
	if err != nil || len(visits) == 0 {
		t.Fatalf("PlanVisits = %d visits, %v", len(visits), err)
	}
	f := []models.Finding{{EnterpriseID: e.firms[0].ID, Source: models.FindingOnSite, ItemID: "FD-03", Severity: "一般",
		Description: "进货查验记录缺失", DeadlineAt: testNow.AddDate(0, 0, -3)}}
	if err := e.store.InsertFindings(ctx, f); err != nil {
		t.Fatal(err)
	}
	if err := e.store.SaveFollowup(ctx, &models.FindingFollowup{FindingID: f[0].ID, EnterpriseID: e.firms[0].ID, Listed: true, RevisitRequired: true}); err != nil {
		t.Fatal(err)
	}
	rec := &models.Rectification{FindingID: f[0].ID, Kind: models.RectificationFix, Note: "已补齐台账"}
	if err := e.store.AddRectification(ctx, e.firms[0].ID, rec); err != nil {
		t.Fatal(err)
	}
	return map[string]int64{"/api/v1/orders/": o.ID, "/api/v1/plans/": res.PlanID, "/api/v1/visits/": visits[0].ID,
		"/api/v1/rectifications/": rec.ID, "/api/v1/findings/": f[0].ID}
}

// idFor returns the seeded id for a path with {id}, or def.
func idFor(path string, ids map[string]int64, def int64) int64 {
	for prefix, id := range ids {
		if strings.HasPrefix(path, prefix) {
			return id
		}
	}
	return def
}

// TestInspectionPages walks the workflow through the pages on both
// databases: an order refused and then accepted, a plan, the on-site form
// with a photo, the rectification queue, the 减负 report and the public
// results with their download.
func TestInspectionPages(t *testing.T) {
	for _, d := range modelstest.Dialects {
		t.Run(d, func(t *testing.T) {
			e := newEnv(t, d)
			c := e.login("admin")
			token := e.csrf(c, "/admin/orders")
			form := url.Values{"csrf_token": {token}, "department": {"市场监管"}, "reason": {"routine"}, "mode": {"list"},
				"targets": {fmt.Sprintf("%d, %s", e.firms[0].ID, e.firms[1].USCC)}, "from": {"2026-11-27"}, "to": {"2026-11-30"}}
			status, _, body := e.post(c, "/admin/orders", form)
			if status != http.StatusBadRequest || !strings.Contains(body, "请至少选择一个检查事项") || !strings.Contains(body, e.firms[1].USCC) {
				t.Fatalf("order without items = %d, want 400 with the reason and the form kept: %.300s", status, body)
			}
			form["items"] = []string{"FD-01", "FD-03"}
			if status, loc, body := e.post(c, "/admin/orders", form); status != http.StatusSeeOther || !strings.HasPrefix(loc, "/admin/orders?created=") {
				t.Fatalf("order = %d %q %.300s", status, loc, body)
			}
			if _, body := e.get(c, "/admin/orders"); !strings.Contains(body, "待编排") || !strings.Contains(body, "FD-01、FD-03") {
				t.Errorf("orders page lacks the new order: %.500s", body)
			}
			planForm := url.Values{"csrf_token": {token}, "from": {"2026-11-27"}, "to": {"2026-11-30"}, "seed": {"42"}, "cap": {"4"}, "route_size": {"6"}}
			status, loc, body := e.post(c, "/admin/plans", planForm)
			if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/admin/plans/") {
				t.Fatalf("plan = %d %q %.300s", status, loc, body)
			}
			_, body = e.get(c, loc)
			if !strings.Contains(body, "42") || !strings.Contains(body, "红棉餐厅") || !strings.Contains(body, "绿叶陶瓷") {
				t.Errorf("plan page lacks its seed or firms: %.800s", body)
			}
			visit := regexp.MustCompile(`/admin/visits/(\d+)`).FindString(body)
			if visit == "" {
				t.Fatal("plan page links no visit")
			}
			status, loc, body = e.multipart(c, visit, map[string]string{"csrf_token": token, "r-FD-01": "ok", "r-FD-03": "bad",
				"sev-FD-03": "较重", "note-FD-03": "台账缺失"}, "photo-FD-03", pngBytes())
			if status != http.StatusSeeOther || loc != visit+"?ok=1" {
				t.Fatalf("on-site = %d %q %.300s", status, loc, body)
			}
			_, body = e.get(c, visit)
			photo := regexp.MustCompile(`/admin/photos/\d+`).FindString(body)
			if !strings.Contains(body, "隐患（较重）") || photo == "" {
				t.Fatalf("visit page lacks the result or its photo: %.800s", body)
			}
			if status, body := e.get(c, photo); status != http.StatusOK || !strings.HasPrefix(body, "\x89PNG") {
				t.Errorf("GET %s = %d", photo, status)
			}
			if status, _, body := e.multipart(c, visit, map[string]string{"csrf_token": token}, "", nil); status != http.StatusOK && status != http.StatusBadRequest || !strings.Contains(body, "检查结果") {
				t.Errorf("second record = %d, want the page back: %.300s", status, body)
			}

			ids := seedInspections(t, e)
			_, body = e.get(c, "/admin/rectify")
			if !strings.Contains(body, "已补齐台账") || !strings.Contains(body, "挂牌督办") || !strings.Contains(body, "进货查验记录缺失") && !strings.Contains(body, "逾期") {
				t.Errorf("rectify page lacks the request: %.800s", body)
			}
			verify := fmt.Sprintf("/admin/rectify/%d/verify", ids["/api/v1/rectifications/"])
			if status, _, body := e.post(c, verify, url.Values{"csrf_token": {token}, "decision": {"reject"}}); status != http.StatusBadRequest || !strings.Contains(body, "不通过时请填写理由") {
				t.Errorf("reject without a reason = %d %.300s", status, body)
			}
			// The finding is listed (挂牌督办): photos alone never close it.
			if status, _, body := e.post(c, verify, url.Values{"csrf_token": {token}, "decision": {"accept"}}); status != http.StatusBadRequest || !strings.Contains(body, "复查") {
				t.Errorf("accept of a listed finding = %d %.300s, want 400 asking for a re-visit", status, body)
			}
			revisit := fmt.Sprintf("/admin/findings/%d/revisit", ids["/api/v1/findings/"])
			if status, _, _ := e.post(c, revisit, url.Values{"csrf_token": {token}, "on": {"2026-11-30"}, "department": {"市场监管"}}); status != http.StatusSeeOther {
				t.Errorf("revisit = %d", status)
			}
			if _, body := e.get(c, "/admin/rectify"); !strings.Contains(body, "已安排") {
				t.Errorf("rectify page does not show the scheduled re-visit")
			}

			if status, body := e.get(c, "/admin/burden?from=2026-11-01&to=2026-11-30"); status != 200 || !strings.Contains(body, "合并后实际上门次数") {
				t.Errorf("burden page = %d %.300s", status, body)
			}
			if status, body := e.get(c, "/admin/burden/export.xlsx?from=2026-11-01&to=2026-11-30"); status != 200 || !strings.HasPrefix(body, "PK") {
				t.Errorf("burden export = %d", status)
			}
			anon := e.client()
			if status, body := e.get(anon, "/public/inspections?from=2026-11-01&to=2026-11-30"); status != 200 || !strings.Contains(body, "红棉餐厅") || strings.Contains(body, "台账缺失") {
				t.Errorf("public page = %d %.500s", status, body)
			}
			if status, body := e.get(anon, "/public/inspections.csv?from=2026-11-01&to=2026-11-30"); status != 200 || !strings.Contains(body, "红棉餐厅") {
				t.Errorf("public CSV = %d %.300s", status, body)
			}
			if status, _ := e.get(anon, "/admin/orders"); status != http.StatusSeeOther {
				t.Errorf("orders without a session = %d, want a redirect to sign in", status)
			}
		})
	}
}

// TestPlanNeedsAdmin: only administrators run a plan.
func TestPlanNeedsAdmin(t *testing.T) {
	e := newEnv(t, "sqlite")
	c := e.login("zumiao")
	token := e.csrf(c, "/admin/plans")
	status, _, body := e.post(c, "/admin/plans", url.Values{"csrf_token": {token}, "from": {"2026-11-27"}, "to": {"2026-11-30"}})
	if status != http.StatusForbidden || !strings.Contains(body, "只有管理员可以编排检查计划") {
		t.Errorf("street user plans = %d %.300s", status, body)
	}
}

// multipart posts a multipart form with an optional file and returns the
// status, Location and body.
func (e *env) multipart(c *http.Client, path string, fields map[string]string, file string, data []byte) (int, string, string) {
	e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if file != "" {
		fw, _ := mw.CreateFormFile(file, "photo.png")
		fw.Write(data)
	}
	mw.Close()
	resp, err := c.Post(e.srv.URL+path, mw.FormDataContentType(), &buf)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

// pngBytes is a 2x2 PNG.
func pngBytes() []byte {
	var buf bytes.Buffer
	png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 2, 2)))
	return buf.Bytes()
}
