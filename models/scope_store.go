package models

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"
)

// PhotoRefs are the records a photo is evidence of: the citizen reports
// that carry it, the self-check answers (by assignment), the on-site
// results (by visit) and the rectifications (by finding).
type PhotoRefs struct {
	Reports     []int64
	Assignments []int64
	Visits      []int64
	Findings    []int64
}

// PhotoRefs returns the records that refer to photo id.
func (s *Store) PhotoRefs(ctx context.Context, id int64) (PhotoRefs, error) {
	var r PhotoRefs
	db := s.db.WithContext(ctx)
	steps := []struct {
		table, col string
		out        *[]int64
	}{
		{"report_photos", "report_id", &r.Reports},
		{"answers", "assignment_id", &r.Assignments},
		{"visit_results", "visit_id", &r.Visits},
		{"finding_followups", "finding_id", &r.Findings},
	}
	for _, st := range steps {
		if err := db.Table(st.table).Where("photo_id = ?", id).Distinct().Pluck(st.col, st.out).Error; err != nil {
			return r, fmt.Errorf("photo %d refs in %s: %w", id, st.table, err)
		}
	}
	// A fix report keeps its photo ids comma-separated.
	v := strconv.FormatInt(id, 10)
	var rs []int64
	err := db.Table("rectifications").Where("photos = ? OR photos LIKE ? OR photos LIKE ? OR photos LIKE ?", v, v+",%", "%,"+v, "%,"+v+",%").
		Distinct().Pluck("finding_id", &rs).Error
	if err != nil {
		return r, fmt.Errorf("photo %d refs in rectifications: %w", id, err)
	}
	r.Findings = append(r.Findings, rs...)
	return r, nil
}

// WechatUserStreet returns the street a citizen said it lives in, "" when
// it gave none.
func (s *Store) WechatUserStreet(ctx context.Context, id int64) (string, error) {
	var u WechatUser
	err := s.db.WithContext(ctx).Select("id", "street_code").Take(&u, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return "", Errorf(ENOTFOUND, "未找到该用户")
	} else if err != nil {
		return "", fmt.Errorf("wechat user %d: %w", id, err)
	}
	return u.StreetCode, nil
}

// CampaignsInScope returns the newest campaigns, at most limit, that a
// scope may list: a street's only those aimed at its street alone, a
// department's no household ones. The filter is JSON, so the street test
// is a pattern; callers still check each campaign's target.
func (s *Store) CampaignsInScope(ctx context.Context, sc Scope, limit int) ([]Campaign, error) {
	return s.CampaignsInScopeAfter(ctx, sc, 0, limit)
}

// CampaignsInScopeAfter is CampaignsInScope continuing after the campaign
// afterID (newest first, so those with a smaller id); 0 starts at the newest.
func (s *Store) CampaignsInScopeAfter(ctx context.Context, sc Scope, afterID int64, limit int) ([]Campaign, error) {
	q := s.db.WithContext(ctx).Order("id DESC").Limit(limit)
	if afterID > 0 {
		q = q.Where("id < ?", afterID)
	}
	switch sc.Role {
	case RoleStreet:
		q = q.Where("filter LIKE ? AND filter NOT LIKE ?", `%"streets":["`+sc.Street+`"]%`, `%enterprise_ids%`)
	case RoleDepartment:
		q = q.Where("audience NOT IN ?", []string{"household", "rental"})
	}
	var out []Campaign
	if err := q.Find(&out).Error; err != nil {
		return nil, fmt.Errorf("campaigns in scope: %w", err)
	}
	return out, nil
}

// VisitQuery narrows the planned visits to a user's: a street, visits
// carrying one of Items (nil: any), or those Inspector is drawn for.
type VisitQuery struct {
	Street    string
	Items     []string
	Inspector string
	Limit     int
	// Keyset orders the visits by (planned_on, id) and continues after
	// the visit (AfterOn, AfterID) when AfterID is set.
	Keyset  bool
	AfterOn time.Time
	AfterID int64
}

// PlannedVisitsOf returns the planned visits matching q, in the order of
// PlannedVisitList. Items and inspectors are JSON lists, matched by
// pattern; callers still check each visit.
func (s *Store) PlannedVisitsOf(ctx context.Context, q VisitQuery) ([]PlannedVisit, error) {
	db := s.db.WithContext(ctx).Table("visits AS v").Select("v.*").Where("v.status = ?", VisitPlanned)
	if q.Street != "" {
		db = db.Joins("JOIN enterprises AS e ON e.id = v.enterprise_id").Where("e.street_code = ?", q.Street)
	}
	if q.Items != nil {
		if len(q.Items) == 0 {
			return nil, nil
		}
		or := s.db.Session(&gorm.Session{NewDB: true})
		for i, it := range q.Items {
			if i == 0 {
				or = or.Where("v.items LIKE ?", `%"`+it+`"%`)
			} else {
				or = or.Or("v.items LIKE ?", `%"`+it+`"%`)
			}
		}
		db = db.Where(or)
	}
	if q.Inspector != "" {
		// Plans store ids as numbers, re-visits as strings.
		id := q.Inspector
		db = db.Where("v.inspectors LIKE ? OR v.inspectors LIKE ? OR v.inspectors LIKE ? OR v.inspectors LIKE ? OR v.inspectors LIKE ?",
			"%["+id+"]%", "%["+id+",%", "%,"+id+",%", "%,"+id+"]%", `%"`+id+`"%`)
	}
	order := "v.planned_on, v.route_id, v.route_seq, v.id"
	if q.Keyset {
		order = "v.planned_on, v.id"
		if q.AfterID > 0 {
			on := q.AfterOn.UTC()
			db = db.Where("v.planned_on > ? OR (v.planned_on = ? AND v.id > ?)", on, on, q.AfterID)
		}
	}
	var out []PlannedVisit
	if err := db.Order(order).Limit(q.Limit).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("planned visits: %w", err)
	}
	return out, nil
}
