package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// RescoreRange recomputes the scores of the firms with ids in [lo, hi] and
// returns how many there were. It reads the range's ledgers in one range
// query (only the columns the model needs), scores them on all cores, and
// writes current scores and changed snapshots in one transaction, so an
// interrupted `score --all` resumes after the last committed range.
func (s *Store) RescoreRange(ctx context.Context, lo, hi int64, score Scorer) (int, error) {
	db := s.db.WithContext(ctx)
	var firms []Enterprise
	err := db.Select("id", "street_code", "grid_code", "industry").
		Where("id BETWEEN ? AND ?", lo, hi).Order("id").Find(&firms).Error
	if err != nil {
		return 0, fmt.Errorf("rescore %d..%d: %w", lo, hi, err)
	}
	if len(firms) == 0 {
		return 0, nil
	}
	events, err := s.ledgersBetween(ctx, lo, hi)
	if err != nil {
		return 0, err
	}
	var current []EnterpriseScore
	err = db.Select("enterprise_id", "shown", "prev_shown", "grade", "decision").
		Where("enterprise_id BETWEEN ? AND ?", lo, hi).Find(&current).Error
	if err != nil {
		return 0, fmt.Errorf("current scores %d..%d: %w", lo, hi, err)
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
	curBy := make(map[int64]*EnterpriseScore, len(current))
	for i := range current {
		curBy[current[i].EnterpriseID] = &current[i]
	}

	now := s.now()
	rows := make([]EnterpriseScore, len(firms))
	snaps := make([]*ScoreSnapshot, len(firms))
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(firms); i += workers {
				e := &firms[i]
				row, snap := scoreRows(e, curBy[e.ID], score(e, byFirm[e.ID], now), now)
				rows[i], snaps[i] = *row, snap
			}
		}(w)
	}
	wg.Wait()
	var changed []ScoreSnapshot
	for _, sn := range snaps {
		if sn != nil {
			changed = append(changed, *sn)
		}
	}
	err = db.Transaction(func(tx *gorm.DB) error {
		if len(changed) > 0 {
			if err := tx.CreateInBatches(changed, s.rowsPerInsert()).Error; err != nil {
				return fmt.Errorf("score snapshots: %w", err)
			}
			streets := make(map[int64]string, len(firms))
			for i := range firms {
				streets[firms[i].ID] = firms[i].StreetCode
			}
			ch := scoreChanges(changed, func(id int64) string { return streets[id] }, now)
			if err := tx.CreateInBatches(ch, s.rowsPerInsert()).Error; err != nil {
				return fmt.Errorf("change events: %w", err)
			}
		}
		return tx.Clauses(clause.OnConflict{UpdateAll: true}).CreateInBatches(rows, s.rowsPerInsert()).Error
	})
	if err != nil {
		return 0, fmt.Errorf("save scores %d..%d: %w", lo, hi, err)
	}
	return len(firms), nil
}

// ledgersBetween reads the ledgers of the firms with ids in [lo, hi], in
// firm order, with only the columns the credit model reads. It scans rows by
// hand: at a million firms the reflection of an ORM scan costs more than the
// scoring itself. The few distinct strings (kinds, severities, rules) are
// interned rather than allocated per row.
func (s *Store) ledgersBetween(ctx context.Context, lo, hi int64) ([]CreditEvent, error) {
	rows, err := s.sqlDB.QueryContext(ctx, `SELECT id, enterprise_id, kind, severity, points, occurred_at, expires_at,
		rule, source_type, source_id FROM credit_events WHERE enterprise_id BETWEEN ? AND ?
		ORDER BY enterprise_id, occurred_at, id`, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("ledgers %d..%d: %w", lo, hi, err)
	}
	defer rows.Close()
	interned := map[string]string{}
	intern := func(b []byte) string {
		if v, ok := interned[string(b)]; ok {
			return v
		}
		v := string(b)
		interned[v] = v
		return v
	}
	var out []CreditEvent
	var kind, sev, points, rule, srcType sql.RawBytes
	for rows.Next() {
		var ev CreditEvent
		if err := rows.Scan(&ev.ID, &ev.EnterpriseID, &kind, &sev, &points, &ev.OccurredAt, &ev.ExpiresAt,
			&rule, &srcType, &ev.SourceID); err != nil {
			return nil, fmt.Errorf("ledgers %d..%d: %w", lo, hi, err)
		}
		ev.Kind, ev.Severity, ev.Rule, ev.SourceType = intern(kind), intern(sev), intern(rule), intern(srcType)
		if ev.Points, err = decimal.NewFromString(string(points)); err != nil {
			return nil, fmt.Errorf("ledger event %d: points %q: %w", ev.ID, points, err)
		}
		out = append(out, ev)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("ledgers %d..%d: %w", lo, hi, err)
	}
	return out, nil
}

// EnterpriseIDRange returns the lowest and highest firm id, 0 and 0 when
// there is none.
func (s *Store) EnterpriseIDRange(ctx context.Context) (lo, hi int64, err error) {
	var r struct{ Lo, Hi *int64 }
	if err := s.db.WithContext(ctx).Model(&Enterprise{}).Select("MIN(id) AS lo, MAX(id) AS hi").Scan(&r).Error; err != nil {
		return 0, 0, fmt.Errorf("enterprise id range: %w", err)
	}
	if r.Lo == nil {
		return 0, 0, nil
	}
	return *r.Lo, *r.Hi, nil
}

// ScoreRun records the progress of a full recompute so that it can resume.
type ScoreRun struct {
	ID               int64
	ParamsID         int64
	LastEnterpriseID int64
	Scored           int64
	StartedAt        time.Time
	FinishedAt       *time.Time
}

// OpenScoreRun returns the unfinished run for paramsID, or starts one.
func (s *Store) OpenScoreRun(ctx context.Context, paramsID int64, resume bool) (*ScoreRun, error) {
	db := s.db.WithContext(ctx)
	var run ScoreRun
	if resume {
		err := db.Where("params_id = ? AND finished_at IS NULL", paramsID).Order("id DESC").Take(&run).Error
		if err == nil {
			return &run, nil
		} else if !errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, fmt.Errorf("find score run: %w", err)
		}
	}
	run = ScoreRun{ParamsID: paramsID, StartedAt: s.now()}
	if err := db.Create(&run).Error; err != nil {
		return nil, fmt.Errorf("start score run: %w", err)
	}
	return &run, nil
}

// SaveScoreRun records run's progress, and its end when finished.
func (s *Store) SaveScoreRun(ctx context.Context, run *ScoreRun, finished bool) error {
	if finished {
		t := s.now()
		run.FinishedAt = &t
	}
	if err := s.db.WithContext(ctx).Save(run).Error; err != nil {
		return fmt.Errorf("save score run %d: %w", run.ID, err)
	}
	return nil
}

// DueForRescore returns up to limit firms, in id order after afterID, whose
// current score counts a mark that has expired by now or was made with
// parameters other than paramsID (the version in force).
func (s *Store) DueForRescore(ctx context.Context, now time.Time, paramsID, afterID int64, limit int) ([]int64, error) {
	var ids []int64
	err := s.db.WithContext(ctx).Model(&EnterpriseScore{}).
		Where("(next_expiry_at <= ? OR params_id <> ?) AND enterprise_id > ?", now.UTC(), paramsID, afterID).
		Order("enterprise_id").Limit(limit).Pluck("enterprise_id", &ids).Error
	if err != nil {
		return nil, fmt.Errorf("firms due for rescore: %w", err)
	}
	return ids, nil
}
