package web

import (
	"net/http"
	"strconv"

	"selfcheck/models"
)

// reviewListPage is 填报审核: one page of the submissions of a status in the
// caller's scope, with their total, filters (street, campaign, submission
// dates) and order (oldest first by default, so nothing waits forever).
func (s *Server) reviewListPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := userFrom(ctx)
	v := r.URL.Query()
	fields := map[string]string{}
	d := &reviewPageData{page: page{Title: "填报审核", Nav: "review"}, Status: v.Get("status"), Street: v.Get("street"),
		From: v.Get("from"), To: v.Get("to"), Streets: s.district.Streets, Fields: fields}
	switch d.Status {
	case "":
		d.Status = models.AssignmentSubmitted
	case models.AssignmentSubmitted, models.AssignmentAccepted, models.AssignmentReturned:
	default:
		fields["status"] = "未知的状态"
	}
	if c := v.Get("campaign"); c != "" {
		n, err := strconv.ParseInt(c, 10, 64)
		if err != nil || n <= 0 {
			fields["campaign"] = "自查任务编号应为正整数"
		}
		d.Campaign = n
	}
	if sc := s.scopeOf(u); sc.StreetFilter() != "" {
		d.Street, d.Locked = sc.Street, true
	} else if d.Street != "" {
		if _, ok := s.district.Street(d.Street); !ok {
			fields["street"] = "镇街不存在"
		}
	}
	from, to := dayRange(v, s.loc, fields)
	d.Pager = newPager("/admin/review", v, "oldest")
	var err error
	if d.Campaigns, err = s.reg.Campaigns(ctx, u, 50); err != nil {
		return err
	}
	if len(fields) > 0 {
		s.render(w, r, http.StatusBadRequest, "review_queue", d)
		return nil
	}
	q := models.ReviewPageQuery{Status: d.Status, Campaign: d.Campaign, Street: d.Street, From: from, To: to,
		Newest: d.Pager.Newest(), Limit: d.Pager.Size, Offset: d.Pager.Offset()}
	if d.Rows, d.Pager.Total, err = s.reg.ReviewPage(ctx, u, q); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "review_queue", d)
	return nil
}
