package models

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"
)

// inChunk is how many ids one IN list carries.
const inChunk = 1000

// chunks calls fn with successive slices of at most inChunk ids.
func chunks(ids []int64, fn func([]int64) error) error {
	for len(ids) > 0 {
		n := min(len(ids), inChunk)
		if err := fn(ids[:n]); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// TargetFilter selects an order's target firms among the active ones; empty
// fields do not filter. Grades needs the firms to be scored.
type TargetFilter struct {
	StreetCode string   `json:"street,omitempty"`
	GridCode   string   `json:"grid,omitempty"`
	Industry   string   `json:"industry,omitempty"`
	Grades     []string `json:"grades,omitempty"`
}

// FirmIDsByFilter returns the ids of the active firms f selects, ascending.
func (s *Store) FirmIDsByFilter(ctx context.Context, f TargetFilter) ([]int64, error) {
	q := s.db.WithContext(ctx).Table("enterprises AS e").Where("e.status = ?", "active")
	if f.StreetCode != "" {
		q = q.Where("e.street_code = ?", f.StreetCode)
	}
	if f.GridCode != "" {
		q = q.Where("e.grid_code = ?", f.GridCode)
	}
	if f.Industry != "" {
		q = q.Where("e.industry = ?", f.Industry)
	}
	if len(f.Grades) > 0 {
		q = q.Joins("JOIN enterprise_scores AS sc ON sc.enterprise_id = e.id").Where("sc.grade IN ?", f.Grades)
	}
	var ids []int64
	if err := q.Order("e.id").Pluck("e.id", &ids).Error; err != nil {
		return nil, fmt.Errorf("firms by filter: %w", err)
	}
	return ids, nil
}

// ActiveFirmIDs returns those of ids that are active firms, ascending.
func (s *Store) ActiveFirmIDs(ctx context.Context, ids []int64) ([]int64, error) {
	var out []int64
	err := chunks(ids, func(c []int64) error {
		var got []int64
		err := s.db.WithContext(ctx).Model(&Enterprise{}).Where("id IN ? AND status = ?", c, "active").Pluck("id", &got).Error
		out = append(out, got...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("active firms: %w", err)
	}
	slices.Sort(out)
	return out, nil
}

// CreateOrder stores an order and its targets in one transaction.
func (s *Store) CreateOrder(ctx context.Context, o *InspectionOrder, targets []int64) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		o.CreatedAt = s.now()
		if o.Status == "" {
			o.Status = OrderOpen
		}
		if err := tx.Create(o).Error; err != nil {
			return fmt.Errorf("create order: %w", err)
		}
		rows := make([]OrderTarget, len(targets))
		for i, t := range targets {
			rows[i] = OrderTarget{OrderID: o.ID, EnterpriseID: t}
		}
		if err := tx.CreateInBatches(rows, s.rowsPerInsert()).Error; err != nil {
			return fmt.Errorf("create targets of order %d: %w", o.ID, err)
		}
		return nil
	})
}

// Order returns an order and its targets, ascending.
func (s *Store) Order(ctx context.Context, id int64) (*InspectionOrder, []int64, error) {
	var o InspectionOrder
	err := s.db.WithContext(ctx).Take(&o, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil, Errorf(ENOTFOUND, "未找到检查指令 %d", id)
	} else if err != nil {
		return nil, nil, fmt.Errorf("order %d: %w", id, err)
	}
	var targets []int64
	if err := s.db.WithContext(ctx).Model(&OrderTarget{}).Where("order_id = ?", id).Order("enterprise_id").Pluck("enterprise_id", &targets).Error; err != nil {
		return nil, nil, fmt.Errorf("targets of order %d: %w", id, err)
	}
	return &o, targets, nil
}

// OpenOrders returns the open and partly planned orders whose window meets
// [from, to], in id order, with their targets still waiting for a plan.
func (s *Store) OpenOrders(ctx context.Context, from, to time.Time) ([]InspectionOrder, map[int64][]int64, error) {
	var orders []InspectionOrder
	err := s.db.WithContext(ctx).Where("status IN ? AND window_from <= ? AND window_to >= ?", []string{OrderOpen, OrderPartial}, to.UTC(), from.UTC()).
		Order("id").Find(&orders).Error
	if err != nil {
		return nil, nil, fmt.Errorf("open orders: %w", err)
	}
	ids := make([]int64, len(orders))
	for i, o := range orders {
		ids[i] = o.ID
	}
	targets := map[int64][]int64{}
	err = chunks(ids, func(c []int64) error {
		var rows []OrderTarget
		if err := s.db.WithContext(ctx).Where("order_id IN ? AND state = ?", c, TargetPending).Order("order_id, enterprise_id").Find(&rows).Error; err != nil {
			return err
		}
		for _, r := range rows {
			targets[r.OrderID] = append(targets[r.OrderID], r.EnterpriseID)
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("targets of open orders: %w", err)
	}
	return orders, targets, nil
}

// AddInspectors adds people to the rosters.
func (s *Store) AddInspectors(ctx context.Context, people []Inspector) error {
	for i := range people {
		people[i].CreatedAt = s.now()
	}
	if err := s.db.WithContext(ctx).CreateInBatches(people, s.rowsPerInsert()).Error; err != nil {
		return fmt.Errorf("add inspectors: %w", err)
	}
	return nil
}

// ActiveInspectors returns every active inspector, in id order.
func (s *Store) ActiveInspectors(ctx context.Context) ([]Inspector, error) {
	var out []Inspector
	if err := s.db.WithContext(ctx).Where("active = ?", true).Order("id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("active inspectors: %w", err)
	}
	return out, nil
}

// LatestAuditRound returns the newest random audit round and the ids of the
// firms it drew, or ENOTFOUND when none was drawn.
func (s *Store) LatestAuditRound(ctx context.Context) (*AuditRound, []int64, error) {
	var r AuditRound
	err := s.db.WithContext(ctx).Order("id DESC").Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil, Errorf(ENOTFOUND, "尚未进行随机抽查")
	} else if err != nil {
		return nil, nil, fmt.Errorf("latest audit round: %w", err)
	}
	var ids []int64
	if err := s.db.WithContext(ctx).Model(&AuditPick{}).Where("round_id = ?", r.ID).Order("enterprise_id").Pluck("enterprise_id", &ids).Error; err != nil {
		return nil, nil, fmt.Errorf("picks of round %d: %w", r.ID, err)
	}
	return &r, ids, nil
}
