package seeddata

import (
	"context"
	"os"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"selfcheck/models"
	"selfcheck/models/modelstest"
	"selfcheck/scoring"
)

func runConfig(tb testing.TB, n int) Config {
	p := scoring.DefaultParams()
	p.Version = 1
	return Config{District: modelstest.District(tb), Params: p, Enterprises: n, Seed: 11, Now: testNow, QuestionnaireVersionID: 1, ChunkSize: 70}
}

func TestRun(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		var calls []int
		sum, err := Run(ctx, s, runConfig(t, 200), func(done int) { calls = append(calls, done) })
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]int{70, 140, 200}, calls); diff != "" {
			t.Errorf("progress calls (-want +got):\n%s", diff)
		}
		if sum.Firms != 200 || sum.FirstUSCC != DemoUSCC() {
			t.Errorf("Run = %d firms, first %s; want 200, %s", sum.Firms, sum.FirstUSCC, DemoUSCC())
		}
		count := func(table string) int {
			var n int64
			if err := s.DB().Table(table).Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			return int(n)
		}
		got := map[string]int{}
		for table := range sum.Rows {
			got[table] = count(table)
		}
		if diff := cmp.Diff(sum.Rows, got); diff != "" {
			t.Errorf("rows in the database differ from the summary (-summary +db):\n%s", diff)
		}
		if n := count("enterprises"); n != 200 {
			t.Errorf("%d enterprises stored, want 200", n)
		}
		if n := count("seed_profiles"); n != 200 {
			t.Errorf("%d seed profiles stored, want 200", n)
		}
		// Every ledger row points at the history row it came from.
		for _, src := range []string{"assignment:assignments", "finding:findings", "visit:visits", "report:citizen_reports"} {
			typ, table := src[:indexByte(src, ':')], src[indexByte(src, ':')+1:]
			var orphans int64
			err := s.DB().Table("credit_events").Where("source_type = ?", typ).
				Where("source_id NOT IN (SELECT id FROM " + table + ")").Count(&orphans).Error
			if err != nil {
				t.Fatal(err)
			}
			if orphans > 0 {
				t.Errorf("%d %s credit events point at no row of %s", orphans, typ, table)
			}
		}
		demo, err := s.EnterpriseByUSCC(ctx, DemoUSCC())
		if err != nil {
			t.Fatalf("demo firm: %v", err)
		}
		if evs, err := s.CreditEvents(ctx, demo.ID); err != nil || len(evs) == 0 {
			t.Errorf("demo firm ledger: %d events, %v; want some", len(evs), err)
		}
		// Appending continues the sequence with new codes.
		cfg := runConfig(t, 30)
		cfg.Offset = 200
		if _, err := Run(ctx, s, cfg, nil); err != nil {
			t.Fatalf("append: %v", err)
		}
		if n := count("enterprises"); n != 230 {
			t.Errorf("%d enterprises after appending 30, want 230", n)
		}
	})
}

func indexByte(s string, b byte) int {
	for i := range len(s) {
		if s[i] == b {
			return i
		}
	}
	return -1
}

// BenchmarkSeed writes SEED_BENCH_N firms (default 100,000) with their
// history to MariaDB (MYSQL_TEST_DSN), in the chunks the seed command uses.
// make bench runs it once against a server with default durability.
func BenchmarkSeed(b *testing.B) {
	n := 100_000
	if v := os.Getenv("SEED_BENCH_N"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			b.Fatalf("SEED_BENCH_N=%q: %v", v, err)
		}
	}
	dialect := os.Getenv("SEED_BENCH_DB")
	if dialect == "" {
		dialect = "mysql"
	}
	for b.Loop() {
		b.StopTimer()
		// SEED_BENCH_URL_PARAMS tries driver settings, e.g. interpolateParams=true.
		url := modelstest.NewURL(b, dialect)
		if p := os.Getenv("SEED_BENCH_URL_PARAMS"); p != "" && dialect == "mysql" {
			url += "?" + p
		}
		s, err := models.Open(context.Background(), url)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		cfg := runConfig(b, n)
		cfg.ChunkSize = DefaultChunkSize
		b.StartTimer()
		sum, err := Run(context.Background(), s, cfg, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(sum.Firms)/sum.Elapsed.Seconds(), "firms/s")
		rows := 0
		for _, r := range sum.Rows {
			rows += r
		}
		b.ReportMetric(float64(rows+sum.Firms)/sum.Elapsed.Seconds(), "rows/s")
	}
}
