package main

import (
	"context"
	"fmt"
	"time"

	"selfcheck/app/seeddata"
	"selfcheck/models"
)

// backfillScores gives every firm without a score its score history: a
// snapshot at the start of each month of the generated history, replayed
// from its ledger as it stood then with the parameters in force, so that
// the dashboard draws a curve and a trend from the first start. It returns
// how many snapshots it wrote.
func (a *App) backfillScores(ctx context.Context, now time.Time) (int, error) {
	lo, hi, err := a.store.EnterpriseIDRange(ctx)
	if err != nil {
		return 0, err
	}
	at := models.MonthStarts(now.AddDate(0, -seeddata.HistoryMonths, 0), now, a.cfg.TZ)
	score := a.credit.Scorer(false)
	const batch = 1000
	snaps := 0
	for from := lo; from <= hi && hi > 0; from += batch {
		n, err := a.store.BackfillScores(ctx, from, from+batch-1, at, score)
		if err != nil {
			return snaps, fmt.Errorf("score history: %w", err)
		}
		snaps += n * len(at)
	}
	return snaps, nil
}
