package models

import (
	"context"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"
)

// Kinds of change the change feed lists.
const (
	ChangeScore         = "score"         // a firm's shown score, grade or decision changed
	ChangeSubmission    = "submission"    // a self-check was submitted, accepted or returned
	ChangeReport        = "report"        // a citizen report was filed or changed status
	ChangeVisit         = "visit"         // an on-site visit's results were recorded
	ChangeRectification = "rectification" // a rectification report was decided
)

// ChangeEvent is one row of the append-only change feed, written in the
// transaction of the change it records. ID orders the feed; Street,
// Department and ItemID let the feed be cut to a caller's scope.
type ChangeEvent struct {
	ID           int64
	Kind         string
	RecordID     int64
	EnterpriseID *int64
	StreetCode   string
	Department   string
	ItemID       string
	Status       string
	Score        *decimal.Decimal `gorm:"type:decimal(9,2)"`
	CreatedAt    time.Time
}

// appendChange writes ev with db, the handle of the change's transaction.
func appendChange(db *gorm.DB, ev *ChangeEvent, now time.Time) error {
	ev.CreatedAt = now
	if err := db.Create(ev).Error; err != nil {
		return fmt.Errorf("change event %s %d: %w", ev.Kind, ev.RecordID, err)
	}
	return nil
}

// scoreChanges are the feed rows of score snapshots, which are written
// exactly when what a person sees changed.
func scoreChanges(snaps []ScoreSnapshot, streetOf func(id int64) string, now time.Time) []ChangeEvent {
	out := make([]ChangeEvent, 0, len(snaps))
	for _, sn := range snaps {
		id, shown := sn.EnterpriseID, sn.Shown
		out = append(out, ChangeEvent{Kind: ChangeScore, RecordID: id, EnterpriseID: &id, StreetCode: streetOf(id), Status: sn.Grade,
			Score: &shown, CreatedAt: now})
	}
	return out
}

// firmChange is a change of a record about a firm: the feed row carries
// the firm's street for the scope filter.
func firmChange(db *gorm.DB, kind string, recordID, enterpriseID int64, status string, now time.Time) error {
	var street string
	if err := db.Model(&Enterprise{}).Select("street_code").Where("id = ?", enterpriseID).Scan(&street).Error; err != nil {
		return fmt.Errorf("street of %d: %w", enterpriseID, err)
	}
	id := enterpriseID
	return appendChange(db, &ChangeEvent{Kind: kind, RecordID: recordID, EnterpriseID: &id, StreetCode: street, Status: status}, now)
}

// ChangeQuery selects a page of the feed.
type ChangeQuery struct {
	After int64 // the last id the caller has
	Limit int
	// Before, when not zero, leaves out rows written at or after it: a
	// transaction that took its id earlier may still be committing, and a
	// cursor past it would skip it for good.
	Before time.Time
	Scope  Scope
}

// Changes returns the feed rows after q.After within q.Scope, in id order.
func (s *Store) Changes(ctx context.Context, q ChangeQuery) ([]ChangeEvent, error) {
	db := s.db.WithContext(ctx).Where("id > ?", q.After)
	if !q.Before.IsZero() {
		db = db.Where("created_at < ?", q.Before.UTC())
	}
	sc := q.Scope
	switch sc.Role {
	case RoleAdmin:
	case RoleStreet:
		db = db.Where("street_code = ?", sc.Street)
	case RoleDepartment:
		db = db.Where("kind <> ? OR department IN ?", ChangeReport, keys(sc.Departments))
		db = db.Where("kind <> ? OR item_id IN ?", ChangeRectification, keys(sc.Items))
	default:
		return nil, Errorf(EFORBIDDEN, "无权查看变更")
	}
	var out []ChangeEvent
	if err := db.Order("id").Limit(q.Limit).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("changes after %d: %w", q.After, err)
	}
	return out, nil
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// assignmentChange records a firm's self-check changing status; a
// household's is not a firm's record and is left out.
func assignmentChange(db *gorm.DB, id int64, status string, now time.Time) error {
	var a Assignment
	if err := db.Select("enterprise_id").Take(&a, id).Error; err != nil {
		return fmt.Errorf("assignment %d: %w", id, err)
	}
	if a.EnterpriseID == nil {
		return nil
	}
	return firmChange(db, ChangeSubmission, id, *a.EnterpriseID, status, now)
}

// reportChange is the feed row of a report in its new status.
func reportChange(r *CitizenReport) *ChangeEvent {
	return &ChangeEvent{Kind: ChangeReport, RecordID: r.ID, EnterpriseID: r.EnterpriseID, StreetCode: r.StreetCode,
		Department: r.Department, Status: r.Status}
}

// rectificationChange records a decision on a rectification report.
func rectificationChange(db *gorm.DB, id int64, status string, now time.Time) error {
	var f struct {
		EnterpriseID int64
		ItemID       string
	}
	err := db.Table("rectifications r").Select("f.enterprise_id, f.item_id").Joins("JOIN findings f ON f.id = r.finding_id").
		Where("r.id = ?", id).Take(&f).Error
	if err != nil {
		return fmt.Errorf("finding of rectification %d: %w", id, err)
	}
	var street string
	if err := db.Model(&Enterprise{}).Select("street_code").Where("id = ?", f.EnterpriseID).Scan(&street).Error; err != nil {
		return fmt.Errorf("street of %d: %w", f.EnterpriseID, err)
	}
	eid := f.EnterpriseID
	return appendChange(db, &ChangeEvent{Kind: ChangeRectification, RecordID: id, EnterpriseID: &eid, StreetCode: street, ItemID: f.ItemID,
		Status: status}, now)
}
