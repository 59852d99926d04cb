package models

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"gorm.io/gorm"
)

// InspectorFilter selects inspectors for the roster page; empty fields do
// not filter.
type InspectorFilter struct {
	Department string
	// Departments limits the list to these names (a department user's).
	Departments []string
	ActiveOnly  bool
	// Limit, when set, pages the roster in id order instead: at most Limit
	// inspectors with an id above AfterID.
	Limit   int
	AfterID int64
}

// Inspectors returns the roster in department and id order.
func (s *Store) Inspectors(ctx context.Context, f InspectorFilter) ([]Inspector, error) {
	q := s.db.WithContext(ctx).Model(&Inspector{})
	if f.Department != "" {
		q = q.Where("department = ?", f.Department)
	}
	if len(f.Departments) > 0 {
		q = q.Where("department IN ?", f.Departments)
	}
	if f.ActiveOnly {
		q = q.Where("active = ?", true)
	}
	order := "department, id"
	if f.Limit > 0 {
		order = "id"
		q = q.Where("id > ?", f.AfterID).Limit(f.Limit)
	}
	var out []Inspector
	if err := q.Order(order).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("inspectors: %w", err)
	}
	return out, nil
}

// InspectorByID returns one inspector.
func (s *Store) InspectorByID(ctx context.Context, id int64) (*Inspector, error) {
	var p Inspector
	err := s.db.WithContext(ctx).Take(&p, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, Errorf(ENOTFOUND, "未找到执法人员 %d", id)
	} else if err != nil {
		return nil, fmt.Errorf("inspector %d: %w", id, err)
	}
	return &p, nil
}

// CreateInspector adds one person to the rosters; a certificate number
// already on the roster is ECONFLICT.
func (s *Store) CreateInspector(ctx context.Context, p *Inspector) error {
	p.ID, p.CreatedAt = 0, s.now()
	err := s.db.WithContext(ctx).Create(p).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return Errorf(ECONFLICT, "执法证号 %s 已在名录中", p.CertNo)
	} else if err != nil {
		return fmt.Errorf("create inspector: %w", err)
	}
	return nil
}

// UpdateInspector saves an edited inspector (every field but the creation
// time); a certificate number another inspector holds is ECONFLICT.
func (s *Store) UpdateInspector(ctx context.Context, p *Inspector) error {
	now := s.now()
	p.UpdatedAt = &now
	res := s.db.WithContext(ctx).Model(&Inspector{}).Where("id = ?", p.ID).Select(
		"name", "department", "cert_no", "cert_expires_on", "streets", "away_days", "active", "updated_at").Updates(p)
	switch {
	case errors.Is(res.Error, gorm.ErrDuplicatedKey):
		return Errorf(ECONFLICT, "执法证号 %s 已在名录中", p.CertNo)
	case res.Error != nil:
		return fmt.Errorf("update inspector %d: %w", p.ID, res.Error)
	case res.RowsAffected == 0:
		if _, err := s.InspectorByID(ctx, p.ID); err != nil {
			return err
		}
	}
	return nil
}

// InspectorUpsert counts what UpsertInspectors did.
type InspectorUpsert struct{ Inserted, Updated int }

// UpsertInspectors stores an imported roster in one transaction: a
// certificate number already on the roster updates that person, any other
// is added.
func (s *Store) UpsertInspectors(ctx context.Context, people []Inspector) (InspectorUpsert, error) {
	var res InspectorUpsert
	err := s.Tx(ctx, func(tx *Store) error {
		for i := range people {
			p := &people[i]
			var old Inspector
			err := tx.db.WithContext(ctx).Where("cert_no = ?", p.CertNo).Take(&old).Error
			switch {
			case errors.Is(err, gorm.ErrRecordNotFound):
				if err := tx.CreateInspector(ctx, p); err != nil {
					return err
				}
				res.Inserted++
			case err != nil:
				return fmt.Errorf("inspector %s: %w", p.CertNo, err)
			default:
				p.ID = old.ID
				if err := tx.UpdateInspector(ctx, p); err != nil {
					return err
				}
				res.Updated++
			}
		}
		return nil
	})
	return res, err
}

// CountInspectors returns how many people are on the rosters.
func (s *Store) CountInspectors(ctx context.Context) (int64, error) {
	var n int64
	if err := s.db.WithContext(ctx).Model(&Inspector{}).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("count inspectors: %w", err)
	}
	return n, nil
}

// VisitsOfInspector returns the visits inspector id was drawn for, planned
// on or after since, by day and route stop.
func (s *Store) VisitsOfInspector(ctx context.Context, id int64, since time.Time) ([]PlannedVisit, error) {
	var rows []PlannedVisit
	// The LIKE narrows the rows; the JSON list decides.
	err := s.db.WithContext(ctx).Where("planned_on >= ? AND status <> ? AND inspectors LIKE ?", since.UTC(), VisitCancelled, "%"+strconv.FormatInt(id, 10)+"%").
		Order("planned_on, route_id, route_seq, id").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("visits of inspector %d: %w", id, err)
	}
	return slices.DeleteFunc(rows, func(v PlannedVisit) bool { return !VisitHasInspector(&v.Visit, id) }), nil
}

// VisitHasInspector reports whether inspector id was drawn for v.
func VisitHasInspector(v *Visit, id int64) bool {
	var ids []int64
	if json.Unmarshal([]byte(v.Inspectors), &ids) != nil {
		return false
	}
	return slices.Contains(ids, id)
}

// BusyInspectorDays returns, per inspector, the days in [from, to] it is
// already drawn for a planned visit (keyed by the day's Unix time), so that
// a new plan does not give it a second route that day.
func (s *Store) BusyInspectorDays(ctx context.Context, from, to time.Time) (map[int64]map[int64]bool, error) {
	var rows []Visit
	err := s.db.WithContext(ctx).Select("planned_on", "inspectors").
		Where("planned_on >= ? AND planned_on <= ? AND status = ?", from.UTC(), to.UTC(), VisitPlanned).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("busy inspector days: %w", err)
	}
	out := map[int64]map[int64]bool{}
	for _, v := range rows {
		var ids []int64
		if json.Unmarshal([]byte(v.Inspectors), &ids) != nil {
			continue
		}
		for _, id := range ids {
			if out[id] == nil {
				out[id] = map[int64]bool{}
			}
			out[id][v.PlannedOn.Unix()] = true
		}
	}
	return out, nil
}
