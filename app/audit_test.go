package main

import (
	"context"
	"github.com/shopspring/decimal"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// TestDrawAuditStored draws a round over scored firms and checks it is stored
// with its seed, has the exact size per grade, and replays identically.
func TestDrawAuditStored(t *testing.T) {
	for _, dialect := range modelstest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			a := newTestApp(t, dialect, testNow)
			for i := 0; i < 40; i++ {
				f := modelstest.Enterprise(t, a.store, nil)
				if _, err := a.store.Rescore(ctx, f.ID, a.credit.Scorer(false)); err != nil {
					t.Fatal(err)
				}
			}
			id1, err := a.drawAudit(ctx, 42, "test")
			if err != nil {
				t.Fatal(err)
			}
			id2, err := a.drawAudit(ctx, 42, "test")
			if err != nil {
				t.Fatal(err)
			}
			r1, p1, err := a.store.AuditRoundWithPicks(ctx, id1)
			if err != nil {
				t.Fatal(err)
			}
			_, p2, _ := a.store.AuditRoundWithPicks(ctx, id2)
			// 40 firms with no evidence all have the base's grade: the draw
			// takes round(rate × 40) of them.
			params := a.credit.Params()
			grade := params.GradeOf(params.Base)
			n := int(params.AuditRate(grade).Mul(decimal.NewFromInt(40)).Round(0).IntPart())
			if len(p1) != n || r1.Seed != 42 {
				t.Errorf("round = %d picks with seed %d, want %d with seed 42", len(p1), r1.Seed, n)
			}
			strip := func(ps []models.AuditPick) []int64 {
				var ids []int64
				for _, p := range ps {
					ids = append(ids, p.EnterpriseID)
				}
				return ids
			}
			if diff := cmp.Diff(strip(p1), strip(p2)); diff != "" {
				t.Errorf("the same seed drew different firms (-first +second):\n%s", diff)
			}
			var out stringsBuilder
			if err := a.printAudit(ctx, &env{stdout: &out}, id1); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), "seed 42") || strings.Count(out.String(), "\n"+string(grade)+"\t") != n {
				t.Errorf("printAudit output:\n%s", out.String())
			}
		})
	}
}
