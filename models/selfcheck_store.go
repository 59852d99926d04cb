package models

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// openAssignmentStatuses are the statuses in which an assignment can still be
// answered from the chat.
var openAssignmentStatuses = []string{AssignmentPending, AssignmentInProgress, AssignmentReturned, AssignmentOverdue}

// OpenAssignment returns the open self-check of a firm (enterpriseID > 0) or
// of a citizen (userID > 0) that is due first, or ENOTFOUND.
func (s *Store) OpenAssignment(ctx context.Context, enterpriseID, userID int64) (*Assignment, error) {
	q := s.db.WithContext(ctx).Where("status IN ?", openAssignmentStatuses)
	if enterpriseID > 0 {
		q = q.Where("enterprise_id = ?", enterpriseID)
	} else {
		q = q.Where("wechat_user_id = ?", userID)
	}
	var a Assignment
	// NULL due dates sort last on both databases through the CASE.
	err := q.Order("CASE WHEN due_at IS NULL THEN 1 ELSE 0 END, due_at, id").Take(&a).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, Errorf(ENOTFOUND, "目前没有待完成的自查任务。")
	} else if err != nil {
		return nil, fmt.Errorf("open assignment: %w", err)
	}
	return &a, nil
}

// StartAssignment marks an assignment in progress when it is first opened.
func (s *Store) StartAssignment(ctx context.Context, id int64) error {
	now := s.now()
	err := s.db.WithContext(ctx).Model(&Assignment{}).Where("id = ? AND status IN ?", id, []string{AssignmentPending, AssignmentReturned}).
		Updates(map[string]any{"status": AssignmentInProgress, "started_at": gorm.Expr("COALESCE(started_at, ?)", now), "updated_at": now}).Error
	if err != nil {
		return fmt.Errorf("start assignment %d: %w", id, err)
	}
	return nil
}

// SaveAnswer stores one answer as it arrives, replacing an earlier answer to
// the same item.
func (s *Store) SaveAnswer(ctx context.Context, a *Answer) error {
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "assignment_id"}, {Name: "item_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"value", "photo_id", "compliant", "answered_by", "answered_at"}),
	}).Create(a).Error
	if err != nil {
		return fmt.Errorf("save answer %s of assignment %d: %w", a.ItemID, a.AssignmentID, err)
	}
	return nil
}

// SubmitAssignment closes an assignment: the answers that count replace the
// stored ones, and the findings (non-compliant answers, for a firm) are
// opened. Submitting twice is a conflict.
func (s *Store) SubmitAssignment(ctx context.Context, id int64, answers []Answer, findings []Finding) error {
	db := s.db.WithContext(ctx)
	now := s.now()
	res := db.Model(&Assignment{}).Where("id = ? AND status IN ?", id, openAssignmentStatuses).
		Updates(map[string]any{"status": AssignmentSubmitted, "submitted_at": now, "updated_at": now})
	if res.Error != nil {
		return fmt.Errorf("submit assignment %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return Errorf(ECONFLICT, "该自查已提交，无需重复提交。")
	}
	if err := assignmentChange(db, id, AssignmentSubmitted, now); err != nil {
		return err
	}
	if err := db.Where("assignment_id = ?", id).Delete(&Answer{}).Error; err != nil {
		return fmt.Errorf("clear answers of %d: %w", id, err)
	}
	for i := range answers {
		answers[i].ID, answers[i].AssignmentID = 0, id
	}
	if len(answers) > 0 {
		if err := db.CreateInBatches(answers, 200).Error; err != nil {
			return fmt.Errorf("store answers of %d: %w", id, err)
		}
	}
	for i := range findings {
		f := &findings[i]
		f.ID, f.AssignmentID, f.Source, f.Status = 0, &id, FindingSelfReported, FindingOpen
		f.CreatedAt, f.UpdatedAt = now, now
	}
	if len(findings) > 0 {
		if err := db.Create(&findings).Error; err != nil {
			return fmt.Errorf("open findings of %d: %w", id, err)
		}
	}
	return nil
}
