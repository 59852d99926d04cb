package web_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// reporterID matches a reporter's internal id in a JSON body.
var reporterID = regexp.MustCompile(`"(ReporterID|reporter_id)":\s*\d`)

// TestAuthorizationFindings replays each way a user once reached records
// outside its scope, on both databases: each is refused now, and changes
// nothing.
func TestAuthorizationFindings(t *testing.T) {
	type step struct {
		user, method, path, body string
		want                     int
		// absent and present are texts the answer must not and must hold.
		absent, present []string
		// noReporter: the body carries no reporter's internal id.
		noReporter bool
	}
	cases := []struct {
		name  string
		steps func(w *world) []step
	}{
		{"StreetPushesAnotherStreetsDraft", func(w *world) []step {
			return []step{{user: "zumiao", method: "POST", path: fmt.Sprintf("/api/v1/campaigns/%d/push", w.ids["campaignOut"]), body: `{}`, want: 404}}
		}},
		{"StreetRemindsAnotherStreetsCampaign", func(w *world) []step {
			return []step{{user: "zumiao", method: "POST", path: fmt.Sprintf("/api/v1/campaigns/%d/remind", w.ids["campaignOut"]), body: `{}`, want: 404}}
		}},
		{"StreetReadsEveryCampaignsProgress", func(w *world) []step {
			return []step{
				{user: "zumiao", method: "GET", path: fmt.Sprintf("/api/v1/campaigns/%d", w.ids["campaignOut"]), want: 404},
				{user: "zumiao", method: "GET", path: "/api/v1/campaigns", want: 200, absent: []string{"石湾燃气自查"}, present: []string{"消防安全专项自查"}},
			}
		}},
		{"CampaignsOutsideTheCreatorsReach", func(w *world) []step {
			return []step{
				{user: "fire", method: "POST", path: "/api/v1/campaigns", body: `{"name":"居民自查","template":"household","streets":["440604012"],"deadline_days":10,"push":"draft"}`, want: 403},
				{user: "zumiao", method: "POST", path: "/api/v1/campaigns", body: `{"name":"点名自查","template":"enterprise","streets":["440604011"],"deadline_days":10,"push":"draft"}`, want: 400},
				{user: "zumiao", method: "POST", path: "/api/v1/campaigns", body: fmt.Sprintf(`{"name":"点名自查","template":"enterprise","enterprise_ids":[%d],"deadline_days":10,"push":"draft"}`, w.ids["firmOut"]), want: 403},
			}
		}},
		{"StreetResolvesVerifiedAgainstFirmOfAnotherStreet", func(w *world) []step {
			return []step{{user: "zumiao", method: "POST", path: fmt.Sprintf("/api/v1/reports/%d/actions", w.ids["report"]),
				body: fmt.Sprintf(`{"action":"resolve","verified":true,"severity":"严重","enterprise_id":%d}`, w.ids["firmOut"]), want: 403}}
		}},
		{"StreetDispatchesReportOfAnotherStreet", func(w *world) []step {
			return []step{{user: "zumiao", method: "POST", path: fmt.Sprintf("/api/v1/reports/%d/actions", w.ids["reportOut"]),
				body: `{"action":"dispatch","department":"消防救援"}`, want: 404}}
		}},
		{"HouseholdSelfCheckFromAnotherStreet", func(w *world) []step {
			sub := fmt.Sprintf("/api/v1/submissions/%d", w.ids["household"])
			return []step{
				{user: "shiwan", method: "GET", path: sub, want: 404},
				{user: "shiwan", method: "POST", path: sub + "/review", body: `{"decision":"accept"}`, want: 404},
				{user: "shiwan", method: "GET", path: "/api/v1/submissions", want: 200, absent: []string{"居民燃气自查"}},
				{user: "zumiao", method: "GET", path: "/api/v1/submissions", want: 200, present: []string{"居民燃气自查"}},
				{user: "zumiao", method: "GET", path: sub, want: 200, absent: []string{`"WechatUserID"`, `"wechat_user`, `"citizen`}, present: []string{`"enterprise":null`}},
			}
		}},
		{"DepartmentReadsHouseholdSelfCheck", func(w *world) []step {
			sub := fmt.Sprintf("/api/v1/submissions/%d", w.ids["household"])
			return []step{
				{user: "fire", method: "GET", path: sub, want: 404},
				{user: "fire", method: "POST", path: sub + "/review", body: `{"decision":"accept"}`, want: 404},
				{user: "fire", method: "GET", path: "/api/v1/submissions", want: 200, absent: []string{"居民燃气自查"}},
			}
		}},
		{"DepartmentReadsAnswersOnOtherDepartmentsItems", func(w *world) []step {
			sub := fmt.Sprintf("/api/v1/submissions/%d", w.ids["mixed"])
			return []step{
				{user: "fire", method: "GET", path: sub, want: 200, absent: []string{"FD-01", "秘方卤水配方"}, present: []string{"FS-01"}},
				{user: "market", method: "GET", path: sub, want: 200, absent: []string{"FS-01"}, present: []string{"FD-01"}},
				{user: "fire", method: "POST", path: sub + "/review", body: `{"decision":"accept"}`, want: 403},
				{user: "fire", method: "GET", path: fmt.Sprintf("/admin/review/%d", w.ids["mixed"]), want: 200, absent: []string{"秘方卤水配方"}},
			}
		}},
		{"PhotoOfAnotherScope", func(w *world) []step {
			return []step{
				{user: "shiwan", method: "GET", path: fmt.Sprintf("/admin/photos/%d", w.ids["photo"]), want: 404},
				{user: "market", method: "GET", path: fmt.Sprintf("/admin/photos/%d", w.ids["photo"]), want: 404},
				{user: "inspector", method: "GET", path: fmt.Sprintf("/admin/photos/%d", w.ids["photo"]), want: 404},
				{user: "zumiao", method: "GET", path: fmt.Sprintf("/admin/photos/%d", w.ids["photoUpload"]), want: 404},
				{user: "zumiao", method: "GET", path: fmt.Sprintf("/admin/photos/%d", w.ids["photo"]), want: 200},
			}
		}},
		{"DepartmentMergesOrClosesNewReport", func(w *world) []step {
			act := fmt.Sprintf("/api/v1/reports/%d/actions", w.ids["reportNew"])
			return []step{
				{user: "market", method: "POST", path: act, body: fmt.Sprintf(`{"action":"merge","merge_into":%d}`, w.ids["report"]), want: 403},
				{user: "fire", method: "POST", path: act, body: fmt.Sprintf(`{"action":"merge","merge_into":%d}`, w.ids["report"]), want: 403},
				{user: "fire", method: "POST", path: act, body: `{"action":"close"}`, want: 403},
				{user: "fire", method: "POST", path: act, body: `{"action":"dispatch","department":"消防救援"}`, want: 403},
			}
		}},
		{"ReporterIDLeaks", func(w *world) []step {
			return []step{
				{user: "zumiao", method: "GET", path: "/api/v1/reports", want: 200, noReporter: true},
				{user: "fire", method: "GET", path: "/api/v1/reports", want: 200, noReporter: true},
				{user: "zumiao", method: "GET", path: fmt.Sprintf("/api/v1/reports/%d", w.ids["report"]), want: 200, noReporter: true},
				{user: "fire", method: "GET", path: fmt.Sprintf("/api/v1/reports/%d", w.ids["reportNew"]), want: 200, noReporter: true},
				{user: "admin", method: "GET", path: fmt.Sprintf("/api/v1/enterprises/%d", w.ids["firm"]), want: 200, absent: []string{"UploadedBy"}},
			}
		}},
		{"InspectorNotDrawnForVisit", func(w *world) []step {
			v := fmt.Sprintf("/api/v1/visits/%d", w.ids["visit"])
			return []step{
				{user: "inspector2", method: "GET", path: v, want: 404},
				{user: "inspector2", method: "POST", path: v + "/results", body: `{"results":[{"item":"FS-01","compliant":true}]}`, want: 404},
				{user: "inspector2", method: "GET", path: "/api/v1/visits", want: 200, absent: []string{fmt.Sprintf(`"id":%d,`, w.ids["visit"])}},
				{user: "inspector", method: "GET", path: v, want: 200},
				{user: "inspector", method: "GET", path: "/api/v1/ranking", want: 403},
			}
		}},
	}
	for _, d := range modelstest.Dialects {
		t.Run(d, func(t *testing.T) {
			w := newWorld(t, d)
			tokens := map[string]string{}
			sessions := map[string]*http.Client{}
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					for _, st := range tc.steps(w) {
						if tokens[st.user] == "" {
							tokens[st.user] = w.e.token(st.user)
							sessions[st.user] = w.e.login(st.user)
						}
						before := digest(t, w.e.store)
						var got int
						var body string
						if strings.HasPrefix(st.path, "/api/") {
							got, body = w.e.apiRaw(tokens[st.user], st.method, st.path, st.body)
						} else {
							got, body = w.e.get(sessions[st.user], st.path)
						}
						if st.noReporter && reporterID.MatchString(body) {
							t.Errorf("%s %s as %s shows the reporter's id: %.300s", st.method, st.path, st.user, body)
						}
						if got != st.want {
							t.Errorf("%s %s as %s = %d, want %d: %.300s", st.method, st.path, st.user, got, st.want, body)
						}
						for _, a := range st.absent {
							if strings.Contains(body, a) {
								t.Errorf("%s %s as %s shows %q: %.300s", st.method, st.path, st.user, a, body)
							}
						}
						for _, p := range st.present {
							if !strings.Contains(body, p) {
								t.Errorf("%s %s as %s lacks %q: %.300s", st.method, st.path, st.user, p, body)
							}
						}
						if st.want >= 400 && digest(t, w.e.store) != before {
							t.Errorf("%s %s as %s was refused but changed the database", st.method, st.path, st.user)
						}
					}
				})
			}
			// The handling department and the admin still reach the reporter.
			for _, u := range []string{"admin", "fire"} {
				_, body := w.e.apiRaw(w.e.token(u), "GET", fmt.Sprintf("/api/v1/reports/%d", w.ids["report"]), "")
				if !reporterID.MatchString(body) {
					t.Errorf("report as %s hides the reporter from whom must call back: %.300s", u, body)
				}
			}
			var n int64
			if err := w.e.store.DB().WithContext(context.Background()).Model(&models.CreditEvent{}).
				Where("enterprise_id = ?", w.ids["firmOut"]).Count(&n).Error; err != nil || n != 0 {
				t.Errorf("firm of another street has %d credit events (%v), want 0", n, err)
			}
		})
	}
}
