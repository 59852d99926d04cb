package models

import (
	"context"
	"fmt"
	"time"
)

// PreviousAnswer is a firm's answer in an earlier self-check, with the
// questionnaire version it was given under, so that it reads as it did then.
type PreviousAnswer struct {
	Answer
	VersionID int64
}

// PreviousAnswers returns, by item, the firm's latest answer given before
// before in another of its submitted or accepted self-checks than
// assignmentID, for the items listed.
func (s *Store) PreviousAnswers(ctx context.Context, enterpriseID, assignmentID int64, before time.Time, items []string) (map[string]PreviousAnswer, error) {
	out := map[string]PreviousAnswer{}
	if len(items) == 0 {
		return out, nil
	}
	var rows []PreviousAnswer
	err := s.db.WithContext(ctx).Table("answers AS an").Select("an.*, a.version_id").
		Joins("JOIN assignments a ON a.id = an.assignment_id").
		Where("a.enterprise_id = ? AND a.id <> ? AND a.status IN ? AND an.answered_at < ? AND an.item_id IN ?",
			enterpriseID, assignmentID, []string{AssignmentSubmitted, AssignmentAccepted}, before, items).
		Order("an.answered_at DESC, an.id DESC").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("previous answers of enterprise %d: %w", enterpriseID, err)
	}
	for _, r := range rows {
		if _, seen := out[r.ItemID]; !seen {
			out[r.ItemID] = r
		}
	}
	return out, nil
}

// ReportPhotos returns the photos a citizen report carries, oldest first.
func (s *Store) ReportPhotos(ctx context.Context, reportID int64) ([]Photo, error) {
	var out []Photo
	err := s.db.WithContext(ctx).Table("photos").Select("photos.*").
		Joins("JOIN report_photos rp ON rp.photo_id = photos.id").
		Where("rp.report_id = ?", reportID).Order("photos.id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("photos of report %d: %w", reportID, err)
	}
	return out, nil
}

// PhotosByID returns the photos with the given ids, by id.
func (s *Store) PhotosByID(ctx context.Context, ids []int64) (map[int64]Photo, error) {
	out := map[int64]Photo{}
	if len(ids) == 0 {
		return out, nil
	}
	var ps []Photo
	if err := s.db.WithContext(ctx).Where("id IN ?", ids).Find(&ps).Error; err != nil {
		return nil, fmt.Errorf("photos: %w", err)
	}
	for _, p := range ps {
		out[p.ID] = p
	}
	return out, nil
}
