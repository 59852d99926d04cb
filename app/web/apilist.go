package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"selfcheck/models"
)

// reportCursor is the next cursor of a report list: the last report's
// filing instant and id.
func reportCursor(at time.Time, id int64) string {
	return strconv.FormatInt(at.UnixMicro(), 10) + "_" + strconv.FormatInt(id, 10)
}

// reportListQuery adds the API's limit and after to a report query.
func (s *Server) reportListQuery(r *http.Request, q models.ReportQuery) (models.ReportQuery, error) {
	p, err := listPageOf(r)
	q.Limit, q.AfterAt, q.AfterID = p.Limit, p.AfterAt, p.AfterID
	return q, err
}

// listPage is a list request's limit and the cursor it continues after
// (AfterID 0: the first page).
type listPage struct {
	Limit   int
	AfterAt time.Time
	AfterID int64
}

// listPageOf reads limit (1-500, default 50) and after, a cursor made by
// reportCursor; problems come back as a 400 naming the parameter.
func listPageOf(r *http.Request) (listPage, error) {
	v := r.URL.Query()
	fields := map[string]string{}
	limit, msg := parseLimit(v.Get("limit"))
	if msg != "" {
		fields["limit"] = msg
	}
	p := listPage{Limit: limit}
	if after := v.Get("after"); after != "" {
		a, b, ok := strings.Cut(after, "_")
		us, err1 := strconv.ParseInt(a, 10, 64)
		id, err2 := strconv.ParseInt(b, 10, 64)
		if !ok || err1 != nil || err2 != nil || id <= 0 {
			fields["after"] = "游标无效，请使用上一页响应中的 next"
		}
		p.AfterAt, p.AfterID = time.UnixMicro(us), id
	}
	if len(fields) > 0 {
		return p, fieldsError(fields)
	}
	return p, nil
}

// pageParams are the query parameters of a paged list.
var pageParams = []apiParam{limitParam, {"after", "上一页响应中的 next，用于取下一页", "string", nil}}
