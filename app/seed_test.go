package main

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"selfcheck/app/seeddata"
	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// seededFirms returns code, name and ledger size of every firm of url's
// database, in id order.
func seededFirms(t *testing.T, url string) []string {
	t.Helper()
	s, err := models.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var rows []struct {
		USCC   string `gorm:"column:uscc"`
		Name   string
		Events int
	}
	err = s.DB().Raw(`SELECT e.uscc, e.name, (SELECT COUNT(*) FROM credit_events c WHERE c.enterprise_id = e.id) AS events
		FROM enterprises e ORDER BY e.id`).Scan(&rows).Error
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.USCC + " " + r.Name + " " + strings.Repeat("*", r.Events)
	}
	return out
}

// seededScores counts the score snapshots of url's database and the
// current scores that have a previous score.
func seededScores(t *testing.T, url string) (snaps, prev int64) {
	t.Helper()
	s, err := models.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.DB().Raw("SELECT COUNT(*) FROM score_snapshots").Scan(&snaps).Error; err != nil {
		t.Fatal(err)
	}
	if err := s.DB().Raw("SELECT COUNT(*) FROM enterprise_scores WHERE prev_shown IS NOT NULL").Scan(&prev).Error; err != nil {
		t.Fatal(err)
	}
	return snaps, prev
}

func TestSeedCommand(t *testing.T) {
	for _, dialect := range modelstest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			url := modelstest.NewURL(t, dialect)
			vars := map[string]string{"DATABASE_URL": url, "DATA_DIR": t.TempDir()}
			args := []string{"seed", "--enterprises", "150", "--seed", "4", "--now", "2025-06-30"}
			code, stdout, stderr := runCmd(t, vars, args...)
			if code != 0 {
				t.Fatalf("seed: exit %d\n%s", code, stderr)
			}
			for _, want := range []string{"seeded 150 firms", "first firm " + seeddata.DemoUSCC(), "firms per street:", "祖庙街道", "credit events:", "selfcheck_on_time"} {
				if !strings.Contains(stdout, want) {
					t.Errorf("summary lacks %q:\n%s", want, stdout)
				}
			}
			first := seededFirms(t, url)
			if len(first) != 150 {
				t.Fatalf("%d firms stored, want 150", len(first))
			}
			// Every firm has a monthly score history through the two years,
			// and its current score knows the one before.
			if snaps, prev := seededScores(t, url); snaps != 150*seeddata.HistoryMonths || prev != 150 {
				t.Errorf("seed wrote %d snapshots and %d current scores with a previous one, want %d and 150",
					snaps, prev, 150*seeddata.HistoryMonths)
			}

			code, _, stderr = runCmd(t, vars, args...)
			if code != 1 || !strings.Contains(stderr, "already has 150 firms: pass --append") {
				t.Errorf("seed on a seeded database: exit %d, stderr %q; want a refusal", code, stderr)
			}

			// The same seed on another database gives the same district.
			other := modelstest.NewURL(t, dialect)
			if code, _, stderr := runCmd(t, map[string]string{"DATABASE_URL": other, "DATA_DIR": t.TempDir()}, args...); code != 0 {
				t.Fatalf("seed again: exit %d\n%s", code, stderr)
			}
			if diff := cmp.Diff(first, seededFirms(t, other)); diff != "" {
				t.Errorf("same seed, different districts (-first +second):\n%s", diff)
			}

			code, _, stderr = runCmd(t, vars, "seed", "--enterprises", "20", "--seed", "4", "--now", "2025-06-30", "--append")
			if code != 0 {
				t.Fatalf("seed --append: exit %d\n%s", code, stderr)
			}
			if n := len(seededFirms(t, url)); n != 170 {
				t.Errorf("%d firms after appending 20, want 170", n)
			}
		})
	}
}

func TestSeedUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"ErrTooMany", []string{"seed", "--enterprises", "0"}, "--enterprises must be between 1 and 10000000"},
		{"ErrNow", []string{"seed", "--now", "30/06/2025"}, `--now "30/06/2025" is not a date`},
		{"ErrArgument", []string{"seed", "extra"}, `unexpected argument "extra"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			code, _, stderr := runCmd(t, map[string]string{"DATA_DIR": dir}, tc.args...)
			if code != 2 || !strings.Contains(stderr, tc.want) {
				t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.want)
			}
		})
	}
}
