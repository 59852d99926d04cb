package models

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// PublicityRow is one published inspection result (一公开): the firm, the
// date, the departments whose orders the visit covered and the outcome. It
// holds no personal data: no inspector, legal representative or phone.
type PublicityRow struct {
	VisitID      int64     `json:"visit_id"`
	EnterpriseID int64     `json:"enterprise_id"`
	USCC         string    `json:"uscc"`
	Name         string    `json:"name"`
	StreetCode   string    `json:"street_code"`
	Date         time.Time `json:"date"`
	Departments  []string  `json:"departments"`
	Outcome      string    `json:"outcome"` // clean, violations
	Findings     int       `json:"findings"`
	Closed       int       `json:"closed"` // findings rectified and closed (销号)
	// Items are the checklist items the visit covered, for naming the
	// departments of a visit made without orders (a re-visit, say).
	Items []string `json:"-"`
}

// PublicInspections returns the visits completed in [from, to), newest
// first, at most limit rows after offset (limit <= 0: all).
func (s *Store) PublicInspections(ctx context.Context, from, to time.Time, limit, offset int) ([]PublicityRow, error) {
	db := s.db.WithContext(ctx)
	type row struct {
		ID, EnterpriseID int64
		USCC             string `gorm:"column:uscc"`
		Name, StreetCode string
		Outcome          string
		Items            string
		CompletedAt      time.Time
	}
	q := db.Table("visits AS v").Select("v.id, v.enterprise_id, e.uscc, e.name, e.street_code, v.outcome, v.items, v.completed_at").
		Joins("JOIN enterprises AS e ON e.id = v.enterprise_id").
		Where("v.status = ? AND v.completed_at >= ? AND v.completed_at < ?", VisitDone, from.UTC(), to.UTC()).
		Order("v.completed_at DESC, v.id DESC")
	if limit > 0 {
		q = q.Limit(limit).Offset(offset)
	}
	var rows []row
	if err := q.Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("public inspections: %w", err)
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	depts := map[int64][]string{}
	type count struct {
		VisitID int64
		N, C    int
	}
	counts := map[int64]count{}
	err := chunks(ids, func(c []int64) error {
		var ds []struct {
			VisitID    int64
			Department string
		}
		if err := db.Table("visit_orders AS vo").Select("DISTINCT vo.visit_id, o.department").
			Joins("JOIN inspection_orders AS o ON o.id = vo.order_id").Where("vo.visit_id IN ?", c).
			Order("vo.visit_id, o.department").Scan(&ds).Error; err != nil {
			return err
		}
		for _, d := range ds {
			depts[d.VisitID] = append(depts[d.VisitID], d.Department)
		}
		var cs []count
		if err := db.Model(&Finding{}).Select("visit_id, COUNT(*) AS n, SUM(CASE WHEN status = ? THEN 1 ELSE 0 END) AS c", FindingClosed).
			Where("visit_id IN ?", c).Group("visit_id").Scan(&cs).Error; err != nil {
			return err
		}
		for _, x := range cs {
			counts[x.VisitID] = x
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("public inspections: %w", err)
	}
	out := make([]PublicityRow, len(rows))
	for i, r := range rows {
		out[i] = PublicityRow{
			VisitID: r.ID, EnterpriseID: r.EnterpriseID, USCC: r.USCC, Name: r.Name, StreetCode: r.StreetCode,
			Date: r.CompletedAt, Departments: depts[r.ID], Outcome: r.Outcome,
			Findings: counts[r.ID].N, Closed: counts[r.ID].C,
		}
		// A malformed list only costs the fallback of the department names.
		_ = json.Unmarshal([]byte(r.Items), &out[i].Items)
	}
	return out, nil
}

// DepartmentList joins departments for display.
func (r PublicityRow) DepartmentList() string { return strings.Join(r.Departments, "、") }
