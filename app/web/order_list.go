package web

import (
	"net/http"
	"slices"

	"selfcheck/models"
)

// orderList is the list part of 检查指令: the filters, one page of the
// orders in the caller's scope and their total.
type orderList struct {
	Department string
	Status     string
	From, To   string
	Fields     map[string]string
	Pager      pager
}

// orderStatuses are the statuses an order list may filter by.
var orderStatuses = []string{models.OrderOpen, models.OrderPartial, models.OrderPlanned, models.OrderCancelled}

// listOrders reads the list's filters from the request's query and returns
// the page of orders, newest first by default.
func (s *Server) listOrders(r *http.Request) (orderList, []models.OrderRow, error) {
	v := r.URL.Query()
	l := orderList{Department: v.Get("dept"), Status: v.Get("status"), From: v.Get("from"), To: v.Get("to"), Fields: map[string]string{}}
	if l.Status != "" && !slices.Contains(orderStatuses, l.Status) {
		l.Fields["status"] = "未知的状态"
	}
	from, to := dayRange(v, s.loc, l.Fields)
	l.Pager = newPager("/admin/orders", v, "newest")
	if len(l.Fields) > 0 {
		return l, nil, nil
	}
	rows, total, err := s.reg.OrderPage(r.Context(), userFrom(r.Context()), models.OrderPageQuery{Department: l.Department, Status: l.Status,
		From: from, To: to, Oldest: !l.Pager.Newest(), Limit: l.Pager.Size, Offset: l.Pager.Offset()})
	l.Pager.Total = total
	return l, rows, err
}
