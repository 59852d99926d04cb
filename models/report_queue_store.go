package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// ReportState is the queue's state of a citizen report beyond the report
// row: when it was dispatched, the severity a verified report is ledgered
// at, how often the reporter reopened it, and the owner of a 无主部件 once
// ownership is settled (the fix goes on meanwhile).
type ReportState struct {
	ReportID       int64      `gorm:"primaryKey;autoIncrement:false" json:"report_id"`
	DispatchedAt   *time.Time `json:"dispatched_at"`
	Severity       string     `json:"severity"`
	Reopened       int        `json:"reopened"`
	ReopenedAt     *time.Time `json:"reopened_at"`
	Owner          string     `json:"owner"`
	OwnerSettledAt *time.Time `json:"owner_settled_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

// TableName is report_handling.
func (ReportState) TableName() string { return "report_handling" }

// OpenReportStatuses are the statuses of a report still being worked on.
var OpenReportStatuses = []string{ReportNew, ReportDispatched, ReportHandling}

// ReportQuery filters the report queue.
type ReportQuery struct {
	Status     string
	Department string
	Category   string
	Limit      int
	// AfterAt and AfterID, when AfterID is set, continue after that report
	// in the queue's order (keyset paging).
	AfterAt time.Time
	AfterID int64
}

// ReportQueue returns reports matching q within scope, newest first.
func (s *Store) ReportQueue(ctx context.Context, q ReportQuery, sc Scope) ([]CitizenReport, error) {
	db := s.db.WithContext(ctx).Model(&CitizenReport{})
	if q.Status != "" {
		db = db.Where("status = ?", q.Status)
	}
	if q.Department != "" {
		db = db.Where("department = ?", q.Department)
	}
	if q.Category != "" {
		db = db.Where("category = ?", q.Category)
	}
	switch sc.Role {
	case RoleStreet:
		db = db.Where("street_code = ?", sc.Street)
	case RoleDepartment:
		depts := make([]string, 0, len(sc.Departments))
		for d := range sc.Departments {
			depts = append(depts, d)
		}
		db = db.Where("department IN ?", depts)
	}
	if q.AfterID > 0 {
		at := q.AfterAt.UTC()
		db = db.Where("created_at < ? OR (created_at = ? AND id < ?)", at, at, q.AfterID)
	}
	if q.Limit <= 0 || q.Limit > 500 {
		q.Limit = 100
	}
	var out []CitizenReport
	if err := db.Order("created_at DESC, id DESC").Limit(q.Limit).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("report queue: %w", err)
	}
	return out, nil
}

// Report returns a report by id with its handling state (zero when none).
func (s *Store) Report(ctx context.Context, id int64) (*CitizenReport, *ReportState, error) {
	return s.report(ctx, id, false)
}

func (s *Store) report(ctx context.Context, id int64, lock bool) (*CitizenReport, *ReportState, error) {
	db := s.db.WithContext(ctx)
	if lock && s.dialect == "mysql" {
		db = db.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var r CitizenReport
	err := db.Where("id = ?", id).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil, Errorf(ENOTFOUND, "未找到该举报")
	} else if err != nil {
		return nil, nil, fmt.Errorf("report %d: %w", id, err)
	}
	h := ReportState{ReportID: id}
	err = s.db.WithContext(ctx).Where("report_id = ?", id).Take(&h).Error
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil, fmt.Errorf("handling of report %d: %w", id, err)
	}
	return &r, &h, nil
}

// nearby is about 300 m in degrees of latitude (and, in Foshan, longitude).
const nearby = 0.003

// PossibleDuplicates returns open reports of the same category as r near
// it: within about 300 m when both have a location, else at the same
// address or in the same grid.
func (s *Store) PossibleDuplicates(ctx context.Context, r *CitizenReport) ([]CitizenReport, error) {
	db := s.db.WithContext(ctx).Where("id <> ? AND category = ? AND status IN ? AND merged_into_id IS NULL",
		r.ID, r.Category, OpenReportStatuses)
	switch {
	case r.Lat != nil && r.Lon != nil:
		db = db.Where("lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?", *r.Lat-nearby, *r.Lat+nearby, *r.Lon-nearby, *r.Lon+nearby)
	case r.Address != "" && r.GridCode != "":
		db = db.Where("(address = ? OR grid_code = ?)", r.Address, r.GridCode)
	case r.Address != "":
		db = db.Where("address = ?", r.Address)
	case r.GridCode != "":
		db = db.Where("grid_code = ?", r.GridCode)
	default:
		return nil, nil
	}
	var out []CitizenReport
	if err := db.Order("created_at, id").Limit(20).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("duplicates of report %d: %w", r.ID, err)
	}
	return out, nil
}

// ReportMove is one status change of a report: the statuses it may leave,
// the one it enters (From's own status when To is empty), the columns to
// set on the report and on its handling row, and the event's actor and
// note.
type ReportMove struct {
	From     []string
	To       string
	Set      map[string]any
	Handling func(h *ReportState)
	Actor    string
	Note     string
}

// MoveReport applies m to report id: it checks the report is in one of
// m.From, updates it and its handling row and records the event, and
// returns the report before and after. A report in another status is a
// conflict. Call it inside Tx.
func (s *Store) MoveReport(ctx context.Context, id int64, m ReportMove) (before, after *CitizenReport, h *ReportState, err error) {
	r, h, err := s.report(ctx, id, true)
	if err != nil {
		return nil, nil, nil, err
	}
	if !containsString(m.From, r.Status) {
		return nil, nil, nil, Errorf(ECONFLICT, "该举报当前状态不允许此操作")
	}
	to := m.To
	if to == "" {
		to = r.Status
	}
	now := s.now()
	set := map[string]any{"status": to, "updated_at": now}
	for k, v := range m.Set {
		set[k] = v
	}
	db := s.db.WithContext(ctx)
	if err := db.Model(&CitizenReport{}).Where("id = ?", id).Updates(set).Error; err != nil {
		return nil, nil, nil, fmt.Errorf("move report %d to %s: %w", id, to, err)
	}
	if m.Handling != nil {
		m.Handling(h)
		h.UpdatedAt = now
		if err := db.Save(h).Error; err != nil {
			return nil, nil, nil, fmt.Errorf("save handling of report %d: %w", id, err)
		}
	}
	ev := ReportEvent{ReportID: id, FromStatus: r.Status, ToStatus: to, Actor: clip(m.Actor, 64), Note: clip(m.Note, 500), CreatedAt: now}
	if err := db.Create(&ev).Error; err != nil {
		return nil, nil, nil, fmt.Errorf("event of report %d: %w", id, err)
	}
	after, _, err = s.report(ctx, id, false)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := appendChange(db, reportChange(after), now); err != nil {
		return nil, nil, nil, err
	}
	return r, after, h, nil
}

func containsString(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// ReporterOpenID returns the openid of a report's reporter, "" when the
// report has none.
func (s *Store) ReporterOpenID(ctx context.Context, r *CitizenReport) (string, error) {
	if r.ReporterID == nil {
		return "", nil
	}
	var u WechatUser
	err := s.db.WithContext(ctx).Select("openid").Where("id = ?", *r.ReporterID).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("reporter of report %d: %w", r.ID, err)
	}
	return u.OpenID, nil
}

// DepartmentStat is how a department handles citizen reports.
type DepartmentStat struct {
	Department string `json:"department"`
	Total      int64  `json:"total"`
	// Done counts resolved and closed reports; OnTime those of them done by
	// their deadline; Reopened those the reporter reopened at least once.
	Done     int64 `json:"done"`
	OnTime   int64 `json:"on_time"`
	Reopened int64 `json:"reopened"`
	// Rated counts answered follow-ups, Satisfied those rated 4 or 5,
	// Unsatisfied those rated 1 or 2; SatisfactionSum / Rated is the mean.
	Rated           int64 `json:"rated"`
	SatisfactionSum int64 `json:"satisfaction_sum"`
	Satisfied       int64 `json:"satisfied"`
	Unsatisfied     int64 `json:"unsatisfied"`
}

// DepartmentStats returns per-department figures of the reports filed since
// since (merged duplicates left out), by department name.
func (s *Store) DepartmentStats(ctx context.Context, since time.Time) ([]DepartmentStat, error) {
	var out []DepartmentStat
	err := s.db.WithContext(ctx).Table("citizen_reports r").
		Select(`r.department,
			COUNT(*) AS total,
			SUM(CASE WHEN r.status IN ('resolved','closed') THEN 1 ELSE 0 END) AS done,
			SUM(CASE WHEN r.status IN ('resolved','closed') AND r.deadline_at IS NOT NULL AND r.resolved_at <= r.deadline_at THEN 1 ELSE 0 END) AS on_time,
			SUM(CASE WHEN h.reopened > 0 THEN 1 ELSE 0 END) AS reopened,
			SUM(CASE WHEN r.satisfaction IS NOT NULL THEN 1 ELSE 0 END) AS rated,
			COALESCE(SUM(r.satisfaction), 0) AS satisfaction_sum,
			SUM(CASE WHEN r.satisfaction >= 4 THEN 1 ELSE 0 END) AS satisfied,
			SUM(CASE WHEN r.satisfaction <= 2 THEN 1 ELSE 0 END) AS unsatisfied`).
		Joins("LEFT JOIN report_handling h ON h.report_id = r.id").
		Where("r.created_at >= ? AND r.department <> '' AND r.merged_into_id IS NULL", since.UTC()).
		Group("r.department").Order("r.department").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("department stats: %w", err)
	}
	return out, nil
}
