package web

import (
	"fmt"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml"

	"selfcheck/app/regulator"
	"selfcheck/models"
)

func init() {
	apiRoutes = append(apiRoutes,
		apiRoute{Method: "GET", Path: "/api/v1/reports", Summary: "市民举报队列", Status: 200, Response: ReportList{},
			Query: []apiParam{{"status", "状态", "string", []string{"new", "dispatched", "handling", "resolved", "closed"}},
				{"department", "承办部门", "string", nil}, {"category", "类别", "string", nil}, limitParam,
				{"after", "上一页响应中的 next，用于取下一页", "string", nil}},
			handler: func(s *Server) handlerFunc { return s.apiReports }},
		apiRoute{Method: "GET", Path: "/api/v1/reports/stats", Summary: "各部门办结率、按期率、重办率与回访满意度", Status: 200, Response: ReportStats{},
			Query:   []apiParam{{"days", "统计最近多少天受理的举报（默认365）", "integer", nil}},
			handler: func(s *Server) handlerFunc { return s.apiReportStats }},
		apiRoute{Method: "GET", Path: "/api/v1/reports/{id}", Summary: "举报详情、处理记录与疑似重复", Status: 200, Response: ReportDetail{},
			handler: func(s *Server) handlerFunc { return s.apiReport }},
		apiRoute{Method: "POST", Path: "/api/v1/reports/{id}/actions", Summary: "举报处理：派单、受理、办结、关闭、重办、合并、确权", Status: 200, Response: ReportDetail{},
			Request: apiReportActionBody{},
			handler: func(s *Server) handlerFunc { return s.apiReportAction }},
	)
}

// loadFallback reads the department of 无主部件 (ownerless_department, a
// department code) from departments.yaml and returns its name.
func loadFallback(fsys fs.FS, name string) (string, error) {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", name, err)
	}
	var doc struct {
		Fallback    string       `yaml:"ownerless_department"`
		Departments []Department `yaml:"departments"`
	}
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return "", fmt.Errorf("parse %s: %w", name, err)
	}
	if doc.Fallback == "" {
		return "", nil
	}
	for _, d := range doc.Departments {
		if d.Code == doc.Fallback {
			return d.Name, nil
		}
	}
	return "", fmt.Errorf("%s: ownerless_department %q is not a department code", name, doc.Fallback)
}

// statRow is a department's figures as rates.
type statRow struct {
	models.DepartmentStat
	Closure, OnTime, Reopen, Satisfaction string
}

func rate(n, d int64) string {
	if d == 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", float64(n)*100/float64(d))
}

func statRows(st []models.DepartmentStat) []statRow {
	out := make([]statRow, len(st))
	for i, x := range st {
		out[i] = statRow{DepartmentStat: x, Closure: rate(x.Done, x.Total), OnTime: rate(x.OnTime, x.Done), Reopen: rate(x.Reopened, x.Done), Satisfaction: "—"}
		if x.Rated > 0 {
			out[i].Satisfaction = fmt.Sprintf("%.2f", float64(x.SatisfactionSum)/float64(x.Rated))
		}
	}
	return out
}

func (s *Server) reportQuery(r *http.Request) models.ReportQuery {
	q := r.URL.Query()
	return models.ReportQuery{Status: q.Get("status"), Department: q.Get("department"), Category: q.Get("category"), Limit: 200}
}

func (s *Server) reportsPage(w http.ResponseWriter, r *http.Request) error {
	return s.reportListPage(w, r)
}

func (s *Server) apiReports(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q, err := s.reportListQuery(r, s.reportQuery(r))
	if err != nil {
		return err
	}
	rs, err := s.reg.ReportQueue(ctx, userFrom(ctx), q)
	if err != nil {
		return err
	}
	out := ReportList{Items: convert(rs, s.reportV1)}
	if len(rs) == q.Limit {
		last := rs[len(rs)-1]
		out.Next = reportCursor(last.CreatedAt, last.ID)
	}
	s.writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiReportStats(w http.ResponseWriter, r *http.Request) error {
	days := 365
	if v := r.URL.Query().Get("days"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 3650 {
			return fieldsError(map[string]string{"days": "天数须为1至3650的整数"})
		}
		days = n
	}
	st, err := s.store.DepartmentStats(r.Context(), s.now().Add(-time.Duration(days)*24*time.Hour))
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, ReportStats{Departments: orEmpty(st)})
	return nil
}

// reportData is one report's page.
type reportData struct {
	page
	Report     *models.CitizenReport
	Handling   *models.ReportState
	Events     []models.ReportEvent
	Duplicates []models.CitizenReport
	// Photos are the photos the citizen sent with the report.
	Photos      []models.Photo
	Departments []Department
	Fallback    string
	Form        regulator.ReportAction
	Fields      map[string]string
	Notice      string
}

func (s *Server) loadReport(r *http.Request) (*reportData, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, models.Errorf(models.ENOTFOUND, "未找到该举报")
	}
	ctx := r.Context()
	v, err := s.reg.Report(ctx, userFrom(ctx), id)
	if err != nil {
		return nil, err
	}
	d := &reportData{page: page{Title: "举报 " + v.Report.TicketNo, Nav: "reports"}, Report: v.Report, Handling: v.Handling,
		Events: v.Events, Duplicates: v.Duplicates, Departments: s.depts, Fallback: s.fallback, Form: regulator.ReportAction{Workdays: 5}}
	if d.Photos, err = s.store.ReportPhotos(ctx, id); err != nil {
		return nil, err
	}
	return d, nil
}

func (s *Server) reportPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadReport(r)
	if err != nil {
		return err
	}
	if ok := r.URL.Query().Get("ok"); ok != "" {
		d.Notice = "已处理，状态变化已推送给举报人。"
	}
	s.render(w, r, http.StatusOK, "report", d)
	return nil
}

func (s *Server) apiReport(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadReport(r)
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, s.reportDetail(d))
	return nil
}

// act validates and applies an action; field problems come back as a map.
func (s *Server) act(r *http.Request, d *reportData, a regulator.ReportAction) (map[string]string, error) {
	a.Note, a.Owner, a.Department = strings.TrimSpace(a.Note), strings.TrimSpace(a.Owner), strings.TrimSpace(a.Department)
	if a.Action == regulator.ActDispatch && a.Ownerless && a.Department == "" {
		a.Department = s.fallback
	}
	if fields := s.check(&a); fields != nil {
		return fields, nil
	}
	if a.Action == regulator.ActDispatch && !s.knownDepartment(a.Department) {
		return map[string]string{"department": "未知的部门"}, nil
	}
	if a.Action == regulator.ActResolve && a.Verified && a.Severity == "" {
		return map[string]string{"severity": "举报属实时请选择严重程度"}, nil
	}
	return nil, s.reg.ActOnReport(r.Context(), userFrom(r.Context()), d.Report.ID, a)
}

func (s *Server) knownDepartment(name string) bool {
	for _, d := range s.depts {
		if d.Name == name {
			return true
		}
	}
	return false
}

func (s *Server) reportForm(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadReport(r)
	if err != nil {
		return err
	}
	workdays, _ := strconv.Atoi(r.PostFormValue("workdays"))
	firm, _ := strconv.ParseInt(r.PostFormValue("enterprise_id"), 10, 64)
	into, _ := strconv.ParseInt(r.PostFormValue("merge_into"), 10, 64)
	a := regulator.ReportAction{Action: r.PostFormValue("action"), Department: r.PostFormValue("department"), Ownerless: r.PostFormValue("ownerless") == "1",
		Workdays: workdays, Verified: r.PostFormValue("verified") == "1", Severity: r.PostFormValue("severity"), EnterpriseID: firm,
		MergeInto: into, Owner: r.PostFormValue("owner"), Note: r.PostFormValue("note")}
	fields, err := s.act(r, d, a)
	if err != nil {
		return err
	}
	if fields != nil {
		d.Form, d.Fields = a, fields
		s.render(w, r, http.StatusBadRequest, "report", d)
		return nil
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/reports/%d?ok=%s", d.Report.ID, a.Action), http.StatusSeeOther)
	return nil
}

func (s *Server) apiReportAction(w http.ResponseWriter, r *http.Request) error {
	var b apiReportActionBody
	if err := s.decodeJSON(r, &b); err != nil {
		return err
	}
	a := regulator.ReportAction(b)
	d, err := s.loadReport(r)
	if err != nil {
		return err
	}
	fields, err := s.act(r, d, a)
	if err != nil {
		return err
	}
	if fields != nil {
		return fieldsError(fields)
	}
	return s.apiReport(w, r)
}
