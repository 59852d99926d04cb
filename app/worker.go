package main

import (
	"context"
	"time"
)

// rescoreDue re-scores every firm whose score counts a mark that has expired
// by now or was made under older parameters, so rankings and inspection
// decisions never go stale. It returns how many firms it re-scored.
func (a *App) rescoreDue(ctx context.Context) (n int, err error) {
	defer func(start time.Time) { observeScoring("due", start, n, err) }(time.Now())
	score := a.credit.Scorer(true)
	var after int64
	for {
		ids, err := a.store.DueForRescore(ctx, a.now(), a.credit.Params().Version, after, 500)
		if err != nil || len(ids) == 0 {
			return n, err
		}
		for _, id := range ids {
			if _, err := a.store.Rescore(ctx, id, score); err != nil {
				return n, err
			}
			n++
		}
		after = ids[len(ids)-1]
	}
}

// housekeeping is the periodic work one replica does per period (see
// runHousekeeping), each step harmless to repeat: re-score firms whose marks expired (a score is a function of the
// ledger), flag overdue findings, draw the audit round of a new period (once,
// whichever replica gets there first), and forget old dedupe keys and
// sessions.
func (a *App) housekeeping(ctx context.Context) {
	failed := func(what string, err error) {
		if ctx.Err() == nil { // stopping is not a failure
			a.log.Error(what, "err", err)
		}
	}
	if n, err := a.rescoreDue(ctx); err != nil {
		failed("re-score expired marks", err)
	} else if n > 0 {
		a.log.Info("re-scored firms whose marks expired", "firms", n)
	}
	if flagged, neglected, err := a.reg.FlagOverdue(ctx); err != nil {
		failed("flag overdue findings", err)
	} else if flagged+neglected > 0 {
		a.log.Info("overdue findings flagged", "overdue", flagged, "not_rectified", neglected)
	}
	if id, drawn, err := a.drawScheduledAudit(ctx); err != nil {
		failed("draw the scheduled audit round", err)
	} else if drawn {
		a.log.Info("scheduled audit round drawn", "round", id)
	}
	if err := a.reg.CampaignHousekeeping(ctx); err != nil {
		failed("campaign schedules and deadlines", err)
	}
	if n, err := a.reg.NotifyGradeDrops(ctx); err != nil {
		failed("notify grade drops", err)
	} else if n > 0 {
		a.log.Info("grade drops notified", "firms", n)
	}
	// WeChat retries a message within seconds; a week of keys is ample.
	if _, err := a.store.PurgeProcessed(ctx, a.now().AddDate(0, 0, -7)); err != nil {
		failed("purge dedupe keys", err)
	}
	if a.dash != nil {
		if err := a.dash.PurgeSessions(ctx); err != nil {
			failed("purge dashboard sessions", err)
		}
	}
}

// housekeepingJob names housekeeping in job_leases.
const housekeepingJob = "housekeeping"

// runHousekeeping runs housekeeping at start and then every interval until
// ctx ends. Every replica ticks, but only one runs it per interval-long
// period (whichever claims the period first); the others skip it. A run
// holds the job for at most two intervals, so one that hangs or whose
// replica died delays the next run by that much at worst.
func (a *App) runHousekeeping(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := a.runOncePerPeriod(ctx, housekeepingJob, interval, 2*interval, a.housekeeping); err != nil && ctx.Err() == nil {
			a.log.Error("housekeeping not run", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
