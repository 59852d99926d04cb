package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"selfcheck/models"
)

func init() {
	apiRoutes = append(apiRoutes,
		apiRoute{Method: "GET", Path: "/api/v1/orders/{id}/targets", Summary: "检查指令的每个对象：已安排检查、不安排（附原因）或待编排（附上次未能安排的原因）", Status: 200, Response: OrderTargets{},
			handler: func(s *Server) handlerFunc { return s.apiOrderTargets }})
}

// targetStateTexts name the states of an order's target in Chinese.
var targetStateTexts = map[string]string{models.TargetPending: "待编排", models.TargetVisit: "已安排检查", models.TargetSkipped: "不安排"}

// orderTargetView is a target as the order page lists it.
type orderTargetView struct {
	models.OrderTargetDetail
	StateText string `json:"state_text"`
	CauseText string `json:"cause_text"`
}

// orderData is the page of one order: what became of each target.
type orderData struct {
	page
	Order   orderView
	Targets []orderTargetView
	Counts  map[string]int
}

// loadOrderTargets returns an order and its targets as u may see them: a
// department user only its own orders, a street user the firms of its street.
func (s *Server) loadOrderTargets(ctx context.Context, u *models.User, id int64) (*orderData, error) {
	o, _, err := s.store.Order(ctx, id)
	if err != nil {
		return nil, err
	}
	sc := s.scopeOf(u)
	if !sc.SeesOrderOf(o.Department) {
		return nil, models.Errorf(models.ENOTFOUND, "未找到检查指令 %d", id)
	}
	targets, err := s.store.OrderTargetDetails(ctx, id)
	if err != nil {
		return nil, err
	}
	d := &orderData{page: page{Title: "检查指令 #" + strconv.FormatInt(id, 10), Nav: "orders"}, Counts: map[string]int{}}
	d.Order = viewOrder(models.OrderRow{InspectionOrder: *o, TargetCount: len(targets)})
	for _, t := range targets {
		if !sc.SeesEnterprise(t.StreetCode) {
			continue
		}
		v := orderTargetView{OrderTargetDetail: t, StateText: targetStateTexts[t.State], CauseText: skipCauseTexts[t.Cause]}
		if t.State == models.TargetPending {
			d.Order.Waiting++
		}
		d.Counts[t.State]++
		d.Targets = append(d.Targets, v)
	}
	// Waiting and skipped targets first: they are what needs attention.
	rank := []string{models.TargetPending, models.TargetSkipped, models.TargetVisit}
	slices.SortStableFunc(d.Targets, func(a, b orderTargetView) int {
		return slices.Index(rank, a.State) - slices.Index(rank, b.State)
	})
	return d, nil
}

func (s *Server) orderPage(w http.ResponseWriter, r *http.Request) error {
	id, err := idOf(r, "检查指令")
	if err != nil {
		return err
	}
	d, err := s.loadOrderTargets(r.Context(), userFrom(r.Context()), id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "order", d)
	return nil
}

func (s *Server) apiOrderTargets(w http.ResponseWriter, r *http.Request) error {
	id, err := idOf(r, "检查指令")
	if err != nil {
		return err
	}
	d, err := s.loadOrderTargets(r.Context(), userFrom(r.Context()), id)
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, s.orderTargetsV1(id, d))
	return nil
}
