package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"selfcheck/models"
)

// inspectorRoutes registers the roster pages (执法人员名录库) and the routes an
// inspector's account may use.
func (s *Server) inspectorRoutes(admin func(string, handlerFunc)) {
	admin("GET /admin/inspectors", s.inspectorsPage)
	admin("POST /admin/inspectors", s.inspectorForm)
	admin("POST /admin/inspectors/{id}", s.inspectorForm)
}

func init() {
	apiRoutes = append(apiRoutes,
		apiRoute{Method: "GET", Path: "/api/v1/inspectors", Summary: "执法人员名录，按编号顺序键集分页（部门用户只见本部门）", Status: 200, Response: InspectorList{},
			Query:   append([]apiParam{{"department", "所属部门", "string", nil}}, pageParams...),
			handler: func(s *Server) handlerFunc { return s.apiInspectors }},
		apiRoute{Method: "POST", Path: "/api/v1/inspectors", Summary: "新增执法人员（管理员或本部门用户）", Status: 201, Request: apiInspectorBody{}, Response: InspectorV1{},
			handler: func(s *Server) handlerFunc { return s.apiSaveInspector }},
		apiRoute{Method: "PATCH", Path: "/api/v1/inspectors/{id}", Summary: "修改执法人员，active=false 为停用（只改给出的字段）", Status: 200, Request: apiInspectorBody{}, Response: InspectorV1{},
			handler: func(s *Server) handlerFunc { return s.apiSaveInspector }},
	)
}

// rosterDepartments returns the departments whose roster u may manage: every
// one for an admin (nil), its own (name and aliases) for a department user.
// Anyone else is EFORBIDDEN.
func (s *Server) rosterDepartments(u *models.User) ([]string, error) {
	switch {
	case u != nil && u.Role == models.RoleAdmin:
		return nil, nil
	case u != nil && u.Role == models.RoleDepartment:
		for _, d := range s.depts {
			if d.Code == u.Scope {
				return append([]string{d.Name}, d.Aliases...), nil
			}
		}
	}
	return nil, models.Errorf(models.EFORBIDDEN, "只有管理员和部门用户可以管理执法人员名录")
}

// inspectorView is an inspector as the roster page shows it.
type inspectorView struct {
	models.Inspector
	Expires, StreetNames, State string
	Drawable                    bool
}

// inspectorsData is the roster page: the list and the add/edit form.
type inspectorsData struct {
	page
	People  []inspectorView
	Depts   []string
	Streets []models.Street
	Form    inspectorFormValues
	Error   string
	Notice  string
}

// inspectorFormValues is the roster form as submitted, kept to show it back.
type inspectorFormValues struct {
	ID                                      int64
	Name, Department, CertNo, Expires, Away string
	Streets                                 []string
	Active                                  bool
}

// Covers reports whether the form ticks a street.
func (f inspectorFormValues) Covers(code string) bool { return slices.Contains(f.Streets, code) }

func (s *Server) inspectorsData(ctx context.Context, u *models.User, f inspectorFormValues) (*inspectorsData, error) {
	depts, err := s.rosterDepartments(u)
	if err != nil {
		return nil, err
	}
	people, err := s.store.Inspectors(ctx, models.InspectorFilter{Departments: depts})
	if err != nil {
		return nil, err
	}
	d := &inspectorsData{page: page{Title: "执法人员名录", Nav: "inspectors"}, Streets: s.district.Streets, Form: f}
	if depts != nil {
		d.Depts = depts[:1]
	} else {
		for _, dp := range s.depts {
			d.Depts = append(d.Depts, dp.Name)
		}
	}
	today := s.today()
	for _, p := range people {
		v := inspectorView{Inspector: p, Drawable: p.Drawable(today)}
		if e := p.CertExpiry(s.loc); !e.IsZero() {
			v.Expires = e.Format(time.DateOnly)
		}
		var names []string
		for _, c := range p.StreetCodes() {
			if st, ok := s.district.Street(c); ok {
				names = append(names, st.Name)
			}
		}
		v.StreetNames = strings.Join(names, "、")
		switch {
		case !p.Active:
			v.State = "已停用"
		case !p.CertValid(today):
			v.State = "执法证已过期"
		case p.Away(today):
			v.State = "今日不在岗"
		default:
			v.State = "在岗"
		}
		d.People = append(d.People, v)
	}
	return d, nil
}

// today is the start of the current day in the server's zone.
func (s *Server) today() time.Time {
	t := s.now().In(s.loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, s.loc)
}

func (s *Server) inspectorsPage(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	f := inspectorFormValues{Active: true}
	if id, err := strconv.ParseInt(r.URL.Query().Get("edit"), 10, 64); err == nil {
		p, err := s.store.InspectorByID(r.Context(), id)
		if err != nil {
			return err
		}
		if depts, err := s.rosterDepartments(u); err != nil {
			return err
		} else if depts != nil && !slices.Contains(depts, p.Department) {
			return models.Errorf(models.ENOTFOUND, "未找到执法人员 %d", id)
		}
		f = formOf(p, s.loc)
	}
	d, err := s.inspectorsData(r.Context(), u, f)
	if err != nil {
		return err
	}
	if n := r.URL.Query().Get("saved"); n != "" {
		d.Notice = "执法人员 #" + n + " 已保存。"
	}
	s.render(w, r, http.StatusOK, "inspectors", d)
	return nil
}

// formOf fills the form from a stored inspector.
func formOf(p *models.Inspector, loc *time.Location) inspectorFormValues {
	f := inspectorFormValues{ID: p.ID, Name: p.Name, Department: p.Department, CertNo: p.CertNo,
		Away: p.AwayDays, Streets: p.StreetCodes(), Active: p.Active}
	if e := p.CertExpiry(loc); !e.IsZero() {
		f.Expires = e.Format(time.DateOnly)
	}
	return f
}

func (s *Server) inspectorForm(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	f := inspectorFormValues{Name: r.PostFormValue("name"), Department: r.PostFormValue("department"), CertNo: r.PostFormValue("cert_no"),
		Expires: r.PostFormValue("cert_expires_on"), Away: r.PostFormValue("away_days"), Streets: r.PostForm["streets"],
		Active: r.PostFormValue("active") != ""}
	var old *models.Inspector
	if r.PathValue("id") != "" {
		id, err := idOf(r, "执法人员")
		if err != nil {
			return err
		}
		if old, err = s.store.InspectorByID(r.Context(), id); err != nil {
			return err
		}
		f.ID = id
		if r.PostFormValue("deactivate") != "" {
			// The list's one-click 停用 posts nothing else.
			f = formOf(old, s.loc)
			f.Active = false
		}
	}
	p := &models.Inspector{ID: f.ID, Name: f.Name, Department: f.Department, CertNo: f.CertNo,
		Streets: strings.Join(f.Streets, ","), AwayDays: f.Away, Active: f.Active}
	err := s.saveInspector(r.Context(), u, old, p, f.Expires)
	if code := models.ErrorCode(err); code == models.EINVALID || code == models.ECONFLICT {
		d, derr := s.inspectorsData(r.Context(), u, f)
		if derr != nil {
			return derr
		}
		d.Error = models.ErrorMessage(err)
		s.render(w, r, http.StatusBadRequest, "inspectors", d)
		return nil
	} else if err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/inspectors?saved="+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
	return nil
}

// saveInspector checks that u may manage both the old and the new
// department, validates p with its expiry day and stores it (old == nil:
// a new inspector).
func (s *Server) saveInspector(ctx context.Context, u *models.User, old, p *models.Inspector, expires string) error {
	depts, err := s.rosterDepartments(u)
	if err != nil {
		return err
	}
	if depts != nil {
		if old != nil && !slices.Contains(depts, old.Department) {
			return models.Errorf(models.ENOTFOUND, "未找到执法人员 %d", old.ID)
		}
		if !slices.Contains(depts, strings.TrimSpace(p.Department)) {
			return models.Errorf(models.EFORBIDDEN, "您只能管理本部门的执法人员")
		}
	}
	p.CertExpiresOn = nil
	if expires = strings.TrimSpace(expires); expires != "" {
		t, ok := s.parseDay(expires)
		if !ok {
			return models.Errorf(models.EINVALID, "执法证有效期应写作 年-月-日")
		}
		t = t.UTC()
		p.CertExpiresOn = &t
	}
	deptOK := func(name string) bool {
		for _, d := range s.depts {
			if d.Name == name || slices.Contains(d.Aliases, name) {
				return true
			}
		}
		return false
	}
	streetCode := func(c string) string {
		if st, ok := s.district.Street(c); ok {
			return st.Code
		}
		return ""
	}
	if err := models.ValidateInspector(p, deptOK, streetCode); err != nil {
		return err
	}
	if old == nil {
		return s.store.CreateInspector(ctx, p)
	}
	p.CreatedAt = old.CreatedAt
	return s.store.UpdateInspector(ctx, p)
}

// apiInspectorBody is the JSON body of POST and PATCH /api/v1/inspectors;
// PATCH changes only the fields given.
type apiInspectorBody struct {
	Name          *string   `json:"name" label:"姓名" description:"姓名" example:"张明" validate:"omitempty,max=64"`
	Department    *string   `json:"department" description:"所属部门名称" example:"消防救援"`
	CertNo        *string   `json:"cert_no" label:"执法证号" description:"执法证号" validate:"omitempty,max=32"`
	CertExpiresOn *string   `json:"cert_expires_on" format:"date" description:"执法证有效期至 YYYY-MM-DD" example:"2027-06-30"`
	Streets       *[]string `json:"streets" description:"负责的镇街代码，空为全区"`
	AwayDays      *[]string `json:"away_days" description:"不在岗日期 YYYY-MM-DD 或 YYYY-MM-DD~YYYY-MM-DD"`
	Active        *bool     `json:"active" description:"false 为停用"`
}

func (s *Server) apiInspectors(w http.ResponseWriter, r *http.Request) error {
	depts, err := s.rosterDepartments(userFrom(r.Context()))
	if err != nil {
		return err
	}
	p, err := listPageOf(r)
	if err != nil {
		return err
	}
	people, err := s.store.Inspectors(r.Context(), models.InspectorFilter{Departments: depts, Department: r.URL.Query().Get("department"),
		Limit: p.Limit + 1, AfterID: p.AfterID})
	if err != nil {
		return err
	}
	out := InspectorList{}
	if len(people) > p.Limit {
		people = people[:p.Limit]
		last := people[len(people)-1]
		out.Next = reportCursor(last.CreatedAt, last.ID)
	}
	if people == nil {
		people = []models.Inspector{}
	}
	out.Items = convert(people, s.inspectorV1)
	s.writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiSaveInspector(w http.ResponseWriter, r *http.Request) error {
	var b apiInspectorBody
	if err := s.decodeJSON(r, &b); err != nil {
		return err
	}
	p, status := &models.Inspector{Active: true}, http.StatusCreated
	var old *models.Inspector
	expires := ""
	if r.Method == http.MethodPatch {
		id, err := idOf(r, "执法人员")
		if err != nil {
			return err
		}
		if old, err = s.store.InspectorByID(r.Context(), id); err != nil {
			return err
		}
		cp := *old
		p, status = &cp, http.StatusOK
		if e := old.CertExpiry(s.loc); !e.IsZero() {
			expires = e.Format(time.DateOnly)
		}
	}
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&p.Name, b.Name)
	set(&p.Department, b.Department)
	set(&p.CertNo, b.CertNo)
	set(&expires, b.CertExpiresOn)
	if b.Streets != nil {
		p.Streets = strings.Join(*b.Streets, ",")
	}
	if b.AwayDays != nil {
		p.AwayDays = strings.Join(*b.AwayDays, ",")
	}
	if b.Active != nil {
		p.Active = *b.Active
	}
	if err := s.saveInspector(r.Context(), userFrom(r.Context()), old, p, expires); err != nil {
		return err
	}
	s.writeJSON(w, status, s.inspectorV1(*p))
	return nil
}

// homeOf is where a user lands after signing in: an inspector on its own
// visits, anyone else on the overview (首页).
func homeOf(u *models.User) string {
	if u != nil && u.Role == models.RoleInspector {
		return "/admin/visits"
	}
	return "/admin/"
}
