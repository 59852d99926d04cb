package web

import (
	"net/http"
	"time"

	"selfcheck/models"
)

// visitListData is 现场检查 (an inspector's 我的检查): one page of the
// visits in the caller's scope with their total, filters and order.
type visitListData struct {
	page
	Status   string
	Street   string
	Week     string
	From, To string
	Fields   map[string]string
	Visits   []visitView
	Pager    pager
	Streets  []models.Street
	Locked   bool
}

// visitListPage lists the visits by status (planned by default), street,
// week (this or next, Monday to Sunday) or planned dates, soonest first.
func (s *Server) visitListPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := userFrom(ctx)
	v := r.URL.Query()
	fields := map[string]string{}
	d := &visitListData{page: page{Title: "现场检查任务", Nav: "visits"}, Status: v.Get("status"), Street: v.Get("street"),
		Week: v.Get("week"), From: v.Get("from"), To: v.Get("to"), Fields: fields, Streets: s.district.Streets}
	if u.Role == models.RoleInspector {
		d.Title, d.Streets = "我的检查", nil
	}
	switch d.Status {
	case "":
		d.Status = models.VisitPlanned
	case models.VisitPlanned, models.VisitDone, models.VisitCancelled:
	default:
		fields["status"] = "未知的状态"
	}
	if sc := s.scopeOf(u); sc.StreetFilter() != "" {
		d.Street, d.Locked = sc.Street, true
	} else if d.Street != "" {
		if _, ok := s.district.Street(d.Street); !ok {
			fields["street"] = "镇街不存在"
		}
	}
	from, to := dayRange(v, s.loc, fields)
	switch d.Week {
	case "":
	case "this", "next":
		local := s.now().In(s.loc)
		day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, s.loc)
		from = day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
		if d.Week == "next" {
			from = from.AddDate(0, 0, 7)
		}
		to = from.AddDate(0, 0, 7)
	default:
		fields["week"] = "未知的周"
	}
	d.Pager = newPager("/admin/visits", v, "oldest")
	if len(fields) > 0 {
		s.render(w, r, http.StatusBadRequest, "visits", d)
		return nil
	}
	area := ""
	if !d.Locked {
		area = d.Street
	}
	q := models.VisitPageQuery{Status: d.Status, Area: area, From: from, To: to, Newest: d.Pager.Newest(), Offset: d.Pager.Offset()}
	q.Limit = d.Pager.Size
	visits, total, err := s.reg.VisitPage(ctx, u, q)
	if err != nil {
		return err
	}
	d.Pager.Total = total
	if d.Visits, _, err = s.visitViews(ctx, visits); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "visits", d)
	return nil
}
