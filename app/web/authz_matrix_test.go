package web_test

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"selfcheck/app/web"
	"selfcheck/models/modelstest"
)

// matrixRoles are the callers of every route: no session, then one user
// per role and scope relative to the fixture's records (streetIn, the fire
// department), in the order of an entry's want.
var matrixRoles = []struct{ name, user string }{
	{"NoSession", ""},
	{"Admin", "admin"},
	{"DepartmentIn", "fire"},
	{"DepartmentOut", "market"},
	{"StreetIn", "zumiao"},
	{"StreetOut", "shiwan"},
	{"Inspector", "inspector"},
}

// matrixEntry is how the matrix calls one route: the path with its ids,
// the body of a write (form values for a page, JSON for the API), and the
// status class each role gets after NoSession, in matrixRoles order: "ok"
// (allowed: below 400, or 400/409 for a write the state refuses after an
// earlier allowed one), or the exact status of a refusal ("400", "403",
// "404"), on which nothing may change.
type matrixEntry struct {
	path string
	form url.Values
	json string
	want string
}

// Typical rows of wants, for admin, department in and out, street in and
// out, inspector.
const (
	everyoneButInspector = "ok ok ok ok ok 403"
	inScope              = "ok ok ok ok 404 403"
	inScopeDeptItems     = "ok ok 404 ok 404 403"
	everyone             = "ok ok ok ok ok ok"
	adminOnly            = "ok 403 403 403 403 403"
	rosterRead           = "ok ok ok 403 403 403"
	rosterChange         = "ok ok 403 403 403 403"
)

// matrix returns the entry of every route, keyed "METHOD pattern".
func (w *world) matrix() map[string]matrixEntry {
	id := func(name string) string { return fmt.Sprint(w.ids[name]) }
	penalty := url.Values{"kind": {"penalty"}, "severity": {"一般"}, "reason": {"未按规定整改"}}
	campaign := url.Values{"name": {"消防专项"}, "template": {"enterprise"}, "deadline_days": {"10"}, "push": {"draft"}}
	order := url.Values{"department": {"消防救援"}, "reason": {"routine"}, "mode": {"list"}, "targets": {id("firm")},
		"from": {"2026-11-27"}, "to": {"2026-11-30"}, "items": {"FS-01"}}
	plan := url.Values{"from": {"2026-11-27"}, "to": {"2026-11-30"}, "seed": {"3"}}
	onsite := url.Values{"result-FS-01": {"ok"}, "result-FS-03": {"ok"}}
	orderJSON := fmt.Sprintf(`{"department":"消防救援","reason":"routine","items":["FS-01"],"from":"2026-11-27","to":"2026-11-30","targets":[%s]}`, id("firm"))
	return map[string]matrixEntry{
		"GET /admin/{$}":                           {path: "/admin/", want: everyone},
		"GET /admin/ranking":                       {path: "/admin/ranking", want: everyoneButInspector},
		"GET /admin/ranking/export.xlsx":           {path: "/admin/ranking/export.xlsx", want: everyoneButInspector},
		"GET /admin/distribution":                  {path: "/admin/distribution", want: everyoneButInspector},
		"GET /admin/enterprises/search":            {path: "/admin/enterprises/search?q=" + url.QueryEscape("红棉"), want: everyoneButInspector},
		"GET /admin/enterprises/{id}":              {path: "/admin/enterprises/" + id("firm"), want: inScope},
		"POST /admin/enterprises/{id}/events":      {path: "/admin/enterprises/" + id("firm") + "/events", form: penalty, want: inScope},
		"POST /admin/enterprises/{id}/bindcode":    {path: "/admin/enterprises/" + id("firm") + "/bindcode", form: url.Values{}, want: inScope},
		"GET /admin/campaigns":                     {path: "/admin/campaigns", want: everyoneButInspector},
		"POST /admin/campaigns":                    {path: "/admin/campaigns", form: campaign, want: everyoneButInspector},
		"GET /admin/campaigns/{id}":                {path: "/admin/campaigns/" + id("campaign"), want: inScope},
		"POST /admin/campaigns/{id}/push":          {path: "/admin/campaigns/" + id("campaign") + "/push", form: url.Values{}, want: "ok ok 403 ok 404 403"},
		"POST /admin/campaigns/{id}/remind":        {path: "/admin/campaigns/" + id("campaign") + "/remind", form: url.Values{}, want: "ok ok 403 ok 404 403"},
		"GET /admin/campaigns/{id}/nonfilers.xlsx": {path: "/admin/campaigns/" + id("campaign") + "/nonfilers.xlsx", want: inScope},
		"GET /admin/review":                        {path: "/admin/review", want: everyoneButInspector},
		"GET /admin/review/{id}":                   {path: "/admin/review/" + id("submission"), want: inScope},
		"POST /admin/review/{id}":                  {path: "/admin/review/" + id("submission"), form: url.Values{"decision": {"accept"}}, want: "ok ok 403 ok 404 403"},
		"GET /admin/reports":                       {path: "/admin/reports", want: everyoneButInspector},
		"GET /admin/reports/{id}":                  {path: "/admin/reports/" + id("report"), want: inScopeDeptItems},
		"POST /admin/reports/{id}":                 {path: "/admin/reports/" + id("report"), form: url.Values{"action": {"handle"}}, want: inScopeDeptItems},
		"GET /admin/orders":                        {path: "/admin/orders", want: everyoneButInspector},
		"POST /admin/orders":                       {path: "/admin/orders", form: order, want: "ok ok 403 ok 400 403"},
		"GET /admin/orders/{id}":                   {path: "/admin/orders/" + id("order"), want: "ok ok 404 ok ok 403"},
		"GET /admin/inspectors":                    {path: "/admin/inspectors", want: rosterRead},
		"POST /admin/inspectors":                   {path: "/admin/inspectors", form: url.Values{"name": {"新执法员"}, "department": {"消防救援"}, "cert_no": {"MATRIX-2"}, "active": {"1"}}, want: rosterChange},
		"POST /admin/inspectors/{id}":              {path: "/admin/inspectors/" + id("roster"), form: url.Values{"deactivate": {"1"}}, want: "ok ok 404 403 403 403"},
		"GET /admin/simulation":                    {path: "/admin/simulation", want: rosterRead},
		"POST /admin/simulation":                   {path: "/admin/simulation", form: url.Values{"firms": {"500"}, "seed": {"1"}}, want: adminOnly},
		"GET /admin/users":                         {path: "/admin/users", want: adminOnly},
		"POST /admin/users":                        {path: "/admin/users", form: url.Values{"username": {"newuser"}, "name": {"新用户"}, "role": {"street"}, "scope": {streetIn}}, want: adminOnly},
		"POST /admin/users/{id}/disable":           {path: "/admin/users/" + id("user") + "/disable", form: url.Values{}, want: adminOnly},
		"POST /admin/users/{id}/enable":            {path: "/admin/users/" + id("user") + "/enable", form: url.Values{}, want: adminOnly},
		"POST /admin/users/{id}/password":          {path: "/admin/users/" + id("user") + "/password", form: url.Values{}, want: adminOnly},
		"POST /admin/users/{id}/tokens":            {path: "/admin/users/" + id("user") + "/tokens", form: url.Values{"label": {"matrix"}}, want: adminOnly},
		"POST /admin/tokens/{id}/revoke":           {path: "/admin/tokens/" + id("token") + "/revoke", form: url.Values{}, want: adminOnly},
		"GET /admin/plans":                         {path: "/admin/plans", want: everyoneButInspector},
		"POST /admin/plans":                        {path: "/admin/plans", form: plan, want: "ok 403 403 403 403 403"},
		"GET /admin/plans/{id}":                    {path: "/admin/plans/" + id("plan"), want: everyoneButInspector},
		"GET /admin/visits":                        {path: "/admin/visits", want: everyone},
		"GET /admin/visits/{id}":                   {path: "/admin/visits/" + id("visit"), want: "ok ok 404 ok 404 ok"},
		"POST /admin/visits/{id}":                  {path: "/admin/visits/" + id("visit"), form: onsite, want: "ok ok 404 ok 404 ok"},
		"GET /admin/photos/{id}":                   {path: "/admin/photos/" + id("photo"), want: "ok ok 404 ok 404 404"},
		"GET /admin/rectify":                       {path: "/admin/rectify", want: everyoneButInspector},
		"POST /admin/rectify/{id}/verify":          {path: "/admin/rectify/" + id("fix") + "/verify", form: url.Values{"decision": {"accept"}}, want: inScopeDeptItems},
		"POST /admin/rectify/{id}/deferral":        {path: "/admin/rectify/" + id("deferral") + "/deferral", form: url.Values{"decision": {"approve"}, "reason": {"配件确实缺货"}}, want: inScopeDeptItems},
		"POST /admin/findings/{id}/revisit":        {path: "/admin/findings/" + id("finding") + "/revisit", form: url.Values{"on": {"2026-11-30"}, "department": {"消防救援"}}, want: inScopeDeptItems},
		"GET /admin/burden":                        {path: "/admin/burden", want: everyoneButInspector},
		"GET /admin/burden/export.xlsx":            {path: "/admin/burden/export.xlsx", want: everyoneButInspector},
		"GET /public/inspections":                  {path: "/public/inspections", want: everyone},
		"GET /public/inspections.csv":              {path: "/public/inspections.csv", want: everyone},
		"GET /public/inspections.xlsx":             {path: "/public/inspections.xlsx", want: everyone},

		"GET /api/v1/me":                            {path: "/api/v1/me", want: everyone},
		"GET /api/v1/ranking":                       {path: "/api/v1/ranking", want: everyoneButInspector},
		"GET /api/v1/ranking/export":                {path: "/api/v1/ranking/export", want: everyoneButInspector},
		"GET /api/v1/distribution":                  {path: "/api/v1/distribution", want: everyoneButInspector},
		"GET /api/v1/enterprises/{id}":              {path: "/api/v1/enterprises/" + id("firm"), want: inScope},
		"GET /api/v1/enterprises/{id}/explanation":  {path: "/api/v1/enterprises/" + id("firm") + "/explanation", want: inScope},
		"POST /api/v1/enterprises/{id}/events":      {path: "/api/v1/enterprises/" + id("firm") + "/events", json: `{"kind":"penalty","severity":"一般","reason":"未按规定整改"}`, want: inScope},
		"POST /api/v1/enterprises/{id}/bindcode":    {path: "/api/v1/enterprises/" + id("firm") + "/bindcode", json: `{}`, want: inScope},
		"GET /api/v1/campaigns":                     {path: "/api/v1/campaigns", want: everyoneButInspector},
		"POST /api/v1/campaigns":                    {path: "/api/v1/campaigns", json: `{"name":"消防专项","template":"enterprise","deadline_days":10,"push":"draft"}`, want: everyoneButInspector},
		"GET /api/v1/campaigns/{id}":                {path: "/api/v1/campaigns/" + id("campaign"), want: inScope},
		"POST /api/v1/campaigns/{id}/push":          {path: "/api/v1/campaigns/" + id("campaign") + "/push", json: `{}`, want: "ok ok 403 ok 404 403"},
		"POST /api/v1/campaigns/{id}/remind":        {path: "/api/v1/campaigns/" + id("campaign") + "/remind", json: `{}`, want: "ok ok 403 ok 404 403"},
		"GET /api/v1/campaigns/{id}/nonfilers":      {path: "/api/v1/campaigns/" + id("campaign") + "/nonfilers", want: inScope},
		"GET /api/v1/submissions":                   {path: "/api/v1/submissions", want: everyoneButInspector},
		"GET /api/v1/submissions/{id}":              {path: "/api/v1/submissions/" + id("submission"), want: inScope},
		"POST /api/v1/submissions/{id}/review":      {path: "/api/v1/submissions/" + id("submission") + "/review", json: `{"decision":"accept"}`, want: "ok ok 403 ok 404 403"},
		"GET /api/v1/reports":                       {path: "/api/v1/reports", want: everyoneButInspector},
		"GET /api/v1/reports/stats":                 {path: "/api/v1/reports/stats", want: everyoneButInspector},
		"GET /api/v1/reports/{id}":                  {path: "/api/v1/reports/" + id("report"), want: inScopeDeptItems},
		"POST /api/v1/reports/{id}/actions":         {path: "/api/v1/reports/" + id("report") + "/actions", json: `{"action":"handle"}`, want: inScopeDeptItems},
		"GET /api/v1/orders":                        {path: "/api/v1/orders", want: everyoneButInspector},
		"POST /api/v1/orders":                       {path: "/api/v1/orders", json: orderJSON, want: "ok ok 403 ok 400 403"},
		"GET /api/v1/orders/{id}/targets":           {path: "/api/v1/orders/" + id("order") + "/targets", want: "ok ok 404 ok ok 403"},
		"GET /api/v1/inspectors":                    {path: "/api/v1/inspectors", want: rosterRead},
		"POST /api/v1/inspectors":                   {path: "/api/v1/inspectors", json: `{"name":"新执法员","department":"消防救援","cert_no":"MATRIX-3"}`, want: rosterChange},
		"PATCH /api/v1/inspectors/{id}":             {path: "/api/v1/inspectors/" + id("roster"), json: `{"active":false}`, want: "ok ok 404 403 403 403"},
		"POST /api/v1/plans":                        {path: "/api/v1/plans", json: `{"from":"2026-11-27","to":"2026-11-30","seed":"3"}`, want: "ok 403 403 403 403 403"},
		"GET /api/v1/plans/{id}":                    {path: "/api/v1/plans/" + id("plan"), want: everyoneButInspector},
		"GET /api/v1/visits":                        {path: "/api/v1/visits", want: everyone},
		"GET /api/v1/visits/{id}":                   {path: "/api/v1/visits/" + id("visit"), want: "ok ok 404 ok 404 ok"},
		"POST /api/v1/visits/{id}/results":          {path: "/api/v1/visits/" + id("visit") + "/results", json: `{"results":[{"item":"FS-01","compliant":true},{"item":"FS-03","compliant":true}]}`, want: "ok ok 404 ok 404 ok"},
		"GET /api/v1/rectify":                       {path: "/api/v1/rectify", want: everyoneButInspector},
		"POST /api/v1/rectifications/{id}/verify":   {path: "/api/v1/rectifications/" + id("fix") + "/verify", json: `{"accept":true}`, want: inScopeDeptItems},
		"POST /api/v1/rectifications/{id}/deferral": {path: "/api/v1/rectifications/" + id("deferral") + "/deferral", json: `{"accept":true,"note":"配件确实缺货"}`, want: inScopeDeptItems},
		"POST /api/v1/findings/{id}/revisit":        {path: "/api/v1/findings/" + id("finding") + "/revisit", json: `{"on":"2026-11-30","department":"消防救援"}`, want: inScopeDeptItems},
		"GET /api/v1/burden":                        {path: "/api/v1/burden", want: everyoneButInspector},
		"GET /api/v1/publicity":                     {path: "/api/v1/publicity", want: everyone},
		"GET /api/v1/events":                        {path: "/api/v1/events", want: everyoneButInspector},
	}
}

// unmatrixed are the routes the matrix leaves to other tests: signing in
// and out, and the dashboard's not-found page.
var unmatrixed = map[string]bool{"GET /admin/login": true, "POST /admin/login": true, "POST /admin/logout": true, " /admin/": true}

// caller calls the routes as one role: a session for the dashboard and a
// token for the API.
type caller struct {
	w      *world
	client *http.Client
	token  string
	csrf   string
}

func (w *world) caller(user string) *caller {
	c := &caller{w: w}
	if user == "" {
		c.client = w.e.client()
		c.csrf = w.e.csrf(c.client, "/admin/login")
		return c
	}
	c.client = w.e.login(user)
	c.csrf = w.e.csrf(c.client, "/admin/visits")
	c.token = w.e.token(user)
	return c
}

// call runs the entry's request and returns the status and body.
func (c *caller) call(method string, auth string, m matrixEntry) (int, string) {
	c.w.e.t.Helper()
	var body io.Reader
	ctype := ""
	switch {
	case m.json != "":
		body, ctype = strings.NewReader(m.json), "application/json"
	case m.form != nil:
		f := url.Values{"csrf_token": {c.csrf}}
		for k, v := range m.form {
			f[k] = v
		}
		body, ctype = strings.NewReader(f.Encode()), "application/x-www-form-urlencoded"
	}
	req, err := http.NewRequest(method, c.w.e.srv.URL+m.path, body)
	if err != nil {
		c.w.e.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if auth == web.AuthToken && c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.client.Do(req)
	if err != nil {
		c.w.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// wantOf returns the want of a role for an entry: NoSession is sent to the
// login page from every dashboard route, refused with 401 by every API
// route, and allowed on public pages.
func wantOf(rt web.Route, m matrixEntry, role int) string {
	if role == 0 {
		switch rt.Auth {
		case web.AuthNone:
			return "ok"
		case web.AuthSession:
			return "303" // to the login page
		}
		return "401"
	}
	return strings.Fields(m.want)[role-1]
}

// TestAuthorizationMatrix calls every dashboard and API route as every
// role, on both databases: each gets the status the policy gives its role
// and scope, and a refused call, read or write, changes nothing. A route
// without an entry fails the test.
func TestAuthorizationMatrix(t *testing.T) {
	for _, d := range modelstest.Dialects {
		t.Run(d, func(t *testing.T) {
			w := newWorld(t, d)
			entries := w.matrix()
			routes := w.e.web.Routes()
			seen := map[string]bool{}
			for _, rt := range routes {
				key := rt.Method + " " + rt.Pattern
				seen[key] = true
				if _, ok := entries[key]; !ok && !unmatrixed[key] {
					t.Errorf("route %s has no entry in the authorization matrix", key)
				}
			}
			for key := range entries {
				if !seen[key] {
					t.Errorf("matrix entry %s names no route", key)
				}
			}
			callers := make([]*caller, len(matrixRoles))
			for i, r := range matrixRoles {
				callers[i] = w.caller(r.user)
			}
			// Refusals first, so that no allowed write has changed the
			// fixture under them; then the allowed reads; then the writes.
			// A refused call's digest after is the next one's before: the
			// digest reads every table, and the refusals come one after
			// the other.
			last := ""
			for _, phase := range []string{"refused", "read", "write"} {
				for _, rt := range routes {
					key := rt.Method + " " + rt.Pattern
					m, ok := entries[key]
					if !ok {
						continue
					}
					write := rt.Method != http.MethodGet
					for i, r := range matrixRoles {
						want := wantOf(rt, m, i)
						refused := want != "ok"
						cell := "read"
						if refused {
							cell = "refused"
						} else if write {
							cell = "write"
						}
						if cell != phase {
							continue
						}
						before := ""
						if refused {
							if last == "" {
								last = digest(t, w.e.store)
							}
							before = last
						} else {
							last = ""
						}
						got, body := callers[i].call(rt.Method, rt.Auth, m)
						switch {
						case refused && fmt.Sprint(got) != want:
							t.Errorf("%s as %s = %d, want %s: %.200s", key, r.name, got, want, body)
						case !refused && (got == 401 || got == 403 || got == 404 || got >= 500 || !write && got >= 400):
							t.Errorf("%s as %s = %d, want it allowed: %.200s", key, r.name, got, body)
						}
						if refused {
							if last = digest(t, w.e.store); last != before {
								t.Errorf("%s as %s was refused (%d) but changed the database", key, r.name, got)
							}
						}
					}
				}
			}
		})
	}
}
