package models

import (
	"context"
	"fmt"
	"time"
)

// OrderRow is an inspection order with the number of its targets, for the
// dashboard's list of orders.
type OrderRow struct {
	InspectionOrder
	TargetCount int
	// Waiting counts the targets no plan has scheduled or settled yet.
	Waiting int
}

// RecentOrders returns the newest orders, at most limit, limited to the given
// departments when departments is not empty.
func (s *Store) RecentOrders(ctx context.Context, departments []string, limit int) ([]OrderRow, error) {
	db := s.db.WithContext(ctx)
	q := db.Model(&InspectionOrder{}).Order("id DESC").Limit(limit)
	if len(departments) > 0 {
		q = q.Where("department IN ?", departments)
	}
	var orders []InspectionOrder
	if err := q.Find(&orders).Error; err != nil {
		return nil, fmt.Errorf("recent orders: %w", err)
	}
	return s.orderRows(ctx, orders)
}

// orderRows counts the targets of orders, and those still waiting.
func (s *Store) orderRows(ctx context.Context, orders []InspectionOrder) ([]OrderRow, error) {
	db := s.db.WithContext(ctx)
	ids := make([]int64, len(orders))
	for i, o := range orders {
		ids[i] = o.ID
	}
	counts, waiting := map[int64]int{}, map[int64]int{}
	err := chunks(ids, func(c []int64) error {
		var rows []struct {
			OrderID int64
			State   string
			N       int
		}
		if err := db.Model(&OrderTarget{}).Select("order_id, state, COUNT(*) AS n").Where("order_id IN ?", c).Group("order_id, state").Scan(&rows).Error; err != nil {
			return err
		}
		for _, r := range rows {
			counts[r.OrderID] += r.N
			if r.State == TargetPending {
				waiting[r.OrderID] += r.N
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("targets of recent orders: %w", err)
	}
	out := make([]OrderRow, len(orders))
	for i, o := range orders {
		out[i] = OrderRow{InspectionOrder: o, TargetCount: counts[o.ID], Waiting: waiting[o.ID]}
	}
	return out, nil
}

// RecentPlans returns the newest stored plans, at most limit.
func (s *Store) RecentPlans(ctx context.Context, limit int) ([]Plan, error) {
	var out []Plan
	if err := s.db.WithContext(ctx).Order("id DESC").Limit(limit).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("recent plans: %w", err)
	}
	return out, nil
}

// EnterprisesByID returns the firms among ids, by id.
func (s *Store) EnterprisesByID(ctx context.Context, ids []int64) (map[int64]Enterprise, error) {
	out := map[int64]Enterprise{}
	err := chunks(ids, func(c []int64) error {
		var es []Enterprise
		if err := s.db.WithContext(ctx).Where("id IN ?", c).Find(&es).Error; err != nil {
			return err
		}
		for _, e := range es {
			out[e.ID] = e
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("enterprises by id: %w", err)
	}
	return out, nil
}

// FindingsByID returns the findings among ids, by id.
func (s *Store) FindingsByID(ctx context.Context, ids []int64) (map[int64]Finding, error) {
	out := map[int64]Finding{}
	err := chunks(ids, func(c []int64) error {
		var fs []Finding
		if err := s.db.WithContext(ctx).Where("id IN ?", c).Find(&fs).Error; err != nil {
			return err
		}
		for _, f := range fs {
			out[f.ID] = f
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("findings by id: %w", err)
	}
	return out, nil
}

// FollowupsByID returns the follow-up state of the findings among ids that
// have one, by finding id.
func (s *Store) FollowupsByID(ctx context.Context, ids []int64) (map[int64]FindingFollowup, error) {
	out := map[int64]FindingFollowup{}
	err := chunks(ids, func(c []int64) error {
		var fs []FindingFollowup
		if err := s.db.WithContext(ctx).Where("finding_id IN ?", c).Find(&fs).Error; err != nil {
			return err
		}
		for _, f := range fs {
			out[f.FindingID] = f
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("follow-ups by id: %w", err)
	}
	return out, nil
}

// LateFindings returns open findings the scope covers past their deadline at
// now, the most overdue first, at most limit.
func (s *Store) LateFindings(ctx context.Context, sc Scope, now time.Time, limit int) ([]Finding, error) {
	var out []Finding
	err := sc.whereFindings(s.db.WithContext(ctx).Model(&Finding{})).Where("status = ? AND deadline_at < ?", FindingOpen, now.UTC()).
		Order("deadline_at, id").Limit(limit).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("late findings: %w", err)
	}
	return out, nil
}

// RevisitQueue returns the findings the scope covers, not closed, that need
// an on-site re-visit (严重, or under listed supervision 挂牌督办), oldest
// first, at most limit.
func (s *Store) RevisitQueue(ctx context.Context, sc Scope, limit int) ([]Finding, error) {
	var out []Finding
	sub := s.db.Model(&FindingFollowup{}).Select("finding_id").Where("revisit_required = ? OR listed = ?", true, true)
	err := sc.whereFindings(s.db.WithContext(ctx).Model(&Finding{})).Where("status <> ? AND id IN (?)", FindingClosed, sub).
		Order("created_at, id").Limit(limit).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("re-visit queue: %w", err)
	}
	return out, nil
}

// PlannedVisitList returns the visits still to be carried out, soonest
// first, at most limit; street limits them to firms of a street when set.
func (s *Store) PlannedVisitList(ctx context.Context, street string, limit int) ([]PlannedVisit, error) {
	q := s.db.WithContext(ctx).Table("visits AS v").Select("v.*").Where("v.status = ?", VisitPlanned)
	if street != "" {
		q = q.Joins("JOIN enterprises AS e ON e.id = v.enterprise_id").Where("e.street_code = ?", street)
	}
	var out []PlannedVisit
	if err := q.Order("v.planned_on, v.route_id, v.route_seq, v.id").Limit(limit).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("planned visits: %w", err)
	}
	return out, nil
}
