package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// BackfillScores writes the score history of the firms with ids in [lo, hi]
// that have no score yet, replaying each firm's ledger as it stood at each
// of the times at (ascending): one snapshot per firm and time, and the
// current score row as of the last time, with the previous different shown
// score, so that a later RescoreRange continues the history (its trend and
// change against the last time). A generated district uses it to give
// every firm the curve its history would have drawn. It returns how many
// firms it scored.
func (s *Store) BackfillScores(ctx context.Context, lo, hi int64, at []time.Time, score Scorer) (int, error) {
	if len(at) == 0 {
		return 0, nil
	}
	db := s.db.WithContext(ctx)
	var firms []Enterprise
	err := db.Select("id", "street_code", "grid_code", "industry").
		Where("id BETWEEN ? AND ? AND id NOT IN (SELECT enterprise_id FROM enterprise_scores WHERE enterprise_id BETWEEN ? AND ?)", lo, hi, lo, hi).
		Order("id").Find(&firms).Error
	if err != nil {
		return 0, fmt.Errorf("backfill scores %d..%d: %w", lo, hi, err)
	}
	if len(firms) == 0 {
		return 0, nil
	}
	events, err := s.ledgersBetween(ctx, lo, hi)
	if err != nil {
		return 0, err
	}
	byFirm := make(map[int64][]CreditEvent, len(firms))
	for i := 0; i < len(events); {
		j := i
		for j < len(events) && events[j].EnterpriseID == events[i].EnterpriseID {
			j++
		}
		byFirm[events[i].EnterpriseID] = events[i:j:j]
		i = j
	}
	snaps := make([]ScoreSnapshot, 0, len(firms)*len(at))
	rows := make([]EnterpriseScore, 0, len(firms))
	for i := range firms {
		e := &firms[i]
		var cur *EnterpriseScore
		for _, t := range at {
			// Only what had happened by t: the ledger's later events are
			// not facts yet at t.
			ledger := byFirm[e.ID]
			n := 0
			for n < len(ledger) && !ledger[n].OccurredAt.After(t) {
				n++
			}
			row, _ := scoreRows(e, cur, score(e, ledger[:n], t), t)
			snaps = append(snaps, ScoreSnapshot{EnterpriseID: e.ID, Raw: row.Raw, Shown: row.Shown, Grade: row.Grade,
				Decision: row.Decision, ParamsID: row.ParamsID, ComputedAt: t.UTC()})
			row.ComputedAt = t.UTC()
			cur = row
		}
		rows = append(rows, *cur)
	}
	err = db.Transaction(func(tx *gorm.DB) error {
		if err := tx.CreateInBatches(snaps, s.rowsPerInsert()).Error; err != nil {
			return fmt.Errorf("score snapshots: %w", err)
		}
		return tx.Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(rows, s.rowsPerInsert()).Error
	})
	if err != nil {
		return 0, fmt.Errorf("backfill scores %d..%d: %w", lo, hi, err)
	}
	return len(firms), nil
}

// MonthStarts returns the first instant of each month in loc after from and
// not after to, oldest first: the times a backfilled history is drawn at.
func MonthStarts(from, to time.Time, loc *time.Location) []time.Time {
	f := from.In(loc)
	t := time.Date(f.Year(), f.Month()+1, 1, 0, 0, 0, 0, loc)
	var out []time.Time
	for ; !t.After(to); t = t.AddDate(0, 1, 0) {
		out = append(out, t)
	}
	return out
}
