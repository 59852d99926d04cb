package web

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"selfcheck/models"
)

// reportListData is 市民举报: one page of the reports in the caller's scope
// with their total, filters and order, and the departments' figures.
type reportListData struct {
	page
	Query       models.ReportQuery
	From, To    string
	Fields      map[string]string
	Reports     []models.CitizenReport
	Pager       pager
	Stats       []statRow
	Streets     []models.Street
	Departments []string
	Locked      bool
}

// reportListPage lists the reports matching the filters (status, street,
// department, category, filing dates, deadline), newest first by default.
func (s *Server) reportListPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := userFrom(ctx)
	v := r.URL.Query()
	fields := map[string]string{}
	now := s.now()
	q := models.ReportQuery{Status: v.Get("status"), Department: v.Get("department"), Category: strings.TrimSpace(v.Get("category")),
		Street: v.Get("street"), Due: v.Get("due"), Now: now}
	d := &reportListData{page: page{Title: "市民举报", Nav: "reports"}, From: v.Get("from"), To: v.Get("to"), Fields: fields,
		Streets: s.district.Streets}
	for _, dep := range s.depts {
		d.Departments = append(d.Departments, dep.Name)
	}
	if q.Status != "" && !slices.Contains([]string{models.ReportNew, models.ReportDispatched, models.ReportHandling, models.ReportResolved, models.ReportClosed}, q.Status) {
		fields["status"] = "未知的状态"
	}
	switch q.Due {
	case "", models.DueOverdue:
	case models.DueSoon:
		local := now.In(s.loc)
		q.SoonUntil = s.reg.Workdays(time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, s.loc), 1)
	default:
		fields["due"] = "未知的期限条件"
	}
	if sc := s.scopeOf(u); sc.StreetFilter() != "" {
		q.Street, d.Locked = sc.Street, true
	} else if q.Street != "" {
		if _, ok := s.district.Street(q.Street); !ok {
			fields["street"] = "镇街不存在"
		}
	}
	q.From, q.To = dayRange(v, s.loc, fields)
	d.Pager = newPager("/admin/reports", v, "newest")
	q.Oldest, q.Limit, q.Offset = !d.Pager.Newest(), d.Pager.Size, d.Pager.Offset()
	d.Query = q
	st, err := s.store.DepartmentStats(ctx, now.AddDate(-1, 0, 0))
	if err != nil {
		return err
	}
	d.Stats = statRows(st)
	if len(fields) > 0 {
		s.render(w, r, http.StatusBadRequest, "reports", d)
		return nil
	}
	if d.Pager.Total, err = s.reg.ReportCount(ctx, u, q); err != nil {
		return err
	}
	if d.Reports, err = s.reg.ReportQueue(ctx, u, q); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "reports", d)
	return nil
}
