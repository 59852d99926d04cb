package web

import (
	"net/http"
	"strings"

	"selfcheck/app/regulator"
	"selfcheck/models"
)

// How a route authenticates its caller.
const (
	AuthNone    = "none"    // public pages and the login form
	AuthSession = "session" // dashboard pages: a signed-in user
	AuthToken   = "token"   // JSON API: a bearer token
)

// Route is one registered route: its method and pattern, how it
// authenticates, and the kind of record it reads or changes, which the
// policy gates before the handler runs.
type Route struct {
	Method  string
	Pattern string
	Auth    string
	Kind    regulator.Kind
}

// routeKinds maps path prefixes to the kind of record their routes touch;
// the longest matching prefix wins. A dashboard or API route whose path
// has no kind here is refused to everyone.
var routeKinds = []struct {
	prefix string
	kind   regulator.Kind
}{
	{"/admin/ranking", regulator.KindFirm}, {"/admin/distribution", regulator.KindFirm}, {"/admin/enterprises", regulator.KindFirm},
	{"/admin/campaigns", regulator.KindCampaign}, {"/admin/review", regulator.KindSubmission}, {"/admin/reports", regulator.KindReport},
	{"/admin/orders", regulator.KindOrder}, {"/admin/plans", regulator.KindPlan}, {"/admin/burden", regulator.KindPlan},
	{"/admin/visits", regulator.KindVisit}, {"/admin/photos", regulator.KindPhoto},
	{"/admin/rectify", regulator.KindRectification}, {"/admin/findings", regulator.KindRectification},
	{"/admin/simulation", regulator.KindSimulation},
	{"/admin/users", regulator.KindUser}, {"/admin/tokens", regulator.KindToken}, {"/admin/inspectors", regulator.KindRoster},
	{"/api/v1/ranking", regulator.KindFirm}, {"/api/v1/distribution", regulator.KindFirm}, {"/api/v1/enterprises", regulator.KindFirm},
	{"/api/v1/campaigns", regulator.KindCampaign}, {"/api/v1/submissions", regulator.KindSubmission}, {"/api/v1/reports", regulator.KindReport},
	{"/api/v1/orders", regulator.KindOrder}, {"/api/v1/plans", regulator.KindPlan}, {"/api/v1/burden", regulator.KindPlan},
	{"/api/v1/visits", regulator.KindVisit}, {"/api/v1/rectify", regulator.KindRectification},
	{"/api/v1/rectifications", regulator.KindRectification}, {"/api/v1/findings", regulator.KindRectification},
	{"/api/v1/publicity", regulator.KindPublic}, {"/api/v1/events", regulator.KindFirm}, {"/public/", regulator.KindPublic},
	{"/api/v1/users", regulator.KindUser}, {"/api/v1/tokens", regulator.KindToken}, {"/api/v1/inspectors", regulator.KindRoster},
}

// selfRoutes are the routes every signed-in user may call: its own
// account and the dashboard's front door.
var selfRoutes = map[string]bool{"GET /admin/{$}": true, "GET /api/v1/me": true, "/admin/": true}

func newRoute(pattern, auth string) Route {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		method, path = "", pattern
	}
	rt := Route{Method: method, Pattern: path, Auth: auth}
	best := 0
	for _, k := range routeKinds {
		if strings.HasPrefix(path, k.prefix) && len(k.prefix) > best {
			rt.Kind, best = k.kind, len(k.prefix)
		}
	}
	return rt
}

// Routes lists every route of the server, in registration order.
func (s *Server) Routes() []Route { return append([]Route(nil), s.table...) }

// gate asks the policy whether the caller's role may read (GET) or change
// (anything else) the kind of record the route touches, before the
// handler runs; the workflow then rules on the record itself.
func (s *Server) gate(pattern string, h handlerFunc) handlerFunc {
	if selfRoutes[pattern] {
		return h
	}
	rt := newRoute(pattern, "")
	access := regulator.Change
	if rt.Method == http.MethodGet {
		access = regulator.Read
	}
	return func(w http.ResponseWriter, r *http.Request) error {
		if rt.Kind == "" {
			return models.Errorf(models.EFORBIDDEN, "无权访问")
		}
		if err := s.reg.Policy().Gate(userFrom(r.Context()), rt.Kind, access); err != nil {
			return err
		}
		return h(w, r)
	}
}
