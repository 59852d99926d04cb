package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// MaxQueuePage bounds a queue page.
const MaxQueuePage = 100

// ReviewPageQuery filters and pages the review queue. Zero values mean no
// filter; From and To bound the submission time; Newest reverses the
// default oldest-first order.
type ReviewPageQuery struct {
	Status   string
	Campaign int64
	Street   string
	From, To time.Time
	Newest   bool
	Limit    int
	Offset   int
}

// ReviewPage returns one page of the review queue within a scope and the
// total of submissions matching q.
func (s *Store) ReviewPage(ctx context.Context, q ReviewPageQuery, sc Scope) ([]ReviewRow, int64, error) {
	if q.Status == "" {
		q.Status = AssignmentSubmitted
	}
	q.Limit = clampPage(q.Limit)
	base := func() *gorm.DB {
		db := s.db.WithContext(ctx).Table("assignments a").
			Joins("LEFT JOIN enterprises e ON e.id = a.enterprise_id").
			Joins("LEFT JOIN wechat_users u ON u.id = a.wechat_user_id").
			Where("a.status = ?", q.Status)
		if q.Street == "" && sc.Role != RoleStreet {
			// No street to test: the status index range alone.
			db = s.db.WithContext(ctx).Table("assignments a").Where("a.status = ?", q.Status)
		}
		if street := sc.StreetFilter(); street != "" || sc.Role == RoleStreet {
			db = db.Where("COALESCE(e.street_code, u.street_code) = ?", street)
		}
		if sc.Role == RoleDepartment {
			db = db.Where("a.enterprise_id IS NOT NULL")
		}
		if q.Street != "" {
			db = db.Where("COALESCE(e.street_code, u.street_code) = ?", q.Street)
		}
		if q.Campaign > 0 {
			db = db.Where("a.campaign_id = ?", q.Campaign)
		}
		if !q.From.IsZero() {
			db = db.Where("a.submitted_at >= ?", q.From.UTC())
		}
		if !q.To.IsZero() {
			db = db.Where("a.submitted_at < ?", q.To.UTC())
		}
		return db
	}
	var total int64
	if err := base().Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("review queue total: %w", err)
	}
	order := "a.submitted_at, a.id"
	if q.Newest {
		order = "a.submitted_at DESC, a.id DESC"
	}
	// The page's ids first, from the assignments' own index, then their
	// rows: joined at once, the optimizer would sort every waiting row.
	var ids []int64
	if err := base().Order(order).Limit(q.Limit).Offset(q.Offset).Pluck("a.id", &ids).Error; err != nil {
		return nil, 0, fmt.Errorf("review queue page: %w", err)
	}
	if len(ids) == 0 {
		return nil, total, nil
	}
	var out []ReviewRow
	// A firm's findings are counted through the findings' firm index; only
	// a household's (rare) go by assignment alone.
	err := s.db.WithContext(ctx).Table("assignments a").
		Select("a.id AS assignment_id, a.campaign_id, c.name AS campaign_name, a.enterprise_id, COALESCE(e.name, '') AS name, "+
			"COALESCE(e.street_code, u.street_code, '') AS street_code, a.status, a.submitted_at, a.due_at, "+
			"CASE WHEN a.enterprise_id IS NULL THEN (SELECT COUNT(*) FROM findings f WHERE f.assignment_id = a.id) "+
			"ELSE (SELECT COUNT(*) FROM findings f WHERE f.enterprise_id = a.enterprise_id AND f.assignment_id = a.id) END AS findings").
		Joins("JOIN campaigns c ON c.id = a.campaign_id").
		Joins("LEFT JOIN enterprises e ON e.id = a.enterprise_id").
		Joins("LEFT JOIN wechat_users u ON u.id = a.wechat_user_id").
		Where("a.id IN ?", ids).Order(order).Scan(&out).Error
	if err != nil {
		return nil, 0, fmt.Errorf("review queue page: %w", err)
	}
	return out, total, nil
}

// clampPage keeps a page size within 1..MaxQueuePage, 50 by default.
func clampPage(n int) int {
	if n <= 0 {
		return 50
	}
	return min(n, MaxQueuePage)
}

// ReportCount counts the reports matching q within a scope, ignoring its
// paging.
func (s *Store) ReportCount(ctx context.Context, q ReportQuery, sc Scope) (int64, error) {
	var n int64
	if err := reportFilter(s.db.WithContext(ctx).Model(&CitizenReport{}), q, sc).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("report queue total: %w", err)
	}
	return n, nil
}

// reportFilter applies q's filters and the scope to a query on
// citizen_reports.
func reportFilter(db *gorm.DB, q ReportQuery, sc Scope) *gorm.DB {
	if q.Status != "" {
		db = db.Where("status = ?", q.Status)
	}
	if q.Department != "" {
		db = db.Where("department = ?", q.Department)
	}
	if q.Category != "" {
		db = db.Where("category = ?", q.Category)
	}
	if q.Street != "" {
		db = db.Where("street_code = ?", q.Street)
	}
	if !q.From.IsZero() {
		db = db.Where("created_at >= ?", q.From.UTC())
	}
	if !q.To.IsZero() {
		db = db.Where("created_at < ?", q.To.UTC())
	}
	switch q.Due {
	case DueOverdue:
		db = db.Where("status IN ? AND merged_into_id IS NULL AND deadline_at < ?", OpenReportStatuses, q.Now.UTC())
	case DueSoon:
		db = db.Where("status IN ? AND merged_into_id IS NULL AND deadline_at >= ? AND deadline_at < ?", OpenReportStatuses, q.Now.UTC(), q.SoonUntil.UTC())
	}
	return scopeReports(db, sc)
}

// The deadline filters of the report queue.
const (
	DueOverdue = "overdue" // open and past its deadline
	DueSoon    = "soon"    // open and due before ReportQuery.SoonUntil
)

// VisitPageQuery filters and pages the visits of a scope (VisitQuery's
// street, items or inspector): by status (planned by default), street
// (Area) and planned dates [From, To), soonest first unless Newest.
type VisitPageQuery struct {
	VisitQuery
	Status   string
	Area     string
	From, To time.Time
	Newest   bool
	Offset   int
}

// VisitPage returns one page of the visits matching q and their total.
// Items and inspectors are JSON lists, matched by pattern; callers still
// check each visit.
func (s *Store) VisitPage(ctx context.Context, q VisitPageQuery) ([]PlannedVisit, int64, error) {
	if q.Items != nil && len(q.Items) == 0 {
		return nil, 0, nil
	}
	if q.Status == "" {
		q.Status = VisitPlanned
	}
	q.Limit = clampPage(q.Limit)
	base := func() *gorm.DB {
		db := s.db.WithContext(ctx).Table("visits AS v").Where("v.status = ?", q.Status)
		if q.Street != "" || q.Area != "" {
			db = db.Joins("JOIN enterprises AS e ON e.id = v.enterprise_id")
			if q.Street != "" {
				db = db.Where("e.street_code = ?", q.Street)
			}
			if q.Area != "" {
				db = db.Where("e.street_code = ?", q.Area)
			}
		}
		if q.Items != nil {
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
			id := q.Inspector
			db = db.Where("v.inspectors LIKE ? OR v.inspectors LIKE ? OR v.inspectors LIKE ? OR v.inspectors LIKE ? OR v.inspectors LIKE ?",
				"%["+id+"]%", "%["+id+",%", "%,"+id+",%", "%,"+id+"]%", `%"`+id+`"%`)
		}
		if !q.From.IsZero() {
			db = db.Where("v.planned_on >= ?", q.From.UTC())
		}
		if !q.To.IsZero() {
			db = db.Where("v.planned_on < ?", q.To.UTC())
		}
		return db
	}
	var total int64
	if err := base().Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("visits total: %w", err)
	}
	order := "v.planned_on, v.route_id, v.route_seq, v.id"
	if q.Newest {
		order = "v.planned_on DESC, v.route_id, v.route_seq, v.id DESC"
	}
	var out []PlannedVisit
	if err := base().Select("v.*").Order(order).Limit(q.Limit).Offset(q.Offset).Find(&out).Error; err != nil {
		return nil, 0, fmt.Errorf("visits page: %w", err)
	}
	return out, total, nil
}

// OrderPageQuery filters and pages the inspection orders: Departments is
// the caller's scope (empty: all), Department, Status and the window
// overlapping [From, To) the filters; newest first unless Oldest.
type OrderPageQuery struct {
	Departments []string
	Department  string
	Status      string
	From, To    time.Time
	Oldest      bool
	Limit       int
	Offset      int
	// Keyset pages by id rather than by offset: the page continues after
	// order AfterID (0: from the start) and may hold up to 501 rows, so an
	// API page of 500 can tell whether there is another.
	Keyset  bool
	AfterID int64
}

// OrderPage returns one page of the orders matching q, with their target
// counts, and their total.
func (s *Store) OrderPage(ctx context.Context, q OrderPageQuery) ([]OrderRow, int64, error) {
	if q.Keyset {
		q.Limit, q.Offset = min(max(q.Limit, 1), 501), 0
	} else {
		q.Limit = clampPage(q.Limit)
	}
	base := func() *gorm.DB {
		db := s.db.WithContext(ctx).Model(&InspectionOrder{})
		if len(q.Departments) > 0 {
			db = db.Where("department IN ?", q.Departments)
		}
		if q.Department != "" {
			db = db.Where("department = ?", q.Department)
		}
		if q.Status != "" {
			db = db.Where("status = ?", q.Status)
		}
		if !q.From.IsZero() {
			db = db.Where("window_to >= ?", q.From.UTC())
		}
		if !q.To.IsZero() {
			db = db.Where("window_from < ?", q.To.UTC())
		}
		return db
	}
	var total int64
	if err := base().Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("orders total: %w", err)
	}
	order := "id DESC"
	if q.Oldest {
		order = "id"
	}
	page := base()
	switch {
	case q.AfterID > 0 && q.Oldest:
		page = page.Where("id > ?", q.AfterID)
	case q.AfterID > 0:
		page = page.Where("id < ?", q.AfterID)
	}
	var orders []InspectionOrder
	if err := page.Order(order).Limit(q.Limit).Offset(q.Offset).Find(&orders).Error; err != nil {
		return nil, 0, fmt.Errorf("orders page: %w", err)
	}
	rows, err := s.orderRows(ctx, orders)
	return rows, total, err
}

// RectifyTotals are the sizes of the rectification queues of a scope.
type RectifyTotals struct {
	Requests int64 `json:"requests"`
	Revisits int64 `json:"revisits"`
	Overdue  int64 `json:"overdue"`
}

// RectifyTotals counts a scope's pending fix reports and deferral requests,
// findings awaiting a re-visit and open findings past their deadline at now.
func (s *Store) RectifyTotals(ctx context.Context, sc Scope, now time.Time) (RectifyTotals, error) {
	var t RectifyTotals
	db := s.db.WithContext(ctx)
	covered := sc.whereFindings(db.Session(&gorm.Session{NewDB: true}).Model(&Finding{}).Select("findings.id"))
	if err := db.Model(&Rectification{}).Where("status = ? AND finding_id IN (?)", RectificationPending, covered).Count(&t.Requests).Error; err != nil {
		return t, fmt.Errorf("pending rectifications total: %w", err)
	}
	sub := s.db.Model(&FindingFollowup{}).Select("finding_id").Where("revisit_required = ? OR listed = ?", true, true)
	if err := sc.whereFindings(db.Model(&Finding{})).Where("status <> ? AND id IN (?)", FindingClosed, sub).Count(&t.Revisits).Error; err != nil {
		return t, fmt.Errorf("re-visit queue total: %w", err)
	}
	if err := s.lateFindings(ctx, sc, now, "").Count(&t.Overdue).Error; err != nil {
		return t, fmt.Errorf("late findings total: %w", err)
	}
	return t, nil
}

func (s *Store) lateFindings(ctx context.Context, sc Scope, now time.Time, street string) *gorm.DB {
	q := sc.whereFindings(s.db.WithContext(ctx).Model(&Finding{})).Where("findings.status = ? AND findings.deadline_at < ?", FindingOpen, now.UTC())
	if street != "" {
		q = q.Where("findings.enterprise_id IN (?)", s.db.Session(&gorm.Session{NewDB: true}).Model(&Enterprise{}).Select("id").Where("street_code = ?", street))
	}
	return q
}

// LateFindingsPage returns one page of the scope's open findings past their
// deadline at now, in street when set, longest overdue first unless newest,
// and their total.
func (s *Store) LateFindingsPage(ctx context.Context, sc Scope, now time.Time, street string, newest bool, limit, offset int) ([]Finding, int64, error) {
	var total int64
	if err := s.lateFindings(ctx, sc, now, street).Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("late findings total: %w", err)
	}
	order := "findings.deadline_at, findings.id"
	if newest {
		order = "findings.deadline_at DESC, findings.id DESC"
	}
	var out []Finding
	if err := s.lateFindings(ctx, sc, now, street).Order(order).Limit(clampPage(limit)).Offset(offset).Find(&out).Error; err != nil {
		return nil, 0, fmt.Errorf("late findings page: %w", err)
	}
	return out, total, nil
}
