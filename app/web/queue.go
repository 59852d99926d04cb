package web

import (
	"html/template"
	"net/url"
	"strconv"
	"time"

	"selfcheck/models"
)

// queuePageSize is the rows per page of every queue.
const queuePageSize = 50

// pager is a queue's paging and order: the request's query, the page
// (from 1), the total of matching rows and the order chosen ("oldest" or
// "newest"). Its links keep every filter through pageURL.
type pager struct {
	Base  string
	Query url.Values
	Page  int
	Size  int
	Total int64
	Order string
}

// newPager reads page, size (at most models.MaxQueuePage) and order from q; def is the queue's default order.
func newPager(base string, q url.Values, def string) pager {
	p := pager{Base: base, Query: q, Page: 1, Size: queuePageSize, Order: def}
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 1 && n <= 100000 {
		p.Page = n
	}
	if n, err := strconv.Atoi(q.Get("size")); err == nil && n >= 1 && n <= models.MaxQueuePage {
		p.Size = n
	}
	if o := q.Get("order"); o == "oldest" || o == "newest" {
		p.Order = o
	}
	return p
}

// Offset is the first row of the page.
func (p pager) Offset() int { return (p.Page - 1) * p.Size }

// Newest reports whether the newest rows come first.
func (p pager) Newest() bool { return p.Order == "newest" }

// Pages is the number of pages, at least 1.
func (p pager) Pages() int {
	if p.Total <= 0 {
		return 1
	}
	return int((p.Total + int64(p.Size) - 1) / int64(p.Size))
}

// From and To are the 1-based rows shown.
func (p pager) From() int64 { return min(int64(p.Offset())+1, p.Total) }

// To is the last row shown.
func (p pager) To() int64 { return min(int64(p.Offset()+p.Size), p.Total) }

// Prev is the previous page's link, "" on the first.
func (p pager) Prev() template.URL {
	if p.Page <= 1 {
		return ""
	}
	return pageURL(p.Base, p.Query, "page", pageParam(p.Page-1))
}

// Next is the next page's link, "" on the last.
func (p pager) Next() template.URL {
	if p.Page >= p.Pages() {
		return ""
	}
	return pageURL(p.Base, p.Query, "page", pageParam(p.Page+1))
}

// First is the first page's link.
func (p pager) First() template.URL { return pageURL(p.Base, p.Query, "page", "") }

// OrderURL is the link of the first page in order o, filters kept.
func (p pager) OrderURL(o string) template.URL {
	return pageURL(p.Base, p.Query, "order", o, "page", "")
}

// URL is the base with the filters and extra key/value pairs set.
func (p pager) URL(base string, set ...string) template.URL { return pageURL(base, p.Query, set...) }

func pageParam(n int) string {
	if n <= 1 {
		return ""
	}
	return strconv.Itoa(n)
}

// dayRange reads from/to dates (YYYY-MM-DD, inclusive) in loc into a
// half-open time range; a bad date is a field problem.
func dayRange(q url.Values, loc *time.Location, fields map[string]string) (from, to time.Time) {
	if v := q.Get("from"); v != "" {
		t, err := time.ParseInLocation(time.DateOnly, v, loc)
		if err != nil {
			fields["from"] = "开始日期格式应为 2006-01-02"
		}
		from = t
	}
	if v := q.Get("to"); v != "" {
		t, err := time.ParseInLocation(time.DateOnly, v, loc)
		if err != nil {
			fields["to"] = "结束日期格式应为 2006-01-02"
		} else {
			to = t.AddDate(0, 0, 1)
		}
	}
	return from, to
}

// reviewPageData is the review queue page: one page of submissions with
// their total, filters and order.
type reviewPageData struct {
	page
	Status    string
	Street    string
	Campaign  int64
	From, To  string
	Fields    map[string]string
	Rows      []models.ReviewRow
	Pager     pager
	Streets   []models.Street
	Campaigns []models.Campaign
	Locked    bool
}
