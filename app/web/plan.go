package web

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"selfcheck/app/regulator"
	"selfcheck/models"
)

// Defaults of the plan form, as `selfcheck plan` has them.
const (
	defaultYearlyCap = 4
	defaultRouteSize = 6
)

// planFormValues is the plan form as submitted, kept to show it back.
type planFormValues struct {
	From, To, Seed, Cap, RouteSize string
}

// plansData is the plan page: the form and the latest plans.
type plansData struct {
	page
	Form  planFormValues
	Error string
	Plans []models.Plan
}

func (s *Server) plansPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.plansData(r.Context(), planFormValues{From: s.now().In(s.loc).Format(time.DateOnly),
		To: s.now().In(s.loc).AddDate(0, 0, 6).Format(time.DateOnly), Cap: strconv.Itoa(defaultYearlyCap), RouteSize: strconv.Itoa(defaultRouteSize)})
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "plans", d)
	return nil
}

func (s *Server) plansData(ctx context.Context, f planFormValues) (*plansData, error) {
	plans, err := s.store.RecentPlans(ctx, recentLimit)
	if err != nil {
		return nil, err
	}
	return &plansData{page: page{Title: "检查计划", Nav: "plans"}, Form: f, Plans: plans}, nil
}

// planInput checks the plan form; problems come back in Chinese.
func (s *Server) planInput(f planFormValues) (regulator.PlanInput, []string) {
	var in regulator.PlanInput
	var problems []string
	var ok bool
	if in.From, ok = s.parseDay(f.From); !ok {
		problems = append(problems, "请填写计划开始日期（年-月-日）")
	}
	if in.To, ok = s.parseDay(f.To); !ok {
		problems = append(problems, "请填写计划结束日期（年-月-日）")
	}
	if ok && in.To.Sub(in.From) > 92*24*time.Hour {
		problems = append(problems, "一次编排的期间不能超过三个月")
	}
	num := func(v string, def int, max uint64, msg string) uint64 {
		if strings.TrimSpace(v) == "" {
			return uint64(def)
		}
		n, err := strconv.ParseUint(strings.TrimSpace(v), 10, 64)
		if err != nil || n > max {
			problems = append(problems, msg)
		}
		return n
	}
	in.Seed = num(f.Seed, 0, 1<<63-1, "随机种子应为不超过 9223372036854775807 的非负整数")
	if in.Seed == 0 {
		in.Seed = newSeed()
	}
	in.YearlyCap = int(num(f.Cap, defaultYearlyCap, 366, "每家企业每年检查次数上限应为 0-366 的整数"))
	in.RouteSize = int(num(f.RouteSize, defaultRouteSize, 50, "每组每天检查企业数应为 1-50 的整数"))
	if in.RouteSize == 0 {
		problems = append(problems, "每组每天检查企业数应为 1-50 的整数")
	}
	return in, problems
}

// newSeed draws a fresh seed below 2^63, so that it fits the signed column.
func newSeed() uint64 {
	var b [8]byte
	rand.Read(b[:])
	return binary.BigEndian.Uint64(b[:])>>1 | 1
}

// requireAdmin refuses everyone but administrators: a plan merges the orders
// of every department, so only the district coordinates it.
func requireAdmin(u *models.User) error {
	if u == nil || u.Role != models.RoleAdmin {
		return models.Errorf(models.EFORBIDDEN, "只有管理员可以编排检查计划")
	}
	return nil
}

func (s *Server) planForm(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	f := planFormValues{From: r.PostFormValue("from"), To: r.PostFormValue("to"), Seed: r.PostFormValue("seed"),
		Cap: r.PostFormValue("cap"), RouteSize: r.PostFormValue("route_size")}
	in, problems := s.planInput(f)
	var res *regulator.PlanResult
	if err := requireAdmin(u); err != nil {
		problems = append(problems, models.ErrorMessage(err))
	} else if len(problems) == 0 {
		res, err = s.reg.MakePlan(r.Context(), u, in)
		if models.ErrorCode(err) == models.EINVALID {
			problems = append(problems, models.ErrorMessage(err))
		} else if err != nil {
			return err
		}
	}
	if len(problems) > 0 {
		d, err := s.plansData(r.Context(), f)
		if err != nil {
			return err
		}
		d.Error = strings.Join(problems, "；")
		s.render(w, r, http.StatusBadRequest, "plans", d)
		return nil
	}
	http.Redirect(w, r, "/admin/plans/"+strconv.FormatInt(res.PlanID, 10), http.StatusSeeOther)
	return nil
}

// apiPlanBody is the JSON body of POST /api/v1/plans.
type apiPlanBody struct {
	From      string `json:"from" required:"true" format:"date" example:"2026-12-07"`
	To        string `json:"to" required:"true" format:"date" example:"2026-12-18"`
	Seed      string `json:"seed" description:"随机种子（十进制），留空随机生成" example:"3"`
	Cap       *int   `json:"cap" description:"每家企业每年现场检查的上限（默认见部署参数）" validate:"omitempty,min=0"`
	RouteSize *int   `json:"route_size" description:"每条路线的检查数" validate:"omitempty,min=1"`
}

func (s *Server) apiMakePlan(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	if err := requireAdmin(u); err != nil {
		return err
	}
	var b apiPlanBody
	if err := s.decodeJSON(r, &b); err != nil {
		return err
	}
	f := planFormValues{From: b.From, To: b.To, Seed: b.Seed}
	if b.Cap != nil {
		f.Cap = strconv.Itoa(*b.Cap)
	}
	if b.RouteSize != nil {
		f.RouteSize = strconv.Itoa(*b.RouteSize)
	}
	in, problems := s.planInput(f)
	if len(problems) > 0 {
		return models.Errorf(models.EINVALID, "%s", strings.Join(problems, "；"))
	}
	res, err := s.reg.MakePlan(r.Context(), u, in)
	if err != nil {
		return err
	}
	v, err := s.loadPlan(r.Context(), u, res.PlanID)
	if err != nil {
		return err
	}
	out := s.planV1(v)
	out.Orders = res.Orders
	s.writeJSON(w, http.StatusCreated, out)
	return nil
}

// planView is a stored plan as its page shows it: routes grouped by grid,
// each an inspector-day with its stops in route order.
type planView struct {
	Plan        *models.Plan `json:"plan"`
	Seed        string       `json:"seed"`
	Explanation []string     `json:"explanation"`
	Grids       []gridRoutes `json:"grids"`
	Skips       []skipView   `json:"skips"`
	Visits      int          `json:"visits"`
}

type gridRoutes struct {
	Grid   string      `json:"grid"`
	Routes []routeView `json:"routes"`
}

type routeView struct {
	models.PlanRoute
	Team   []string    `json:"team"`
	Roster int         `json:"roster_size"`
	Stops  []visitView `json:"stops"`
}

// visitView is a visit with its firm and the orders it merges.
type visitView struct {
	models.PlannedVisit
	Firm   models.Enterprise `json:"firm"`
	Orders []int64           `json:"orders"`
	Items  []string          `json:"items"`
}

type skipView struct {
	models.PlanSkip
	Firm      string `json:"firm"`
	CauseText string `json:"cause_text"`
}

// skipCauseTexts name the planner's skip causes in Chinese.
var skipCauseTexts = map[string]string{
	"exempt": "信用免检（无事不扰）", "cap": "已达年度检查上限", "not_applicable": "检查事项均不适用",
	"no_capacity": "时间窗口内无可用执法人员", "unknown_firm": "企业不存在或已注销", "outside_period": "时间窗口不在计划期间内",
	"not_drawn": "信用抽查未抽中",
}

// loadPlan gathers a stored plan for u; a street user sees the stops of its
// street only.
func (s *Server) loadPlan(ctx context.Context, u *models.User, id int64) (*planView, error) {
	p, err := s.store.PlanByID(ctx, id)
	if err != nil {
		return nil, err
	}
	routes, err := s.store.PlanRoutes(ctx, id)
	if err != nil {
		return nil, err
	}
	visits, err := s.store.PlanVisits(ctx, id)
	if err != nil {
		return nil, err
	}
	skips, err := s.store.PlanSkips(ctx, id)
	if err != nil {
		return nil, err
	}
	views, firms, err := s.visitViews(ctx, visits)
	if err != nil {
		return nil, err
	}
	names, err := s.inspectorNames(ctx)
	if err != nil {
		return nil, err
	}
	sc := s.scopeOf(u)
	pv := &planView{Plan: p, Seed: strconv.FormatUint(uint64(p.Seed), 10), Explanation: strings.Split(p.Explanation, "\n")}
	for _, rt := range routes {
		rv := routeView{PlanRoute: rt}
		var team, roster []int64
		json.Unmarshal([]byte(rt.Inspectors), &team)
		json.Unmarshal([]byte(rt.Roster), &roster)
		rv.Roster = len(roster)
		for _, t := range team {
			rv.Team = append(rv.Team, names(t))
		}
		for _, v := range views {
			if v.RouteID != nil && *v.RouteID == rt.ID && sc.SeesEnterprise(v.Firm.StreetCode) {
				rv.Stops = append(rv.Stops, v)
			}
		}
		if len(rv.Stops) == 0 {
			continue
		}
		pv.Visits += len(rv.Stops)
		i := slices.IndexFunc(pv.Grids, func(g gridRoutes) bool { return g.Grid == rt.GridCode })
		if i < 0 {
			pv.Grids = append(pv.Grids, gridRoutes{Grid: rt.GridCode})
			i = len(pv.Grids) - 1
		}
		pv.Grids[i].Routes = append(pv.Grids[i].Routes, rv)
	}
	slices.SortStableFunc(pv.Grids, func(a, b gridRoutes) int { return strings.Compare(a.Grid, b.Grid) })
	for _, sk := range skips {
		f, ok := firms[sk.EnterpriseID]
		if ok && !sc.SeesEnterprise(f.StreetCode) || !ok && sc.StreetFilter() != "" {
			continue
		}
		pv.Skips = append(pv.Skips, skipView{PlanSkip: sk, Firm: f.Name, CauseText: skipCauseTexts[sk.Cause]})
	}
	return pv, nil
}

// visitViews adds their firms and orders to visits; it returns the firms of
// the visits too.
func (s *Server) visitViews(ctx context.Context, visits []models.PlannedVisit) ([]visitView, map[int64]models.Enterprise, error) {
	ids := make([]int64, 0, len(visits))
	firmIDs := make([]int64, 0, len(visits))
	for _, v := range visits {
		ids = append(ids, v.ID)
		firmIDs = append(firmIDs, v.EnterpriseID)
	}
	orders, err := s.store.VisitOrderIDs(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	firms, err := s.store.EnterprisesByID(ctx, firmIDs)
	if err != nil {
		return nil, nil, err
	}
	out := make([]visitView, len(visits))
	for i, v := range visits {
		out[i] = visitView{PlannedVisit: v, Firm: firms[v.EnterpriseID], Orders: orders[v.ID]}
		json.Unmarshal([]byte(v.Items), &out[i].Items)
	}
	return out, firms, nil
}

// inspectorNames returns a function naming an inspector by id.
func (s *Server) inspectorNames(ctx context.Context) (func(int64) string, error) {
	people, err := s.store.ActiveInspectors(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[int64]models.Inspector{}
	for _, p := range people {
		byID[p.ID] = p
	}
	return func(id int64) string {
		if p, ok := byID[id]; ok {
			return p.Name + "（" + p.Department + "）"
		}
		return "执法人员#" + strconv.FormatInt(id, 10)
	}, nil
}

// planData is the page of one plan.
type planData struct {
	page
	View *planView
}

func (s *Server) planPage(w http.ResponseWriter, r *http.Request) error {
	id, err := idOf(r, "检查计划")
	if err != nil {
		return err
	}
	v, err := s.loadPlan(r.Context(), userFrom(r.Context()), id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "plan", &planData{page: page{Title: "检查计划 #" + strconv.FormatInt(id, 10), Nav: "plans"}, View: v})
	return nil
}

func (s *Server) apiPlan(w http.ResponseWriter, r *http.Request) error {
	id, err := idOf(r, "检查计划")
	if err != nil {
		return err
	}
	v, err := s.loadPlan(r.Context(), userFrom(r.Context()), id)
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, s.planV1(v))
	return nil
}
