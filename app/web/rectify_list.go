package web

import (
	"net/http"

	"selfcheck/models"
)

// rectifyList is the paging of 整改复查: the totals of its three queues and
// one page of the overdue findings, filtered by street, in the order chosen.
type rectifyList struct {
	On      bool
	Totals  models.RectifyTotals
	Street  string
	Streets []models.Street
	Locked  bool
	Fields  map[string]string
	Pager   pager
}

// listRectify fills d's totals and replaces its overdue findings with the
// page the request asks for (longest overdue first by default).
func (s *Server) listRectify(r *http.Request, d *rectifyData) error {
	ctx := r.Context()
	u := userFrom(ctx)
	v := r.URL.Query()
	l := rectifyList{On: true, Street: v.Get("street"), Streets: s.district.Streets, Fields: map[string]string{}}
	if sc := s.scopeOf(u); sc.StreetFilter() != "" {
		l.Street, l.Locked = sc.Street, true
	} else if l.Street != "" {
		if _, ok := s.district.Street(l.Street); !ok {
			l.Fields["street"] = "镇街不存在"
			l.Street = ""
		}
	}
	l.Pager = newPager("/admin/rectify", v, "oldest")
	now := s.now()
	var err error
	if l.Totals, err = s.reg.RectifyTotals(ctx, u, now); err != nil {
		return err
	}
	late, total, err := s.reg.LateFindings(ctx, u, now, l.Street, l.Pager.Newest(), l.Pager.Size, l.Pager.Offset())
	if err != nil {
		return err
	}
	l.Pager.Total = total
	if d.Overdue, err = s.findingViews(ctx, s.scopeOf(u), late); err != nil {
		return err
	}
	d.List = l
	return nil
}
