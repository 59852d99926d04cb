package models

import (
	"context"
	"fmt"
	"sort"
	"time"

	"gorm.io/gorm"
)

// OverviewQuery asks for a regulator's figures of the day within Scope:
// reports due before SoonUntil are near their deadline, visits planned in
// [WeekFrom, WeekTo) are this week's, and on-time rates count the reports
// filed since RatesSince.
type OverviewQuery struct {
	Scope      Scope
	Now        time.Time
	SoonUntil  time.Time
	WeekFrom   time.Time
	WeekTo     time.Time
	RatesSince time.Time
}

// Overview is what needs a regulator's attention today. Every figure is a
// count over an indexed column (status with a date), never a row list.
type Overview struct {
	ReviewWaiting   int64      `json:"review_waiting"`
	OldestSubmitted *time.Time `json:"oldest_submitted"`
	ReportsOverdue  int64      `json:"reports_overdue"`
	ReportsDueSoon  int64      `json:"reports_due_soon"`
	RectifyOverdue  int64      `json:"rectify_overdue"`
	RectifyWaiting  int64      `json:"rectify_waiting"`
	VisitsThisWeek  int64      `json:"visits_this_week"`
	ReportsDone     int64      `json:"reports_done"`
	ReportsOnTime   int64      `json:"reports_on_time"`
}

// Overview counts the figures of q within its scope.
func (s *Store) Overview(ctx context.Context, q OverviewQuery) (Overview, error) {
	var o Overview
	db := s.db.WithContext(ctx)
	sc := q.Scope

	waiting := func() *gorm.DB {
		return scopeAssignments(db.Table("assignments a").Where("a.status = ?", AssignmentSubmitted), sc)
	}
	if err := waiting().Count(&o.ReviewWaiting).Error; err != nil {
		return o, fmt.Errorf("overview: review queue: %w", err)
	}
	if o.ReviewWaiting > 0 {
		// A plain column, not MIN(): SQLite returns an aggregate's time as text.
		var oldest []Assignment
		if err := waiting().Select("a.submitted_at").Order("a.submitted_at").Limit(1).Find(&oldest).Error; err != nil {
			return o, fmt.Errorf("overview: oldest submission: %w", err)
		}
		if len(oldest) == 1 {
			o.OldestSubmitted = oldest[0].SubmittedAt
		}
	}

	reports := func() *gorm.DB {
		return scopeReports(db.Table("citizen_reports").Where("status IN ? AND merged_into_id IS NULL", OpenReportStatuses), sc)
	}
	if err := reports().Where("deadline_at < ?", q.Now.UTC()).Count(&o.ReportsOverdue).Error; err != nil {
		return o, fmt.Errorf("overview: overdue reports: %w", err)
	}
	if err := reports().Where("deadline_at >= ? AND deadline_at < ?", q.Now.UTC(), q.SoonUntil.UTC()).Count(&o.ReportsDueSoon).Error; err != nil {
		return o, fmt.Errorf("overview: reports due soon: %w", err)
	}
	var rates struct{ Done, OnTime int64 }
	err := scopeReports(db.Table("citizen_reports"), sc).
		Select("SUM(CASE WHEN status IN ('resolved','closed') THEN 1 ELSE 0 END) AS done, "+
			"SUM(CASE WHEN status IN ('resolved','closed') AND deadline_at IS NOT NULL AND resolved_at <= deadline_at THEN 1 ELSE 0 END) AS on_time").
		Where("status IN ? AND merged_into_id IS NULL AND created_at >= ?", []string{ReportResolved, ReportClosed}, q.RatesSince.UTC()).
		Scan(&rates).Error
	if err != nil {
		return o, fmt.Errorf("overview: report rates: %w", err)
	}
	o.ReportsDone, o.ReportsOnTime = rates.Done, rates.OnTime

	if err := scopeFindings(db.Table("findings f").Where("f.status = ? AND f.deadline_at < ?", FindingOpen, q.Now.UTC()), sc).
		Count(&o.RectifyOverdue).Error; err != nil {
		return o, fmt.Errorf("overview: overdue rectifications: %w", err)
	}
	if err := scopeFindings(db.Table("findings f").Where("f.status = ?", FindingRectified), sc).
		Count(&o.RectifyWaiting).Error; err != nil {
		return o, fmt.Errorf("overview: rectifications to verify: %w", err)
	}

	vq := db.Table("visits v").Where("v.status <> ? AND v.planned_on >= ? AND v.planned_on < ?", VisitCancelled, q.WeekFrom.UTC(), q.WeekTo.UTC())
	if err := scopeVisits(s, vq, sc).Count(&o.VisitsThisWeek).Error; err != nil {
		return o, fmt.Errorf("overview: visits this week: %w", err)
	}
	return o, nil
}

// scopeAssignments limits a query on assignments a to a scope, as the
// review queue does: a street its firms and households, a department firms.
func scopeAssignments(q *gorm.DB, sc Scope) *gorm.DB {
	if sc.Role == RoleStreet {
		q = q.Joins("LEFT JOIN enterprises e ON e.id = a.enterprise_id").
			Joins("LEFT JOIN wechat_users u ON u.id = a.wechat_user_id").
			Where("COALESCE(e.street_code, u.street_code) = ?", sc.Street)
	}
	if sc.Role == RoleDepartment {
		q = q.Where("a.enterprise_id IS NOT NULL")
	}
	return q
}

// scopeReports limits a query on citizen_reports to a scope, as the report
// queue does.
func scopeReports(q *gorm.DB, sc Scope) *gorm.DB {
	switch sc.Role {
	case RoleStreet:
		q = q.Where("street_code = ?", sc.Street)
	case RoleDepartment:
		q = q.Where("department IN ?", setKeys(sc.Departments))
	}
	return q
}

// scopeFindings limits a query on findings f to a scope: a street its
// firms', a department its checklist items'.
func scopeFindings(q *gorm.DB, sc Scope) *gorm.DB {
	switch sc.Role {
	case RoleStreet:
		q = q.Joins("JOIN enterprises e ON e.id = f.enterprise_id").Where("e.street_code = ?", sc.Street)
	case RoleDepartment:
		q = q.Where("f.item_id IN ?", setKeys(sc.Items))
	}
	return q
}

// scopeVisits limits a query on visits v to a scope: a street its firms',
// a department those carrying one of its items (a JSON list, matched by
// pattern).
func scopeVisits(s *Store, q *gorm.DB, sc Scope) *gorm.DB {
	switch sc.Role {
	case RoleStreet:
		q = q.Joins("JOIN enterprises e ON e.id = v.enterprise_id").Where("e.street_code = ?", sc.Street)
	case RoleDepartment:
		items := setKeys(sc.Items)
		if len(items) == 0 {
			return q.Where("1 = 0")
		}
		or := s.db.Session(&gorm.Session{NewDB: true})
		for i, it := range items {
			if i == 0 {
				or = or.Where("v.items LIKE ?", `%"`+it+`"%`)
			} else {
				or = or.Or("v.items LIKE ?", `%"`+it+`"%`)
			}
		}
		q = q.Where(or)
	}
	return q
}

// setKeys returns the keys of a set in order; never empty, so that an IN
// list stays valid SQL and matches nothing.
func setKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	if len(out) == 0 {
		out = append(out, "\x00")
	}
	return out
}

// GradeCountsAt returns how many firms held each grade at time at, by
// each firm's last score snapshot before it, within a street ("" for all).
// It reads every snapshot up to at: callers cache it.
func (s *Store) GradeCountsAt(ctx context.Context, street string, at time.Time) (map[string]int64, error) {
	q := s.db.WithContext(ctx).Table("score_snapshots s").
		Select("s.grade AS grade, COUNT(*) AS n").
		Joins("JOIN (SELECT enterprise_id, MAX(computed_at) AS m FROM score_snapshots WHERE computed_at <= ? GROUP BY enterprise_id) l "+
			"ON l.enterprise_id = s.enterprise_id AND l.m = s.computed_at", at.UTC())
	if street != "" {
		q = q.Joins("JOIN enterprises e ON e.id = s.enterprise_id").Where("e.street_code = ?", street)
	}
	var rows []struct {
		Grade string
		N     int64
	}
	if err := q.Group("s.grade").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("grade counts at %s: %w", at.Format(time.DateOnly), err)
	}
	out := map[string]int64{}
	for _, r := range rows {
		out[r.Grade] += r.N
	}
	return out, nil
}
