package web

import (
	"net/http"
	"strconv"
	"time"

	"selfcheck/models"
)

// defaultFeedSettle is how long a change waits before the feed shows it:
// ids are taken at insert and a transaction that took a lower id may commit
// after a higher one; a cursor past it would skip it for good.
const defaultFeedSettle = 3 * time.Second

func init() {
	apiRoutes = append(apiRoutes, apiRoute{Method: "GET", Path: "/api/v1/events",
		Summary: "变更订阅：按提交顺序列出评分与等级、自查填报、举报状态、现场检查、整改复核的变化（在调用者的范围内）", Status: 200,
		Query:    []apiParam{{"after", "上一页响应中的 next；首次调用不填，从头开始", "string", nil}, limitParam},
		Response: EventList{}, handler: func(s *Server) handlerFunc { return s.apiEvents }})
}

// limitParam is the page size every list takes.
var limitParam = apiParam{"limit", "每页条数（1-500，默认50）", "integer", nil}

// EventList is one page of the change feed.
type EventList struct {
	Items []ChangeEventV1 `json:"items"`
	Next  string          `json:"next" description:"下次调用时作为 after 传回；没有新变更时与 after 相同，稍后再取即可" example:"1042"`
}

// ChangeEventV1 is one change.
type ChangeEventV1 struct {
	ID         string  `json:"id" description:"变更编号（也是游标）" example:"1042"`
	Kind       Coded   `json:"kind" description:"score 评分变化、submission 自查填报、report 举报状态、visit 现场检查、rectification 整改复核"`
	RecordID   int64   `json:"record_id" description:"变更的记录编号：score 为企业编号，其余为对应记录的编号" example:"42"`
	Enterprise *int64  `json:"enterprise_id" description:"涉及的企业编号" example:"42"`
	Status     *Coded  `json:"status" description:"新状态：score 为等级，其余为记录的新状态"`
	Score      *string `json:"score" description:"score：新的展示分" example:"712.50"`
	At         Instant `json:"at" format:"date-time"`
	Street     *Coded  `json:"street"`
	Link       string  `json:"link" description:"读取该记录的接口" example:"/api/v1/enterprises/42"`
}

// changeKinds are the labels of feed kinds and the label kind of their
// statuses.
var changeKinds = map[string]struct{ name, statuses, link string }{
	models.ChangeScore:         {"评分变化", "", "/api/v1/enterprises/"},
	models.ChangeSubmission:    {"自查填报", "assignment_status", "/api/v1/submissions/"},
	models.ChangeReport:        {"举报状态", "report_status", "/api/v1/reports/"},
	models.ChangeVisit:         {"现场检查", "visit_outcome", "/api/v1/visits/"},
	models.ChangeRectification: {"整改复核", "rectification_status", ""},
}

func (s *Server) apiEvents(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	after, fields := int64(0), map[string]string{}
	if v := q.Get("after"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			fields["after"] = "游标无效，请使用上一页响应中的 next"
		}
		after = n
	}
	limit, msg := parseLimit(q.Get("limit"))
	if msg != "" {
		fields["limit"] = msg
	}
	if len(fields) > 0 {
		return fieldsError(fields)
	}
	u := userFrom(r.Context())
	cq := models.ChangeQuery{After: after, Limit: limit, Scope: s.scopeOf(u)}
	if s.feedSettle > 0 {
		cq.Before = s.now().Add(-s.feedSettle)
	}
	rows, err := s.store.Changes(r.Context(), cq)
	if err != nil {
		return err
	}
	out := EventList{Items: []ChangeEventV1{}, Next: strconv.FormatInt(after, 10)}
	for _, c := range rows {
		k := changeKinds[c.Kind]
		ev := ChangeEventV1{ID: strconv.FormatInt(c.ID, 10), Kind: Coded{Code: c.Kind, Name: k.name}, RecordID: c.RecordID,
			Enterprise: c.EnterpriseID, Score: pointsPtr(c.Score), At: s.instant(c.CreatedAt), Street: s.streetOf(c.StreetCode)}
		if k.link != "" {
			ev.Link = k.link + strconv.FormatInt(c.RecordID, 10)
		}
		if c.Status != "" {
			if k.statuses == "" {
				ev.Status = &Coded{Code: c.Status, Name: c.Status + "级"}
			} else {
				ev.Status = s.codedPtr(k.statuses, c.Status)
			}
		}
		out.Items = append(out.Items, ev)
		out.Next = ev.ID
	}
	s.writeJSON(w, http.StatusOK, out)
	return nil
}

// parseLimit reads a list's limit: 50 when empty, 1 to 500 otherwise.
func parseLimit(v string) (int, string) {
	if v == "" {
		return 50, ""
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 500 {
		return 0, "每页条数应为1到500的整数"
	}
	return n, ""
}
