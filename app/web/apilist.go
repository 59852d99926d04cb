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
	v := r.URL.Query()
	fields := map[string]string{}
	limit, msg := parseLimit(v.Get("limit"))
	if msg != "" {
		fields["limit"] = msg
	}
	q.Limit = limit
	if after := v.Get("after"); after != "" {
		a, b, ok := strings.Cut(after, "_")
		us, err1 := strconv.ParseInt(a, 10, 64)
		id, err2 := strconv.ParseInt(b, 10, 64)
		if !ok || err1 != nil || err2 != nil || id <= 0 {
			fields["after"] = "游标无效，请使用上一页响应中的 next"
		}
		q.AfterAt, q.AfterID = time.UnixMicro(us), id
	}
	if len(fields) > 0 {
		return q, fieldsError(fields)
	}
	return q, nil
}
