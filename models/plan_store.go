package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// PlanFirm is what the planner needs of a target firm.
type PlanFirm struct {
	Enterprise
	Grade    string // "" when not scored
	Decision string // exempt, sampled, always; "" when not scored
	// VisitsThisYear counts planned and done visits in the year.
	VisitsThisYear int
	// SelfCheckID is the latest self-check submitted since the given time.
	SelfCheckID int64
	// ComplaintID is the latest verified, not closed citizen report.
	ComplaintID int64
}

// PlanFirms returns the active firms among ids with their score, visits in
// [yearFrom, yearTo), latest self-check submitted since selfCheckSince and
// latest open verified complaint, in id order.
func (s *Store) PlanFirms(ctx context.Context, ids []int64, yearFrom, yearTo, selfCheckSince time.Time) ([]PlanFirm, error) {
	db := s.db.WithContext(ctx)
	var out []PlanFirm
	err := chunks(ids, func(c []int64) error {
		var es []Enterprise
		if err := db.Where("id IN ? AND status = ?", c, "active").Order("id").Find(&es).Error; err != nil {
			return err
		}
		var scores []EnterpriseScore
		if err := db.Where("enterprise_id IN ?", c).Find(&scores).Error; err != nil {
			return err
		}
		type count struct {
			EnterpriseID int64
			N            int64
		}
		var visits, checks, reports []count
		if err := db.Model(&Visit{}).Select("enterprise_id, COUNT(*) AS n").
			Where("enterprise_id IN ? AND planned_on >= ? AND planned_on < ? AND status <> ?", c, yearFrom.UTC(), yearTo.UTC(), VisitCancelled).
			Group("enterprise_id").Scan(&visits).Error; err != nil {
			return err
		}
		if err := db.Model(&Assignment{}).Select("enterprise_id, MAX(id) AS n").
			Where("enterprise_id IN ? AND status IN ? AND submitted_at >= ?", c, []string{AssignmentSubmitted, AssignmentAccepted}, selfCheckSince.UTC()).
			Group("enterprise_id").Scan(&checks).Error; err != nil {
			return err
		}
		if err := db.Model(&CitizenReport{}).Select("enterprise_id, MAX(id) AS n").
			Where("enterprise_id IN ? AND verified = ? AND status <> ?", c, true, ReportClosed).
			Group("enterprise_id").Scan(&reports).Error; err != nil {
			return err
		}
		byID := func(rows []count) map[int64]int64 {
			m := make(map[int64]int64, len(rows))
			for _, r := range rows {
				m[r.EnterpriseID] = r.N
			}
			return m
		}
		nv, sc, cr := byID(visits), byID(checks), byID(reports)
		grade := map[int64]EnterpriseScore{}
		for _, s := range scores {
			grade[s.EnterpriseID] = s
		}
		for _, e := range es {
			g := grade[e.ID]
			out = append(out, PlanFirm{Enterprise: e, Grade: g.Grade, Decision: g.Decision,
				VisitsThisYear: int(nv[e.ID]), SelfCheckID: sc[e.ID], ComplaintID: cr[e.ID]})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("plan firms: %w", err)
	}
	return out, nil
}

// PlanRecord is a plan to store: its rows, with references by index.
type PlanRecord struct {
	Plan   Plan
	Routes []PlanRoute
	Visits []PlanRecordVisit
	Skips  []PlanSkip
	// Avoided items refer to Visits by index (-1: no visit).
	Avoided []PlanRecordAvoided
	// Orders are marked planned when none of their targets waits any more,
	// partly planned when some do.
	Orders []int64
	// Targets are what the plan made of each (order, firm) it took up.
	Targets []OrderTarget
}

// PlanRecordVisit is a visit of a PlanRecord, on the Route-th route.
type PlanRecordVisit struct {
	Visit  Visit
	Route  int
	Orders []int64
}

// PlanRecordAvoided is an avoided item of the Visit-th visit of its record.
type PlanRecordAvoided struct {
	PlanAvoidedItem
	Visit int
}

// SavePlan stores a plan with its routes, visits, merged orders, skips and
// avoided items in one transaction, and marks its orders planned. It fills
// in the ids of rec's rows.
func (s *Store) SavePlan(ctx context.Context, rec *PlanRecord) error {
	n := s.rowsPerInsert()
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		now := s.now()
		rec.Plan.CreatedAt = now
		if err := tx.Create(&rec.Plan).Error; err != nil {
			return fmt.Errorf("save plan: %w", err)
		}
		pid := rec.Plan.ID
		for i := range rec.Routes {
			rec.Routes[i].PlanID = pid
		}
		if err := create(tx, n, "plan routes", rec.Routes); err != nil {
			return err
		}
		visits := make([]PlannedVisit, len(rec.Visits))
		for i, v := range rec.Visits {
			v.Visit.PlanID, v.Visit.CreatedAt = &pid, now
			if v.Visit.Status == "" {
				v.Visit.Status = VisitPlanned
			}
			visits[i] = PlannedVisit{Visit: v.Visit}
			if v.Route >= 0 && v.Route < len(rec.Routes) {
				visits[i].RouteID = &rec.Routes[v.Route].ID
			}
		}
		if err := create(tx, n, "visits", visits); err != nil {
			return err
		}
		var links []VisitOrder
		for i := range visits {
			rec.Visits[i].Visit = visits[i].Visit
			for _, o := range rec.Visits[i].Orders {
				links = append(links, VisitOrder{VisitID: visits[i].ID, OrderID: o})
			}
		}
		if err := create(tx, n, "visit orders", links); err != nil {
			return err
		}
		for i := range rec.Skips {
			rec.Skips[i].PlanID = pid
		}
		if err := create(tx, n, "plan skips", rec.Skips); err != nil {
			return err
		}
		avoided := make([]PlanAvoidedItem, len(rec.Avoided))
		for i, a := range rec.Avoided {
			a.PlanID = pid
			if a.Visit >= 0 {
				a.VisitID = &visits[a.Visit].ID
			}
			avoided[i] = a.PlanAvoidedItem
		}
		if err := create(tx, n, "avoided items", avoided); err != nil {
			return err
		}
		return settleOrders(tx, pid, rec)
	})
}

// settleOrders records each target's state and cause, then marks an order
// planned when none of its targets waits, partly planned when some were
// taken up and others wait, and leaves it open otherwise.
func settleOrders(tx *gorm.DB, planID int64, rec *PlanRecord) error {
	type key struct {
		order        int64
		state, cause string
	}
	groups := map[key][]int64{}
	var keys []key
	for _, t := range rec.Targets {
		k := key{t.OrderID, t.State, t.Cause}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], t.EnterpriseID)
	}
	for _, k := range keys {
		err := chunks(groups[k], func(c []int64) error {
			return tx.Model(&OrderTarget{}).Where("order_id = ? AND enterprise_id IN ?", k.order, c).
				Updates(map[string]any{"state": k.state, "cause": k.cause, "plan_id": planID}).Error
		})
		if err != nil {
			return fmt.Errorf("order %d targets: %w", k.order, err)
		}
	}
	for _, id := range rec.Orders {
		type count struct {
			State string
			N     int64
		}
		var counts []count
		if err := tx.Model(&OrderTarget{}).Select("state, COUNT(*) AS n").Where("order_id = ?", id).Group("state").Scan(&counts).Error; err != nil {
			return fmt.Errorf("order %d targets: %w", id, err)
		}
		var waiting, settled int64
		for _, c := range counts {
			if c.State == TargetPending {
				waiting += c.N
			} else {
				settled += c.N
			}
		}
		status := OrderOpen
		switch {
		case waiting == 0:
			status = OrderPlanned
		case settled > 0:
			status = OrderPartial
		}
		err := tx.Model(&InspectionOrder{}).Where("id = ? AND status IN ?", id, []string{OrderOpen, OrderPartial}).Update("status", status).Error
		if err != nil {
			return fmt.Errorf("mark order %d %s: %w", id, status, err)
		}
	}
	return nil
}

// OrderTargetDetail is a target of an order with its firm's name and, when
// a plan skipped it, that plan's explanation of why.
type OrderTargetDetail struct {
	OrderTarget
	FirmName   string `json:"firm"`
	StreetCode string `json:"street"`
	Note       string `json:"note"`
}

// OrderTargetDetails returns an order's targets with their states, firm
// names and the latest skip's explanation, in firm order.
func (s *Store) OrderTargetDetails(ctx context.Context, orderID int64) ([]OrderTargetDetail, error) {
	targets, err := s.OrderTargetStates(ctx, orderID)
	if err != nil {
		return nil, err
	}
	var skips []PlanSkip
	if err := s.db.WithContext(ctx).Where("order_id = ?", orderID).Order("id").Find(&skips).Error; err != nil {
		return nil, fmt.Errorf("skips of order %d: %w", orderID, err)
	}
	notes := map[[2]int64]string{} // (plan, firm) -> note
	for _, sk := range skips {
		notes[[2]int64{sk.PlanID, sk.EnterpriseID}] = sk.Note
	}
	ids := make([]int64, len(targets))
	for i, t := range targets {
		ids[i] = t.EnterpriseID
	}
	firms, err := s.EnterprisesByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]OrderTargetDetail, len(targets))
	for i, t := range targets {
		f := firms[t.EnterpriseID]
		out[i] = OrderTargetDetail{OrderTarget: t, FirmName: f.Name, StreetCode: f.StreetCode}
		if t.PlanID != nil && t.Cause != "" {
			out[i].Note = notes[[2]int64{*t.PlanID, t.EnterpriseID}]
		}
	}
	return out, nil
}

// OrderTargetStates returns the targets of an order with their states, in
// firm order.
func (s *Store) OrderTargetStates(ctx context.Context, orderID int64) ([]OrderTarget, error) {
	var out []OrderTarget
	if err := s.db.WithContext(ctx).Where("order_id = ?", orderID).Order("enterprise_id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("targets of order %d: %w", orderID, err)
	}
	return out, nil
}

// PlanByID returns a stored plan.
func (s *Store) PlanByID(ctx context.Context, id int64) (*Plan, error) {
	var p Plan
	err := s.db.WithContext(ctx).Take(&p, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, Errorf(ENOTFOUND, "未找到检查计划 %d", id)
	} else if err != nil {
		return nil, fmt.Errorf("plan %d: %w", id, err)
	}
	return &p, nil
}

// PlanVisits returns a plan's visits by day, route and stop.
func (s *Store) PlanVisits(ctx context.Context, planID int64) ([]PlannedVisit, error) {
	var out []PlannedVisit
	err := s.db.WithContext(ctx).Where("plan_id = ?", planID).Order("planned_on, route_id, route_seq, id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("visits of plan %d: %w", planID, err)
	}
	return out, nil
}

// PlanRoutes returns a plan's routes with their draws, in route order.
func (s *Store) PlanRoutes(ctx context.Context, planID int64) ([]PlanRoute, error) {
	var out []PlanRoute
	if err := s.db.WithContext(ctx).Where("plan_id = ?", planID).Order("route_no").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("routes of plan %d: %w", planID, err)
	}
	return out, nil
}

// PlanSkips returns a plan's skips in id order.
func (s *Store) PlanSkips(ctx context.Context, planID int64) ([]PlanSkip, error) {
	var out []PlanSkip
	if err := s.db.WithContext(ctx).Where("plan_id = ?", planID).Order("id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("skips of plan %d: %w", planID, err)
	}
	return out, nil
}

// VisitByID returns a visit with its route.
func (s *Store) VisitByID(ctx context.Context, id int64) (*PlannedVisit, error) {
	var v PlannedVisit
	err := s.db.WithContext(ctx).Take(&v, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, Errorf(ENOTFOUND, "未找到检查任务 %d", id)
	} else if err != nil {
		return nil, fmt.Errorf("visit %d: %w", id, err)
	}
	return &v, nil
}

// VisitOrderIDs returns the orders each visit covers.
func (s *Store) VisitOrderIDs(ctx context.Context, visitIDs []int64) (map[int64][]int64, error) {
	out := map[int64][]int64{}
	err := chunks(visitIDs, func(c []int64) error {
		var rows []VisitOrder
		if err := s.db.WithContext(ctx).Where("visit_id IN ?", c).Order("visit_id, order_id").Find(&rows).Error; err != nil {
			return err
		}
		for _, r := range rows {
			out[r.VisitID] = append(out[r.VisitID], r.OrderID)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("orders of visits: %w", err)
	}
	return out, nil
}
