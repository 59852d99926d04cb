package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// ReviewRow is one submission in the review queue.
type ReviewRow struct {
	AssignmentID int64      `json:"assignment_id"`
	CampaignID   int64      `json:"campaign_id"`
	CampaignName string     `json:"campaign_name"`
	EnterpriseID *int64     `json:"enterprise_id,omitempty"`
	Name         string     `json:"name"`
	StreetCode   string     `json:"street_code"`
	Status       string     `json:"status"`
	SubmittedAt  *time.Time `json:"submitted_at"`
	DueAt        *time.Time `json:"due_at"`
	Findings     int64      `json:"findings"`
}

// ReviewQueue returns submissions of status (submitted by default), oldest
// first, within a scope (a street its own; a department firms only), at
// most limit.
func (s *Store) ReviewQueue(ctx context.Context, status string, sc Scope, campaignID int64, limit int) ([]ReviewRow, error) {
	return s.ReviewQueueAfter(ctx, status, sc, campaignID, time.Time{}, 0, limit)
}

// ReviewQueueAfter is ReviewQueue continuing after the submission
// (afterAt, afterID), in (submitted_at, id) order, when afterID is set.
func (s *Store) ReviewQueueAfter(ctx context.Context, status string, sc Scope, campaignID int64, afterAt time.Time, afterID int64, limit int) ([]ReviewRow, error) {
	if status == "" {
		status = AssignmentSubmitted
	}
	var out []ReviewRow
	q := s.db.WithContext(ctx).Table("assignments a").
		Select("a.id AS assignment_id, a.campaign_id, c.name AS campaign_name, a.enterprise_id, COALESCE(e.name, '') AS name, "+
			"COALESCE(e.street_code, u.street_code, '') AS street_code, a.status, a.submitted_at, a.due_at, "+
			"(SELECT COUNT(*) FROM findings f WHERE f.assignment_id = a.id) AS findings").
		Joins("JOIN campaigns c ON c.id = a.campaign_id").
		Joins("LEFT JOIN enterprises e ON e.id = a.enterprise_id").
		Joins("LEFT JOIN wechat_users u ON u.id = a.wechat_user_id").
		Where("a.status = ?", status)
	if street := sc.StreetFilter(); street != "" || sc.Role == RoleStreet {
		q = q.Where("COALESCE(e.street_code, u.street_code) = ?", street)
	}
	if sc.Role == RoleDepartment {
		// Households' answers are the streets' to review, not departments'.
		q = q.Where("a.enterprise_id IS NOT NULL")
	}
	if campaignID > 0 {
		q = q.Where("a.campaign_id = ?", campaignID)
	}
	if afterID > 0 {
		at := afterAt.UTC()
		q = q.Where("a.submitted_at > ? OR (a.submitted_at = ? AND a.id > ?)", at, at, afterID)
	}
	if err := q.Order("a.submitted_at, a.id").Limit(limit).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("review queue: %w", err)
	}
	return out, nil
}

// ReviewItem is an assignment with its answers and findings, for review.
type ReviewItem struct {
	Assignment Assignment `json:"assignment"`
	Campaign   Campaign   `json:"campaign"`
	Answers    []Answer   `json:"answers"`
	Findings   []Finding  `json:"findings"`
}

// SubmissionByID loads an assignment for review; lock takes a row lock on
// MySQL for a decision.
func (s *Store) SubmissionByID(ctx context.Context, id int64, lock bool) (*ReviewItem, error) {
	db := s.db.WithContext(ctx)
	var sub ReviewItem
	q := db
	if lock && s.dialect == "mysql" {
		q = db.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	err := q.Where("id = ?", id).Take(&sub.Assignment).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, Errorf(ENOTFOUND, "未找到该自查填报")
	} else if err != nil {
		return nil, fmt.Errorf("assignment %d: %w", id, err)
	}
	if err := db.Where("id = ?", sub.Assignment.CampaignID).Take(&sub.Campaign).Error; err != nil {
		return nil, fmt.Errorf("campaign of assignment %d: %w", id, err)
	}
	if err := db.Where("assignment_id = ?", id).Order("id").Find(&sub.Answers).Error; err != nil {
		return nil, fmt.Errorf("answers of assignment %d: %w", id, err)
	}
	if err := db.Where("assignment_id = ?", id).Order("id").Find(&sub.Findings).Error; err != nil {
		return nil, fmt.Errorf("findings of assignment %d: %w", id, err)
	}
	return &sub, nil
}

// ReviewAssignment records a decision on a submitted assignment: accepted
// or returned (status), by whom and why. Only a submitted assignment can be
// decided; deciding twice is a conflict. Returning it withdraws the
// findings it opened that nobody has acted on, since the firm answers again.
func (s *Store) ReviewAssignment(ctx context.Context, id int64, status, by, note string) error {
	if status != AssignmentAccepted && status != AssignmentReturned {
		return Errorf(EINVALID, "未知的审核结论")
	}
	db := s.db.WithContext(ctx)
	now := s.now()
	res := db.Model(&Assignment{}).Where("id = ? AND status = ?", id, AssignmentSubmitted).
		Updates(map[string]any{"status": status, "reviewed_at": now, "reviewed_by": by, "review_note": clip(note, 500), "updated_at": now})
	if res.Error != nil {
		return fmt.Errorf("review assignment %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return Errorf(ECONFLICT, "该填报不在待审核状态，可能已被他人处理")
	}
	if err := assignmentChange(db, id, status, now); err != nil {
		return err
	}
	if status == AssignmentReturned {
		err := db.Where("assignment_id = ? AND source = ? AND status = ?", id, FindingSelfReported, FindingOpen).Delete(&Finding{}).Error
		if err != nil {
			return fmt.Errorf("withdraw findings of assignment %d: %w", id, err)
		}
	}
	return nil
}

// SetFindingDeadline sets the rectification deadline of a finding.
func (s *Store) SetFindingDeadline(ctx context.Context, id int64, deadline time.Time) error {
	err := s.db.WithContext(ctx).Model(&Finding{}).Where("id = ?", id).
		Updates(map[string]any{"deadline_at": deadline.UTC(), "updated_at": s.now()}).Error
	if err != nil {
		return fmt.Errorf("set deadline of finding %d: %w", id, err)
	}
	return nil
}
