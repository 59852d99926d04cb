package web

// PlanV1 is an inspection plan: merged orders as routes per grid and
// inspector team, the skips with their causes, and the random seed.
type PlanV1 struct {
	ID          int64         `json:"id" example:"2"`
	From        Date          `json:"from" format:"date" example:"2026-12-07"`
	To          Date          `json:"to" format:"date" example:"2026-12-18"`
	Seed        string        `json:"seed" description:"随机种子（可复现抽取）" example:"3"`
	Orders      int           `json:"orders,omitempty" description:"编排时合并的检查指令数（仅创建时）"`
	Visits      int           `json:"visits" description:"安排的现场检查数"`
	Explanation []string      `json:"explanation" description:"计划说明：每次合并、跳过与路线一行"`
	Routes      []PlanRouteV1 `json:"routes"`
	Skips       []PlanSkipV1  `json:"skips" description:"不安排检查的对象及原因"`
	CreatedBy   string        `json:"created_by"`
	CreatedAt   Instant       `json:"created_at" format:"date-time"`
}

// PlanRouteV1 is one inspector team's day in one grid.
type PlanRouteV1 struct {
	RouteNo    int       `json:"route_no" example:"1"`
	Grid       *Coded    `json:"grid"`
	On         Date      `json:"on" format:"date"`
	Team       []string  `json:"team" description:"随机抽取的执法人员"`
	RosterSize int       `json:"roster_size" description:"抽取所依据的名录人数"`
	KM         float64   `json:"km" description:"路线估算里程（公里）"`
	Stops      []VisitV1 `json:"stops"`
}

// PlanSkipV1 is a target a plan did not visit, and why.
type PlanSkipV1 struct {
	OrderID    int64   `json:"order_id"`
	Firm       FirmRef `json:"enterprise"`
	Department string  `json:"department"`
	Cause      Coded   `json:"cause" description:"exempt 免检（信用好）、cap 超出上限、not_applicable 不适用、no_capacity 人手不足、unknown_firm、outside_period"`
	Note       string  `json:"note"`
}

func (s *Server) planV1(v *planView) PlanV1 {
	p := v.Plan
	out := PlanV1{ID: p.ID, From: s.day(p.FromOn), To: s.day(p.ToOn), Seed: v.Seed, Visits: v.Visits, Explanation: orEmpty(v.Explanation),
		Routes: []PlanRouteV1{}, CreatedBy: p.CreatedBy, CreatedAt: s.instant(p.CreatedAt)}
	for _, g := range v.Grids {
		for _, rt := range g.Routes {
			out.Routes = append(out.Routes, PlanRouteV1{RouteNo: rt.RouteNo, Grid: s.gridOf("", rt.GridCode),
				On: s.day(rt.PlannedOn), Team: orEmpty(rt.Team), RosterSize: rt.Roster, KM: rt.KM, Stops: convert(rt.Stops, s.visitV1)})
		}
	}
	out.Skips = convert(v.Skips, func(k skipView) PlanSkipV1 {
		return PlanSkipV1{OrderID: k.OrderID, Firm: FirmRef{ID: k.EnterpriseID, Name: k.Firm}, Department: k.Department,
			Cause: Coded{Code: k.Cause, Name: k.CauseText}, Note: k.Note}
	})
	return out
}
