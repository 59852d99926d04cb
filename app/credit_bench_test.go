package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"selfcheck/models"
	"selfcheck/models/uscc"
	"selfcheck/scoring"
)

// benchSizes are the firm counts of the full-recompute benchmark, from
// BENCH_FIRMS (make bench sets "100000 1000000").
func benchSizes(b *testing.B) []int {
	spec := os.Getenv("BENCH_FIRMS")
	if spec == "" {
		spec = "10000"
	}
	var out []int
	for _, f := range strings.Fields(spec) {
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			b.Fatalf("BENCH_FIRMS: bad size %q", f)
		}
		out = append(out, n)
	}
	return out
}

// fillLedger inserts n firms with perFirm ledger events each, in batches.
func fillLedger(b *testing.B, a *App, n, perFirm int) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	kinds := []struct {
		k scoring.Kind
		s scoring.Severity
	}{
		{scoring.KindSelfCheckOnTime, scoring.SeverityNone}, {scoring.KindSelfCheckLate, scoring.SeverityNone},
		{scoring.KindFindingSelfReported, scoring.SeverityGeneral}, {scoring.KindFindingOnsite, scoring.SeverityGeneral},
		{scoring.KindFindingOnsite, scoring.SeverityMajor}, {scoring.KindCleanAudit, scoring.SeverityNone},
		{scoring.KindRectifiedOnTime, scoring.SeverityGeneral}, {scoring.KindCitizenReport, scoring.SeverityGeneral},
	}
	const chunk = 5000
	for start := 0; start < n; start += chunk {
		firms := make([]models.Enterprise, 0, chunk)
		for i := start; i < min(start+chunk, n); i++ {
			code := ""
			for j := 0; code == ""; j++ {
				code = uscc.Build("91", "440604", fmt.Sprintf("B%07d", (i*7+j)%10000000))
			}
			firms = append(firms, models.Enterprise{
				USCC: code, Name: fmt.Sprintf("佛山市禅城区基准测试企业%d有限公司", i), IndustryCode: "H6210", Industry: "餐饮",
				Tags: "餐饮", StreetCode: "440604012", GridCode: "440604012001", Status: "active",
			})
		}
		if err := a.store.InsertEnterprises(ctx, firms); err != nil {
			b.Fatal(err)
		}
		events := make([]models.CreditEvent, 0, len(firms)*perFirm)
		for _, f := range firms {
			for j := 0; j < perFirm; j++ {
				k := kinds[rng.IntN(len(kinds))]
				occurred := a.now().Add(-time.Duration(rng.IntN(3*365*24)) * time.Hour)
				ev, err := a.credit.Event(f.ID, k.k, k.s, occurred, "bench", f.ID*100+int64(j))
				if err != nil {
					b.Fatal(err)
				}
				ev.SourceKey = fmt.Sprintf("bench:%d:%d", f.ID, j)
				events = append(events, ev)
			}
		}
		if _, err := a.store.AppendCreditEvents(ctx, nil, events); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRecomputeAll measures `score --all` on MariaDB against a baseline
// in the same run: one SQL GROUP BY summing raw points per firm.
func BenchmarkRecomputeAll(b *testing.B) {
	for _, n := range benchSizes(b) {
		b.Run(fmt.Sprintf("firms=%d", n), func(b *testing.B) {
			a := newTestApp(b, "mysql", testNow)
			start := time.Now()
			fillLedger(b, a, n, 20)
			b.Logf("filled %d firms x 20 events in %s", n, time.Since(start).Round(time.Second))
			b.Run("baseline-groupby", func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					var rows int64
					err := a.store.DB().Raw("SELECT COUNT(*) FROM (SELECT enterprise_id, SUM(points) FROM credit_events GROUP BY enterprise_id) t").Scan(&rows).Error
					if err != nil || rows != int64(n) {
						b.Fatalf("group by: %d rows, %v", rows, err)
					}
				}
			})
			b.Run("recompute", func(b *testing.B) {
				e := &env{getenv: testEnv(nil), stdout: &stringsBuilder{}, stderr: &stringsBuilder{}}
				for i := 0; i < b.N; i++ {
					if err := a.scoreAll(context.Background(), e, false, 5000); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "firms/s")
			})
		})
	}
}

// BenchmarkRescoreOneEvent measures appending one event to a firm with 20
// and re-scoring it in the same transaction, on MariaDB.
func BenchmarkRescoreOneEvent(b *testing.B) {
	a := newTestApp(b, "mysql", testNow)
	fillLedger(b, a, 100, 20)
	ctx := context.Background()
	var ids []int64
	a.store.DB().Raw("SELECT id FROM enterprises ORDER BY id").Scan(&ids)
	score := a.credit.Scorer(true)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		id := ids[i%len(ids)]
		ev, err := a.credit.Event(id, scoring.KindFindingSelfReported, scoring.SeverityGeneral, testNow, "bench-one", int64(i))
		if err != nil {
			b.Fatal(err)
		}
		if err := a.store.AppendAndRescore(ctx, []models.CreditEvent{ev}, score); err != nil {
			b.Fatal(err)
		}
	}
}
