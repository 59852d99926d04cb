package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// LockVisit returns a visit, locking its row until the transaction ends, so
// that two inspectors cannot record the same visit at once.
func (s *Store) LockVisit(ctx context.Context, id int64) (*PlannedVisit, error) {
	var v PlannedVisit
	err := s.db.WithContext(ctx).Clauses(clause.Locking{Strength: "UPDATE"}).Take(&v, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, Errorf(ENOTFOUND, "未找到检查任务 %d", id)
	} else if err != nil {
		return nil, fmt.Errorf("lock visit %d: %w", id, err)
	}
	return &v, nil
}

// CreateVisit adds a visit outside any plan, such as a re-visit (复查).
func (s *Store) CreateVisit(ctx context.Context, v *Visit) error {
	v.CreatedAt = s.now()
	if v.Status == "" {
		v.Status = VisitPlanned
	}
	if err := s.db.WithContext(ctx).Create(v).Error; err != nil {
		return fmt.Errorf("create visit: %w", err)
	}
	return nil
}

// CompleteVisit stores a visit's results and marks it done with its outcome.
// Results of a visit already done are a conflict.
func (s *Store) CompleteVisit(ctx context.Context, visitID int64, outcome string, results []VisitResult) error {
	db := s.db.WithContext(ctx)
	now := s.now()
	res := db.Model(&Visit{}).Where("id = ? AND status = ?", visitID, VisitPlanned).
		Updates(map[string]any{"status": VisitDone, "outcome": outcome, "completed_at": now})
	if res.Error != nil {
		return fmt.Errorf("complete visit %d: %w", visitID, res.Error)
	}
	if res.RowsAffected == 0 {
		return Errorf(ECONFLICT, "该检查任务已录入结果或已取消。")
	}
	var v Visit
	if err := db.Select("enterprise_id").Take(&v, visitID).Error; err != nil {
		return fmt.Errorf("visit %d: %w", visitID, err)
	}
	if err := firmChange(db, ChangeVisit, visitID, v.EnterpriseID, outcome, now); err != nil {
		return err
	}
	for i := range results {
		results[i].VisitID, results[i].RecordedAt = visitID, now
	}
	if err := db.CreateInBatches(results, s.rowsPerInsert()).Error; err != nil {
		return fmt.Errorf("store results of visit %d: %w", visitID, err)
	}
	return nil
}

// VisitResults returns a visit's results in item order.
func (s *Store) VisitResults(ctx context.Context, visitID int64) ([]VisitResult, error) {
	var out []VisitResult
	if err := s.db.WithContext(ctx).Where("visit_id = ?", visitID).Order("item_id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("results of visit %d: %w", visitID, err)
	}
	return out, nil
}

// InsertFindings opens findings and fills in their ids.
func (s *Store) InsertFindings(ctx context.Context, fs []Finding) error {
	now := s.now()
	for i := range fs {
		fs[i].CreatedAt, fs[i].UpdatedAt = now, now
		if fs[i].Status == "" {
			fs[i].Status = FindingOpen
		}
	}
	if err := create(s.db.WithContext(ctx), s.rowsPerInsert(), "findings", fs); err != nil {
		return err
	}
	return nil
}

// LockFinding returns a finding, locking its row until the transaction ends.
func (s *Store) LockFinding(ctx context.Context, id int64) (*Finding, error) {
	var f Finding
	err := s.db.WithContext(ctx).Clauses(clause.Locking{Strength: "UPDATE"}).Take(&f, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, Errorf(ENOTFOUND, "未找到整改事项 %d", id)
	} else if err != nil {
		return nil, fmt.Errorf("lock finding %d: %w", id, err)
	}
	return &f, nil
}

// UpdateFinding sets fields of a finding (column name to value).
func (s *Store) UpdateFinding(ctx context.Context, id int64, fields map[string]any) error {
	fields["updated_at"] = s.now()
	if err := s.db.WithContext(ctx).Model(&Finding{}).Where("id = ?", id).Updates(fields).Error; err != nil {
		return fmt.Errorf("update finding %d: %w", id, err)
	}
	return nil
}

// Followup returns a finding's follow-up state; a finding without one gets
// a zero value.
func (s *Store) Followup(ctx context.Context, f *Finding) (*FindingFollowup, error) {
	var fu FindingFollowup
	err := s.db.WithContext(ctx).Take(&fu, f.ID).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return &FindingFollowup{FindingID: f.ID, EnterpriseID: f.EnterpriseID}, nil
	} else if err != nil {
		return nil, fmt.Errorf("follow-up of %d: %w", f.ID, err)
	}
	return &fu, nil
}

// SaveFollowup inserts or replaces a finding's follow-up state.
func (s *Store) SaveFollowup(ctx context.Context, fu *FindingFollowup) error {
	fu.UpdatedAt = s.now()
	if err := s.db.WithContext(ctx).Save(fu).Error; err != nil {
		return fmt.Errorf("save follow-up of %d: %w", fu.FindingID, err)
	}
	return nil
}

// RevisitFindings returns the findings whose re-visit is visitID.
func (s *Store) RevisitFindings(ctx context.Context, visitID int64) ([]Finding, error) {
	var out []Finding
	err := s.db.WithContext(ctx).Where("id IN (?)", s.db.Model(&FindingFollowup{}).Select("finding_id").Where("revisit_visit_id = ?", visitID)).
		Order("id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("findings re-visited by %d: %w", visitID, err)
	}
	return out, nil
}

// AddFindingSteps appends entries to findings' files.
func (s *Store) AddFindingSteps(ctx context.Context, steps ...FindingStep) error {
	for i := range steps {
		if steps[i].CreatedAt.IsZero() {
			steps[i].CreatedAt = s.now()
		}
	}
	return create(s.db.WithContext(ctx), s.rowsPerInsert(), "finding steps", steps)
}

// FindingSteps returns a finding's file, oldest first.
func (s *Store) FindingSteps(ctx context.Context, findingID int64) ([]FindingStep, error) {
	var out []FindingStep
	if err := s.db.WithContext(ctx).Where("finding_id = ?", findingID).Order("created_at, id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("steps of finding %d: %w", findingID, err)
	}
	return out, nil
}

// EnterpriseFindingSteps returns the rectification file of a firm, newest first.
func (s *Store) EnterpriseFindingSteps(ctx context.Context, enterpriseID int64, limit int) ([]FindingStep, error) {
	var out []FindingStep
	err := s.db.WithContext(ctx).Where("enterprise_id = ?", enterpriseID).Order("created_at DESC, id DESC").Limit(limit).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("finding steps of %d: %w", enterpriseID, err)
	}
	return out, nil
}

// Rectification returns a rectification row.
func (s *Store) Rectification(ctx context.Context, id int64) (*Rectification, error) {
	var r Rectification
	err := s.db.WithContext(ctx).Take(&r, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, Errorf(ENOTFOUND, "未找到整改报告 %d", id)
	} else if err != nil {
		return nil, fmt.Errorf("rectification %d: %w", id, err)
	}
	return &r, nil
}

// FindingRectifications returns a finding's fix reports and deferral
// requests, oldest first.
func (s *Store) FindingRectifications(ctx context.Context, findingID int64) ([]Rectification, error) {
	var out []Rectification
	if err := s.db.WithContext(ctx).Where("finding_id = ?", findingID).Order("id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("rectifications of %d: %w", findingID, err)
	}
	return out, nil
}

// PendingRectifications returns fix reports and deferral requests awaiting a
// regulator's decision on findings the scope covers, oldest first.
func (s *Store) PendingRectifications(ctx context.Context, sc Scope, limit int) ([]Rectification, error) {
	var out []Rectification
	db := s.db.WithContext(ctx)
	covered := sc.whereFindings(db.Session(&gorm.Session{NewDB: true}).Model(&Finding{}).Select("findings.id"))
	err := db.Where("status = ? AND finding_id IN (?)", RectificationPending, covered).Order("created_at, id").Limit(limit).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("pending rectifications: %w", err)
	}
	return out, nil
}

// DecideRectification records a regulator's decision on a pending
// rectification; deciding one twice is a conflict.
func (s *Store) DecideRectification(ctx context.Context, id int64, status, by, note string) error {
	db := s.db.WithContext(ctx)
	now := s.now()
	res := db.Model(&Rectification{}).Where("id = ? AND status = ?", id, RectificationPending).
		Updates(map[string]any{"status": status, "decided_by": by, "decision_note": note, "decided_at": now})
	if res.Error != nil {
		return fmt.Errorf("decide rectification %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return Errorf(ECONFLICT, "该整改报告已处理。")
	}
	return rectificationChange(db, id, status, now)
}

// OverdueFindings returns open findings past their deadline at now that are
// not yet flagged overdue.
func (s *Store) OverdueFindings(ctx context.Context, now time.Time) ([]Finding, error) {
	var out []Finding
	err := s.db.WithContext(ctx).Where("status = ? AND deadline_at < ?", FindingOpen, now.UTC()).
		Where("id NOT IN (?)", s.db.Model(&FindingFollowup{}).Select("finding_id").Where("overdue_at IS NOT NULL")).
		Order("deadline_at, id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("overdue findings: %w", err)
	}
	return out, nil
}

// NeglectedFindings returns open findings whose deadline passed before
// before and that are not yet recorded as not rectified.
func (s *Store) NeglectedFindings(ctx context.Context, before time.Time) ([]Finding, error) {
	var out []Finding
	err := s.db.WithContext(ctx).Where("status = ? AND deadline_at < ?", FindingOpen, before.UTC()).
		Where("id NOT IN (?)", s.db.Model(&FindingFollowup{}).Select("finding_id").Where("not_rectified_at IS NOT NULL")).
		Order("deadline_at, id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("neglected findings: %w", err)
	}
	return out, nil
}

// LatestSelfCheck returns a firm's latest submitted self-check and its
// answers, or ENOTFOUND.
func (s *Store) LatestSelfCheck(ctx context.Context, enterpriseID int64) (*Assignment, []Answer, error) {
	var a Assignment
	err := s.db.WithContext(ctx).Where("enterprise_id = ? AND status IN ? AND submitted_at IS NOT NULL", enterpriseID,
		[]string{AssignmentSubmitted, AssignmentAccepted}).Order("submitted_at DESC, id DESC").Take(&a).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil, Errorf(ENOTFOUND, "该企业尚未提交自查")
	} else if err != nil {
		return nil, nil, fmt.Errorf("latest self-check of %d: %w", enterpriseID, err)
	}
	var answers []Answer
	if err := s.db.WithContext(ctx).Where("assignment_id = ?", a.ID).Order("item_id").Find(&answers).Error; err != nil {
		return nil, nil, fmt.Errorf("answers of %d: %w", a.ID, err)
	}
	return &a, answers, nil
}

// GradeAt returns the grade a firm had at time at: that of its latest score
// snapshot computed by then, or ENOTFOUND.
func (s *Store) GradeAt(ctx context.Context, enterpriseID int64, at time.Time) (string, error) {
	var snap ScoreSnapshot
	err := s.db.WithContext(ctx).Where("enterprise_id = ? AND computed_at <= ?", enterpriseID, at.UTC()).
		Order("computed_at DESC, id DESC").Take(&snap).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return "", Errorf(ENOTFOUND, "该企业在 %s 前尚未评分", at.Format(time.DateOnly))
	} else if err != nil {
		return "", fmt.Errorf("grade of %d at %s: %w", enterpriseID, at, err)
	}
	return snap.Grade, nil
}
