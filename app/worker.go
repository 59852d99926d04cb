package main

import (
	"context"
	"time"
)

// rescoreDue re-scores every firm whose score counts a mark that has expired
// by now or was made under older parameters, so rankings and inspection
// decisions never go stale. It returns how many firms it re-scored.
func (a *App) rescoreDue(ctx context.Context) (int, error) {
	score := a.credit.scorer(true)
	n := 0
	var after int64
	for {
		ids, err := a.store.DueForRescore(ctx, a.now(), a.credit.current.Version, after, 500)
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

// runRescoreLoop runs rescoreDue at start and then every interval until ctx
// ends. Any replica may run it: re-scoring a firm twice is harmless, since a
// score is a function of the ledger.
func (a *App) runRescoreLoop(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := a.rescoreDue(ctx); err != nil {
			if ctx.Err() != nil {
				return
			}
			a.log.Error("re-score expired marks", "err", err)
		} else if n > 0 {
			a.log.Info("re-scored firms whose marks expired", "firms", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
