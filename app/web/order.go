package web

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"selfcheck/app/planner"
	"selfcheck/app/regulator"
	"selfcheck/models"
)

// orderFormValues is the order form as submitted, kept to show it back.
type orderFormValues struct {
	Department, Reason, Mode, Targets, From, To, Note string
	Street, Grid, Industry                            string
	Grades, Items                                     []string
}

// checklistTheme is the checklist items of one theme, for the form.
type checklistTheme struct {
	Theme string
	Items []regulator.ChecklistItem
}

// ordersData is the page of inspection orders: the form and the latest.
type ordersData struct {
	page
	Form    orderFormValues
	Error   string
	Notice  string
	Depts   []string
	Locked  bool
	Reasons []planner.Reason
	Themes  []checklistTheme
	Streets []models.Street
	Grades  []string
	// Checked marks the items ("item:ID") and grades ("grade:G") ticked.
	Checked map[string]bool
	Orders  []orderView
	List    orderList
}

// orderView is an order as the list shows it.
type orderView struct {
	models.OrderRow
	ReasonText, StatusText, ItemList string
}

// orderStatusTexts names the order statuses in Chinese.
var orderStatusTexts = map[string]string{models.OrderOpen: "待编排", models.OrderPlanned: "已编排", models.OrderPartial: "部分编排", models.OrderCancelled: "已撤回"}

func viewOrder(o models.OrderRow) orderView {
	var items []string
	json.Unmarshal([]byte(o.Items), &items)
	return orderView{OrderRow: o, ReasonText: planner.Reason(o.Reason).Label(), StatusText: orderStatusTexts[o.Status],
		ItemList: strings.Join(items, "、")}
}

// recentLimit is how many records the dashboard's lists show.
const recentLimit = 100

func (s *Server) ordersData(r *http.Request, f orderFormValues) (*ordersData, error) {
	u := userFrom(r.Context())
	d := &ordersData{page: page{Title: "检查指令", Nav: "orders"}, Form: f, Reasons: planner.Reasons(),
		Streets: s.district.Streets, Grades: []string{"A", "B", "C", "D"}, Checked: map[string]bool{}}
	for _, it := range f.Items {
		d.Checked["item:"+it] = true
	}
	for _, g := range f.Grades {
		d.Checked["grade:"+g] = true
	}
	for _, dep := range s.depts {
		if u.Role == models.RoleDepartment && dep.Code == u.Scope {
			d.Depts, d.Locked = []string{dep.Name}, true
			break
		}
		if u.Role != models.RoleDepartment {
			d.Depts = append(d.Depts, dep.Name)
		}
	}
	if d.Locked {
		d.Form.Department = d.Depts[0]
	}
	for _, it := range s.reg.Checklist() {
		if len(d.Themes) == 0 || d.Themes[len(d.Themes)-1].Theme != it.Theme {
			d.Themes = append(d.Themes, checklistTheme{Theme: it.Theme})
		}
		t := &d.Themes[len(d.Themes)-1]
		t.Items = append(t.Items, it)
	}
	list, rows, err := s.listOrders(r)
	if err != nil {
		return nil, err
	}
	d.List = list
	for _, o := range rows {
		d.Orders = append(d.Orders, viewOrder(o))
	}
	return d, nil
}

func (s *Server) ordersPage(w http.ResponseWriter, r *http.Request) error {
	today := s.now().In(s.loc).Format("2006-01-02")
	d, err := s.ordersData(r, orderFormValues{Mode: "list", Reason: string(planner.ReasonRoutine), From: today, To: today})
	if err != nil {
		return err
	}
	if id := r.URL.Query().Get("created"); id != "" {
		d.Notice = "检查指令 #" + id + " 已下达，等待编排进检查计划。"
	}
	s.render(w, r, http.StatusOK, "orders", d)
	return nil
}

func (s *Server) orderForm(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return models.Errorf(models.EINVALID, "表单无效")
	}
	v := r.PostForm
	f := orderFormValues{Department: v.Get("department"), Reason: v.Get("reason"), Mode: v.Get("mode"), Targets: v.Get("targets"),
		From: v.Get("from"), To: v.Get("to"), Note: v.Get("note"), Street: v.Get("street"), Grid: v.Get("grid"),
		Industry: v.Get("industry"), Grades: v["grades"], Items: v["items"]}
	var err error
	in, problems := s.orderInput(r, f)
	var o *models.InspectionOrder
	if len(problems) == 0 {
		o, err = s.reg.CreateOrder(r.Context(), userFrom(r.Context()), in)
		if models.ErrorCode(err) == models.EINVALID {
			problems = append(problems, models.ErrorMessage(err))
		} else if err != nil {
			return err
		}
	}
	if len(problems) > 0 {
		d, err := s.ordersData(r, f)
		if err != nil {
			return err
		}
		d.Error = strings.Join(problems, "；")
		s.render(w, r, http.StatusBadRequest, "orders", d)
		return nil
	}
	http.Redirect(w, r, "/admin/orders?created="+strconv.FormatInt(o.ID, 10), http.StatusSeeOther)
	return nil
}

// targetSplit splits a list of targets at commas, spaces and new lines.
var targetSplit = regexp.MustCompile(`[\s,，、;；]+`)

// orderInput turns the form into an order, resolving 统一社会信用代码 in the
// list to firm ids. Problems the core would not see come back in Chinese.
func (s *Server) orderInput(r *http.Request, f orderFormValues) (regulator.OrderInput, []string) {
	in := regulator.OrderInput{Department: f.Department, Reason: f.Reason, Items: f.Items, Note: f.Note}
	var problems []string
	if f.From != "" {
		if t, ok := s.parseDay(f.From); ok {
			in.From = t
		} else {
			problems = append(problems, "开始日期格式应为 年-月-日")
		}
	}
	if f.To != "" {
		if t, ok := s.parseDay(f.To); ok {
			in.To = t
		} else {
			problems = append(problems, "结束日期格式应为 年-月-日")
		}
	}
	switch f.Mode {
	case "filter":
		in.Filter = &models.TargetFilter{StreetCode: f.Street, GridCode: f.Grid, Industry: f.Industry}
		for _, g := range f.Grades {
			if slices.Contains([]string{"A", "B", "C", "D"}, g) {
				in.Filter.Grades = append(in.Filter.Grades, g)
			}
		}
	default:
		for _, t := range targetSplit.Split(strings.TrimSpace(f.Targets), -1) {
			if t == "" {
				continue
			}
			if id, err := strconv.ParseInt(t, 10, 64); err == nil && len(t) < 18 {
				in.Targets = append(in.Targets, id)
				continue
			}
			e, err := s.store.EnterpriseByUSCC(r.Context(), strings.ToUpper(t))
			if err != nil {
				problems = append(problems, "统一社会信用代码 "+t+" 未找到对应企业")
				continue
			}
			in.Targets = append(in.Targets, e.ID)
		}
	}
	return in, problems
}

// apiOrderBody is the JSON body of POST /api/v1/orders.
type apiOrderBody struct {
	Department string               `json:"department" required:"true" description:"下达指令的部门" example:"消防救援"`
	Reason     string               `json:"reason" required:"true" enum:"routine,random_audit,complaint,follow_up" example:"routine"`
	Items      []string             `json:"items" required:"true" description:"标准检查清单事项编号" example:"FS-01"`
	From       string               `json:"from" required:"true" format:"date" example:"2026-12-07"`
	To         string               `json:"to" required:"true" format:"date" example:"2026-12-18"`
	Targets    []int64              `json:"targets" description:"企业编号；与 filter 二选一"`
	Filter     *models.TargetFilter `json:"filter" description:"按条件选定对象；street 可为镇街代码或名称"`
	Note       string               `json:"note" description:"说明（最多500字）"`
}

func (s *Server) apiCreateOrder(w http.ResponseWriter, r *http.Request) error {
	var b apiOrderBody
	if err := s.decodeJSON(r, &b); err != nil {
		return err
	}
	if b.Filter != nil && b.Filter.StreetCode != "" {
		b.Filter.StreetCode = s.streetCodes([]string{b.Filter.StreetCode})[0]
	}
	in := regulator.OrderInput{Department: b.Department, Reason: b.Reason, Items: b.Items, Targets: b.Targets, Filter: b.Filter, Note: b.Note}
	var ok1, ok2 bool
	in.From, ok1 = s.parseDay(b.From)
	in.To, ok2 = s.parseDay(b.To)
	if !ok1 || !ok2 {
		return fieldsError(map[string]string{"from": "from 与 to 须为 YYYY-MM-DD 格式的日期"})
	}
	o, err := s.reg.CreateOrder(r.Context(), userFrom(r.Context()), in)
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusCreated, s.orderV1(o))
	return nil
}

func (s *Server) apiOrders(w http.ResponseWriter, r *http.Request) error {
	p, err := listPageOf(r)
	if err != nil {
		return err
	}
	v, fields := r.URL.Query(), map[string]string{}
	status := v.Get("status")
	if status != "" && !slices.Contains(orderStatuses, status) {
		fields["status"] = "未知的状态"
	}
	from, to := dayRange(v, s.loc, fields)
	if len(fields) > 0 {
		return fieldsError(fields)
	}
	rows, _, err := s.reg.OrderPage(r.Context(), userFrom(r.Context()), models.OrderPageQuery{Department: v.Get("dept"), Status: status,
		From: from, To: to, Limit: p.Limit + 1, Keyset: true, AfterID: p.AfterID})
	if err != nil {
		return err
	}
	out := OrderList{Items: []OrderV1{}}
	if len(rows) > p.Limit {
		rows = rows[:p.Limit]
		last := rows[len(rows)-1]
		out.Next = reportCursor(last.CreatedAt, last.ID)
	}
	for _, o := range rows {
		v := s.orderV1(&o.InspectionOrder)
		v.Targets, v.Waiting = &o.TargetCount, &o.Waiting
		out.Items = append(out.Items, v)
	}
	s.writeJSON(w, http.StatusOK, out)
	return nil
}
