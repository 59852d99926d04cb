package models

import (
	"context"
	"fmt"
	"time"
)

// BurdenPair is one (order, firm) of a plan: visited (VisitID > 0) or
// skipped (SkipID > 0, with its cause and the self-check that replaced it).
type BurdenPair struct {
	PlanID       int64
	OrderID      int64
	EnterpriseID int64
	Department   string
	Reason       string
	StreetCode   string
	VisitID      int64
	SkipID       int64
	Cause        string
	AssignmentID int64
}

// BurdenAvoided is one ordered item a firm was not asked, with its firm's
// street.
type BurdenAvoided struct {
	PlanAvoidedItem
	StreetCode string
}

// BurdenRecords are the records behind the 减负 report of a period: the
// pairs and avoided items of every plan whose period starts in it.
type BurdenRecords struct {
	PlanIDs []int64
	Pairs   []BurdenPair
	Avoided []BurdenAvoided
}

// BurdenRecords loads the records of the plans starting in [from, to].
func (s *Store) BurdenRecords(ctx context.Context, from, to time.Time) (*BurdenRecords, error) {
	db := s.db.WithContext(ctx)
	out := &BurdenRecords{}
	if err := db.Model(&Plan{}).Where("from_on >= ? AND from_on <= ?", from.UTC(), to.UTC()).Order("id").Pluck("id", &out.PlanIDs).Error; err != nil {
		return nil, fmt.Errorf("burden plans: %w", err)
	}
	err := chunks(out.PlanIDs, func(c []int64) error {
		var visited []BurdenPair
		if err := db.Table("visits AS v").
			Select("v.plan_id, vo.order_id, v.enterprise_id, o.department, o.reason, e.street_code, v.id AS visit_id").
			Joins("JOIN visit_orders AS vo ON vo.visit_id = v.id").
			Joins("JOIN inspection_orders AS o ON o.id = vo.order_id").
			Joins("JOIN enterprises AS e ON e.id = v.enterprise_id").
			Where("v.plan_id IN ? AND v.status <> ?", c, VisitCancelled).Order("v.id, vo.order_id").Scan(&visited).Error; err != nil {
			return err
		}
		var skipped []BurdenPair
		if err := db.Table("plan_skips AS s").
			Select("s.plan_id, s.order_id, s.enterprise_id, s.department, s.reason, COALESCE(e.street_code, '') AS street_code, s.id AS skip_id, s.cause, COALESCE(s.assignment_id, 0) AS assignment_id").
			Joins("LEFT JOIN enterprises AS e ON e.id = s.enterprise_id").
			Where("s.plan_id IN ?", c).Order("s.id").Scan(&skipped).Error; err != nil {
			return err
		}
		var avoided []BurdenAvoided
		if err := db.Table("plan_avoided_items AS a").Select("a.*, COALESCE(e.street_code, '') AS street_code").
			Joins("LEFT JOIN enterprises AS e ON e.id = a.enterprise_id").
			Where("a.plan_id IN ?", c).Order("a.id").Scan(&avoided).Error; err != nil {
			return err
		}
		out.Pairs = append(append(out.Pairs, visited...), skipped...)
		out.Avoided = append(out.Avoided, avoided...)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("burden records: %w", err)
	}
	return out, nil
}
