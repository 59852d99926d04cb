package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"selfcheck/app/web"
	"selfcheck/models"
	"selfcheck/models/modelstest"
)

func TestAddEvent(t *testing.T) {
	for _, dialect := range modelstest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			e := newEnv(t, dialect)
			ctx := context.Background()
			firm := e.firms[0]
			path := fmt.Sprintf("/admin/enterprises/%d", firm.ID)
			c := e.login("admin")
			token := e.csrf(c, path)

			// Rejected input changes nothing and comes back with its errors.
			status, _, body := e.post(c, path+"/events", url.Values{"csrf_token": {token}, "kind": {"penalty"}, "reason": {"太短"}})
			if status != http.StatusBadRequest || !strings.Contains(body, "严重程度为必填字段") || !strings.Contains(body, "事由长度必须至少为4个字符") {
				t.Errorf("invalid event = %d, want 400 with both errors: %.400s", status, body)
			}
			if !strings.Contains(body, ">太短</textarea>") {
				t.Errorf("the rejected reason is not shown back")
			}
			if evs, _ := e.store.CreditEvents(ctx, firm.ID); len(evs) != 0 {
				t.Errorf("ledger after rejected input has %d events, want 0", len(evs))
			}
			status, _, _ = e.post(c, path+"/events", url.Values{"csrf_token": {token}, "kind": {"repair"}, "points": {"-5"}, "reason": {"信用修复申请已审核"}})
			if status != http.StatusBadRequest {
				t.Errorf("negative repair = %d, want 400", status)
			}

			status, loc, _ := e.post(c, path+"/events", url.Values{"csrf_token": {token}, "kind": {"penalty"}, "severity": {"较重"}, "reason": {"消防行政处罚决定书 禅消行罚决字〔2026〕1号"}})
			if status != http.StatusSeeOther || loc != path+"?ok=event" {
				t.Fatalf("penalty = %d %q, want a redirect to the file", status, loc)
			}
			sc, err := e.store.CurrentScore(ctx, firm.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !sc.Shown.LessThan(decimal.NewFromInt(700)) {
				t.Errorf("score after a penalty = %s, want less than the base 700", sc.Shown)
			}
			evs, _ := e.store.CreditEvents(ctx, firm.ID)
			if len(evs) != 1 || evs[0].Kind != "penalty" || evs[0].CreatedBy != "admin" || !evs[0].Points.IsNegative() {
				t.Errorf("ledger = %+v, want one negative penalty by admin", evs)
			}
			audit, _ := e.store.AuditLog(ctx, "enterprise", fmt.Sprint(firm.ID), 10)
			if len(audit) != 1 || audit[0].Action != "credit_event.add" || audit[0].Actor != "admin" || !strings.Contains(audit[0].AfterJSON, "penalty") {
				t.Errorf("audit log = %+v", audit)
			}
			_, body = e.get(c, path+"?ok=event")
			for _, want := range []string{"已记入信用台账", "行政处罚", "操作记录", "登记信用事件"} {
				if !strings.Contains(body, want) {
					t.Errorf("file page lacks %q", want)
				}
			}
			if strings.Contains(body, "credit_event.add") {
				t.Errorf("file page shows the audit action's code, want its label")
			}

			// The API adds a repair.
			var got web.LedgerEventCreated
			status = e.api(e.token("admin"), "POST", fmt.Sprintf("/api/v1/enterprises/%d/events", firm.ID), `{"kind":"repair","points":"10","reason":"完成信用修复培训"}`, &got)
			if status != http.StatusCreated || got.Event.Rule.Code != "credit_repair" || got.Score == nil || !decimal.RequireFromString(got.Score.Score).GreaterThan(sc.Shown) {
				t.Errorf("API repair = %d %+v, want 201 and a higher score than %s", status, got, sc.Shown)
			}
			var bad struct {
				Error struct {
					Code   string
					Fields map[string]string
				}
			}
			status = e.api(e.token("admin"), "POST", fmt.Sprintf("/api/v1/enterprises/%d/events", firm.ID), `{"kind":"bonus","reason":"x"}`, &bad)
			if status != http.StatusBadRequest || bad.Error.Fields["kind"] == "" || bad.Error.Fields["reason"] == "" {
				t.Errorf("API invalid event = %d %+v", status, bad)
			}
		})
	}
}

func TestEnterpriseScope(t *testing.T) {
	e := newEnv(t, "sqlite")
	outside := fmt.Sprintf("/admin/enterprises/%d", e.firms[2].ID)
	c := e.login("zumiao")
	if status, _ := e.get(c, outside); status != http.StatusNotFound {
		t.Errorf("street user opening a firm of another street = %d, want 404", status)
	}
	if status, _ := e.get(e.login("fire"), outside); status != http.StatusOK {
		t.Errorf("department user opening any firm = %d, want 200", status)
	}
	var body struct{ Error struct{ Code string } }
	if status := e.api(e.token("zumiao"), "GET", fmt.Sprintf("/api/v1/enterprises/%d", e.firms[2].ID), "", &body); status != 404 || body.Error.Code != models.ENOTFOUND {
		t.Errorf("API: street user, other street = %d %+v, want 404 not_found", status, body)
	}
}

func TestReporterVisibility(t *testing.T) {
	e := newEnv(t, "sqlite")
	ctx := context.Background()
	firm := e.firms[0]
	u := models.WechatUser{OpenID: "o-reporter-openid", Subscribed: true, CreatedAt: testNow, UpdatedAt: testNow}
	if err := e.store.DB().Create(&u).Error; err != nil {
		t.Fatal(err)
	}
	r := &models.CitizenReport{ReporterID: &u.ID, Source: "chat", Category: "消防通道堵塞", Description: "门口消防通道被货物堵住",
		EnterpriseID: &firm.ID, StreetCode: firm.StreetCode, Department: "消防"}
	if err := e.store.CreateReport(ctx, r, nil, shanghai); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/admin/enterprises/%d", firm.ID)
	for _, tc := range []struct {
		user string
		sees bool
	}{{"admin", true}, {"fire", true}, {"zumiao", false}} {
		_, body := e.get(e.login(tc.user), path)
		if !strings.Contains(body, r.TicketNo) {
			t.Errorf("%s does not see report %s", tc.user, r.TicketNo)
		}
		if got := strings.Contains(body, u.OpenID); got != tc.sees {
			t.Errorf("%s sees the reporter: %v, want %v", tc.user, got, tc.sees)
		}
	}
}

func TestBindCode(t *testing.T) {
	for _, dialect := range modelstest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			e := newEnv(t, dialect)
			firm := e.firms[0]
			path := fmt.Sprintf("/admin/enterprises/%d", firm.ID)
			c := e.login("zumiao")
			token := e.csrf(c, path)
			status, _, body := e.post(c, path+"/bindcode", url.Values{"csrf_token": {token}, "days": {"0"}})
			if status != http.StatusBadRequest || !strings.Contains(body, "有效天数最小只能为1") {
				t.Errorf("days=0 = %d, want 400: %.300s", status, body)
			}
			status, _, body = e.post(c, path+"/bindcode", url.Values{"csrf_token": {token}, "days": {"7"}})
			if status != http.StatusOK || !strings.Contains(body, `id="bindcode"`) {
				t.Fatalf("bind code = %d: %.300s", status, body)
			}
			var got struct{ Code string }
			if status := e.api(e.token("admin"), "POST", fmt.Sprintf("/api/v1/enterprises/%d/bindcode", firm.ID), `{"days":3}`, &got); status != 201 || len(got.Code) != models.BindCodeLength {
				t.Errorf("API bind code = %d %+v", status, got)
			}
			audit, _ := e.store.AuditLog(context.Background(), "enterprise", fmt.Sprint(firm.ID), 10)
			if len(audit) != 2 || audit[0].Action != "bind_code.create" || strings.Contains(audit[0].AfterJSON, got.Code) {
				t.Errorf("audit log = %+v, want two bind_code.create entries without the code", audit)
			}
		})
	}
}
