package models

import (
	"context"
	"fmt"
	"time"
)

// GradeDrop is a score snapshot whose grade fell to C or D from a better one.
type GradeDrop struct {
	SnapshotID   int64
	EnterpriseID int64
	From, To     string
	Shown        string
	ComputedAt   time.Time
}

// gradeRank orders grades from best to worst.
var gradeRank = map[string]int{"A": 0, "B": 1, "C": 2, "D": 3}

// GradeDrops returns the snapshots computed since since whose grade is C or
// D and worse than the firm's snapshot before them, oldest first.
func (s *Store) GradeDrops(ctx context.Context, since time.Time) ([]GradeDrop, error) {
	var rows []struct {
		ID           int64
		EnterpriseID int64
		Grade        string
		Shown        string
		ComputedAt   time.Time
		Prev         *string
	}
	err := s.db.WithContext(ctx).Raw(`SELECT s.id, s.enterprise_id, s.grade, s.shown, s.computed_at,
		(SELECT p.grade FROM score_snapshots p WHERE p.enterprise_id = s.enterprise_id AND p.id < s.id
		 ORDER BY p.id DESC LIMIT 1) AS prev
		FROM score_snapshots s WHERE s.computed_at >= ? AND s.grade IN ('C', 'D') ORDER BY s.id`, since.UTC()).
		Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("grade drops since %s: %w", since, err)
	}
	var out []GradeDrop
	for _, r := range rows {
		if r.Prev == nil || gradeRank[r.Grade] <= gradeRank[*r.Prev] {
			continue
		}
		out = append(out, GradeDrop{SnapshotID: r.ID, EnterpriseID: r.EnterpriseID, From: *r.Prev, To: r.Grade,
			Shown: r.Shown, ComputedAt: r.ComputedAt})
	}
	return out, nil
}
