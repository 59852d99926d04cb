package web

import (
	"strconv"

	"selfcheck/app/regulator"
)

// PublicityList is one page of published inspection results (一公开).
type PublicityList struct {
	Items []PublicityV1 `json:"items"`
	Next  string        `json:"next" description:"下一页游标，作为 after 传回；为空表示没有下一页"`
}

// PublicityV1 is one published inspection result; it names no person.
type PublicityV1 struct {
	VisitID     int64    `json:"visit_id" example:"5"`
	Firm        FirmRef  `json:"enterprise"`
	USCC        string   `json:"uscc" example:"91440604MA4UH2QX1B"`
	Street      *Coded   `json:"street"`
	On          Date     `json:"on" format:"date" description:"检查日期"`
	Departments []string `json:"departments" description:"参与检查的部门"`
	Outcome     Coded    `json:"outcome" description:"clean 未发现问题、violations 发现问题"`
	Findings    int      `json:"findings" description:"发现的隐患数"`
	Closed      int      `json:"closed" description:"已整改销号的隐患数"`
}

func (s *Server) publicityV1(rows []regulator.PublicityEntry, offset, limit int) PublicityList {
	out := PublicityList{Items: convert(rows, func(p regulator.PublicityEntry) PublicityV1 {
		return PublicityV1{VisitID: p.VisitID, Firm: FirmRef{ID: p.EnterpriseID, Name: p.Name}, USCC: p.USCC, Street: s.streetOf(p.StreetCode),
			On: Date(p.Day), Departments: orEmpty(p.Departments), Outcome: Coded{Code: p.Outcome, Name: p.OutcomeText}, Findings: p.Findings, Closed: p.Closed}
	})}
	if len(rows) == limit {
		out.Next = strconv.Itoa(offset + limit)
	}
	return out
}

// OrderTargets is what became of each target of an order.
type OrderTargets struct {
	OrderID int64           `json:"order_id" example:"8"`
	Status  Coded           `json:"status"`
	Waiting int             `json:"waiting" description:"尚未编排的对象数"`
	Targets []OrderTargetV1 `json:"targets"`
}

// OrderTargetV1 is one target of an order.
type OrderTargetV1 struct {
	Firm   FirmRef `json:"enterprise"`
	Street *Coded  `json:"street"`
	State  Coded   `json:"state" description:"visit 已安排检查、skipped 不安排、空为待编排"`
	Cause  *Coded  `json:"cause" description:"不安排或上次未能安排的原因"`
	PlanID *int64  `json:"plan_id" description:"最近处理该对象的检查计划"`
	Note   string  `json:"note"`
}

func (s *Server) orderTargetsV1(id int64, d *orderData) OrderTargets {
	return OrderTargets{OrderID: id, Status: Coded{Code: d.Order.Status, Name: d.Order.StatusText}, Waiting: d.Order.Waiting,
		Targets: convert(d.Targets, func(t orderTargetView) OrderTargetV1 {
			out := OrderTargetV1{Firm: FirmRef{ID: t.EnterpriseID, Name: t.FirmName}, Street: s.streetOf(t.StreetCode),
				State: Coded{Code: t.State, Name: t.StateText}, PlanID: t.PlanID, Note: t.Note}
			if t.Cause != "" {
				out.Cause = &Coded{Code: t.Cause, Name: t.CauseText}
			}
			return out
		})}
}
