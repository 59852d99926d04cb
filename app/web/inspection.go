package web

import (
	"net/http"
	"slices"
	"time"

	"selfcheck/app/regulator"
	"selfcheck/models"
)

// inspectionRoutes registers the pages of the inspection workflow and the
// public results page, which needs no session.
func (s *Server) inspectionRoutes(mux *http.ServeMux, admin func(string, handlerFunc)) {
	admin("GET /admin/orders", s.ordersPage)
	admin("POST /admin/orders", s.orderForm)
	admin("GET /admin/orders/{id}", s.orderPage)
	admin("GET /admin/plans", s.plansPage)
	admin("POST /admin/plans", s.planForm)
	admin("GET /admin/plans/{id}", s.planPage)
	admin("GET /admin/visits", s.visitsPage)
	admin("GET /admin/visits/{id}", s.onsitePage)
	admin("POST /admin/visits/{id}", s.onsiteForm)
	admin("GET /admin/photos/{id}", s.photo)
	admin("GET /admin/rectify", s.rectifyPage)
	admin("POST /admin/rectify/{id}/verify", s.verifyForm)
	admin("POST /admin/rectify/{id}/deferral", s.deferralForm)
	admin("POST /admin/findings/{id}/revisit", s.revisitForm)
	admin("GET /admin/burden", s.burdenPage)
	admin("GET /admin/burden/export.xlsx", s.burdenExport)
	public := func(pattern string, h handlerFunc) {
		s.table = append(s.table, newRoute(pattern, AuthNone))
		mux.Handle(pattern, s.handle(h))
	}
	public("GET /public/inspections", s.publicPage)
	public("GET /public/inspections.csv", s.publicExport("csv"))
	public("GET /public/inspections.xlsx", s.publicExport("xlsx"))
}

// idOf parses the {id} path value naming a record of kind.
func idOf(r *http.Request, kind string) (int64, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, models.Errorf(models.ENOTFOUND, "未找到该%s", kind)
	}
	return id, nil
}

// parseDay reads a YYYY-MM-DD day in the server's zone.
func (s *Server) parseDay(v string) (time.Time, bool) {
	t, err := time.ParseInLocation(time.DateOnly, v, s.loc)
	return t, err == nil
}

// periodParams are the query parameters of a period of days.
var periodParams = []apiParam{
	{"from", "开始日期 YYYY-MM-DD", "string", nil},
	{"to", "结束日期 YYYY-MM-DD", "string", nil},
}

func init() {
	apiRoutes = append(apiRoutes,
		apiRoute{Method: "GET", Path: "/api/v1/orders", Summary: "检查指令（新的在前，键集分页；部门用户只见本部门）", Status: 200, Response: OrderList{},
			Query:   append([]apiParam{{"dept", "下达部门", "string", nil}, {"status", "状态", "string", orderStatuses}}, append(slices.Clone(periodParams), pageParams...)...),
			handler: func(s *Server) handlerFunc { return s.apiOrders }},
		apiRoute{Method: "POST", Path: "/api/v1/orders", Summary: "下达检查指令（按名单或筛选条件选定对象）", Status: 201,
			Request: apiOrderBody{}, Response: OrderV1{},
			handler: func(s *Server) handlerFunc { return s.apiCreateOrder }},
		apiRoute{Method: "POST", Path: "/api/v1/plans", Summary: "编排检查计划：合并期间内的检查指令（一体指令），随机抽取执法人员（仅管理员）", Status: 201, Response: PlanV1{},
			Request: apiPlanBody{},
			handler: func(s *Server) handlerFunc { return s.apiMakePlan }},
		apiRoute{Method: "GET", Path: "/api/v1/plans/{id}", Summary: "检查计划：按网格与执法小组的路线、合并与跳过的说明、随机种子", Status: 200, Response: PlanV1{},
			handler: func(s *Server) handlerFunc { return s.apiPlan }},
		apiRoute{Method: "GET", Path: "/api/v1/visits", Summary: "待执行的现场检查任务（按计划日期与编号，键集分页）", Status: 200, Response: VisitList{}, Query: pageParams,
			handler: func(s *Server) handlerFunc { return s.apiVisits }},
		apiRoute{Method: "GET", Path: "/api/v1/visits/{id}", Summary: "现场检查任务及其检查事项与结果", Status: 200, Response: VisitDetail{},
			handler: func(s *Server) handlerFunc { return s.apiVisit }},
		apiRoute{Method: "POST", Path: "/api/v1/visits/{id}/results", Summary: "录入现场检查结果（每个事项合规或隐患）", Status: 201, Response: OnsiteResultV1{},
			Request: apiResultsBody{},
			handler: func(s *Server) handlerFunc { return s.apiRecordOnsite }},
		apiRoute{Method: "GET", Path: "/api/v1/rectify", Summary: "整改复查队列：待处理的整改报告与延期申请、须现场复查、逾期未整改", Status: 200, Response: RectifyQueue{},
			handler: func(s *Server) handlerFunc { return s.apiRectify }},
		apiRoute{Method: "POST", Path: "/api/v1/rectifications/{id}/verify", Summary: "复核整改报告（accept；不通过须填 note）", Status: 200, Response: OKResult{},
			Request: apiDecisionBody{},
			handler: func(s *Server) handlerFunc { return s.apiDecide(s.apiVerify) }},
		apiRoute{Method: "POST", Path: "/api/v1/rectifications/{id}/deferral", Summary: "批准（accept=true）或不批准延期申请，note 为理由", Status: 200, Response: OKResult{},
			Request: apiDecisionBody{},
			handler: func(s *Server) handlerFunc { return s.apiDecide(s.apiDeferral) }},
		apiRoute{Method: "POST", Path: "/api/v1/findings/{id}/revisit", Summary: "安排现场复查（on 日期，department 抽取执法人员的部门）", Status: 200, Response: OKResult{},
			Request: apiDecisionBody{},
			handler: func(s *Server) handlerFunc { return s.apiDecide(s.apiRevisit) }},
		apiRoute{Method: "GET", Path: "/api/v1/burden", Summary: "基层减负统计（按部门、镇街），每个数字附依据的记录编号", Query: periodParams, Status: 200, Response: regulator.BurdenReport{},
			handler: func(s *Server) handlerFunc { return s.apiBurden }},
		apiRoute{Method: "GET", Path: "/api/v1/publicity", Summary: "检查结果公示（一公开），不含个人信息", Status: 200, Response: PublicityList{},
			Query: append(slices.Clone(periodParams), limitParam, apiParam{"after", "上一页响应中的 next", "string", nil},
				apiParam{"offset", "跳过条数（旧参数，请改用 after）", "integer", nil}),
			handler: func(s *Server) handlerFunc { return s.apiPublicity }},
	)
}
