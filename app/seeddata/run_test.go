package seeddata

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

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

// TestRunBoundsChunks checks that generators, faster than the writers, do not
// run ahead of them: at most one chunk per generator and one per writer is
// held at a time, so a seed's memory does not depend on its size.
func TestRunBoundsChunks(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		cfg := runConfig(t, 600)
		cfg.ChunkSize, cfg.Generators, cfg.Writers = 10, 2, 2
		sum, err := Run(context.Background(), s, cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		writers := 2
		if s.Dialect() == "sqlite" {
			writers = 1
		}
		if sum.PeakChunks < 1 || sum.PeakChunks > cfg.Generators+writers {
			t.Errorf("%d chunks in memory at once, want 1 to %d", sum.PeakChunks, cfg.Generators+writers)
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
		// SEED_BENCH_WRITERS and SEED_BENCH_GENERATORS try other pipelines.
		cfg.Writers = envInt(b, "SEED_BENCH_WRITERS")
		cfg.Generators = envInt(b, "SEED_BENCH_GENERATORS")
		if v := envInt(b, "SEED_BENCH_CHUNK"); v > 0 {
			cfg.ChunkSize = v
		}
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

func envInt(tb testing.TB, name string) int {
	v := os.Getenv(name)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		tb.Fatalf("%s=%q: %v", name, v, err)
	}
	return n
}

// dump returns every row of the tables a seed writes, in id order, as text.
func dump(t *testing.T, s *models.Store) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, table := range []string{"enterprises", "enterprise_bigrams", "campaigns", "assignments", "answers", "visits",
		"findings", "citizen_reports", "report_events", "credit_events", "seed_profiles"} {
		rows, err := s.DB().Raw("SELECT * FROM " + table + " ORDER BY 1, 2").Rows()
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			line := ""
			for i, v := range vals {
				if b, ok := v.([]byte); ok {
					v = string(b)
				}
				if s, ok := v.(string); ok && models.IsSealedPII(s) {
					v, _ = models.OpenPII(s) // encrypted with a random nonce
				}
				line += fmt.Sprintf("%s=%v|", cols[i], v)
			}
			out[table] = append(out[table], line)
		}
		rows.Close()
	}
	return out
}

// TestRunDeterministic seeds twice with the same seed, once one chunk at a
// time and once with several generators and writers, and finds the same rows
// with the same ids.
func TestRunDeterministic(t *testing.T) {
	for _, dialect := range modelstest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			var dumps []map[string][]string
			for _, pipeline := range [][2]int{{1, 1}, {3, 3}} {
				s := modelstest.Open(t, dialect)
				s.Now = func() time.Time { return testNow }
				// A firm already there: the seed's ids continue after it.
				modelstest.Enterprise(t, s, nil)
				cfg := runConfig(t, 300)
				cfg.Offset, cfg.ChunkSize, cfg.Generators, cfg.Writers = 1, 40, pipeline[0], pipeline[1]
				if _, err := Run(context.Background(), s, cfg, nil); err != nil {
					t.Fatal(err)
				}
				d := dump(t, s)
				if n := len(d["enterprises"]); n != 301 {
					t.Fatalf("%d firms, want 301", n)
				}
				dumps = append(dumps, d)
			}
			// The fixture firm's code differs between the two databases.
			dumps[0]["enterprises"], dumps[1]["enterprises"] = dumps[0]["enterprises"][1:], dumps[1]["enterprises"][1:]
			for _, d := range dumps {
				d["enterprise_bigrams"] = slices.DeleteFunc(d["enterprise_bigrams"], func(l string) bool {
					return strings.HasSuffix(l, "|enterprise_id=1|")
				})
			}
			if diff := cmp.Diff(dumps[0], dumps[1]); diff != "" {
				t.Errorf("same seed, different rows (-first +second):\n%s", diff)
			}
		})
	}
}

// TestRunRefusesConcurrentSeed checks a second seed of the same database
// fails at once while one is writing.
func TestRunRefusesConcurrentSeed(t *testing.T) {
	s := modelstest.Open(t, "mysql")
	l, err := s.BeginBulkLoad(context.Background(), models.BulkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if _, err := Run(context.Background(), s, runConfig(t, 10), nil); !errors.Is(err, models.ErrSeedRunning) {
		t.Errorf("Run while another seed holds the database: %v, want ErrSeedRunning", err)
	}
}
