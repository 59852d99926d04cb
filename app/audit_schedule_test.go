package main

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"selfcheck/app/scoringconf"
	"selfcheck/models/modelstest"
)

// TestScheduledAuditOnce runs the scheduled draw on two replicas of one
// database at once: exactly one draws the period's round, both then see it,
// and the next period gets a round of its own.
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
			src, _ := os.ReadFile("../templates/scoring.yaml")
			cadence, _ := scoringconf.AuditCadence(src)
			want := cadence.Period(testNow.In(a.cfg.TZ))
			if err != nil || r.Period == nil || *r.Period != want || r.CreatedBy != "schedule" {
				t.Errorf("LatestAuditRound = %+v, %v", r, err)
			}
			a.now = func() time.Time { return testNow.AddDate(0, 6, 0) }
			if id, ok, err := a.drawScheduledAudit(ctx); err != nil || !ok || id == ids[0] {
				t.Errorf("next period: drawScheduledAudit = %d, %v, %v; want a new round", id, ok, err)
			}
		})
	}
}
