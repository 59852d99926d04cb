package main

import (
	"context"
	"sync"
	"testing"
	"time"

	"selfcheck/models/modelstest"
)

// TestScheduledAuditOnce runs the scheduled draw on two replicas of one
// database at once: exactly one draws the quarter's round, both then see it,
// and the next quarter gets a round of its own.
func TestScheduledAuditOnce(t *testing.T) {
	for _, dialect := range modelstest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			url := modelstest.NewURL(t, dialect)
			replica := func() *App {
				cfg, err := LoadConfig(testEnv(map[string]string{"DATABASE_URL": url, "DATA_DIR": t.TempDir()}))
				if err != nil {
					t.Fatal(err)
				}
				a, err := newApp(ctx, cfg, assetsFS(), true)
				if err != nil {
					t.Fatal(err)
				}
				a.now = func() time.Time { return testNow }
				t.Cleanup(func() { a.Close() })
				return a
			}
			a, b := replica(), replica()
			if id, drawn, err := a.drawScheduledAudit(ctx); err != nil || id != 0 || drawn {
				t.Fatalf("no scored firms: drawScheduledAudit = %d, %v, %v; want nothing drawn", id, drawn, err)
			}
			for range 20 {
				f := modelstest.Enterprise(t, a.store, nil)
				if _, err := a.store.Rescore(ctx, f.ID, a.credit.Scorer(false)); err != nil {
					t.Fatal(err)
				}
			}
			var wg sync.WaitGroup
			ids, drawn := make([]int64, 2), make([]bool, 2)
			for i, app := range []*App{a, b} {
				wg.Go(func() {
					var err error
					if ids[i], drawn[i], err = app.drawScheduledAudit(ctx); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			if ids[0] == 0 || ids[0] != ids[1] || drawn[0] == drawn[1] {
				t.Errorf("two replicas: rounds %v drawn %v, want one round drawn once", ids, drawn)
			}
			r, _, err := a.store.LatestAuditRound(ctx)
			if err != nil || r.Period == nil || *r.Period != "2026Q4" || r.CreatedBy != "schedule" {
				t.Errorf("LatestAuditRound = %+v, %v", r, err)
			}
			a.now = func() time.Time { return testNow.AddDate(0, 3, 0) }
			if id, ok, err := a.drawScheduledAudit(ctx); err != nil || !ok || id == ids[0] {
				t.Errorf("next quarter: drawScheduledAudit = %d, %v, %v; want a new round", id, ok, err)
			}
		})
	}
}
