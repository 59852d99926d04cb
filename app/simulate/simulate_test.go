package simulate

import (
	"io/fs"
	"math"
	"testing"

	"selfcheck/templates"
)

func shipped(t *testing.T) Sources {
	t.Helper()
	sc, err := fs.ReadFile(templates.FS, "scoring.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sim, err := fs.ReadFile(templates.FS, "simulation.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return Sources{Scoring: sc, Simulation: sim}
}

// TestShippedParametersKeepThePromise runs a small district (two seeds of
// 5,000 firms, 24 months after the burn-in) with the shipped scoring.yaml
// and simulation.yaml, pools the figures and checks them against the goals:
// a parameter change that breaks the promise fails the build.
func TestShippedParametersKeepThePromise(t *testing.T) {
	p, a, err := Load(shipped(t))
	if err != nil {
		t.Fatal(err)
	}
	var visits, auc float64
	violators, visited := 0, 0
	seeds := []uint64{1, 2}
	for _, seed := range seeds {
		r, err := Run(p, a, Options{Firms: 5000, Months: 24, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		visits += r.VisitShare / float64(len(seeds))
		auc += r.AUC / float64(len(seeds))
		violators += r.SeriousViolators
		visited += int(math.Round(r.SeriousVisited * float64(r.SeriousViolators)))
		for _, l := range r.Lying {
			if l.Expected >= 0 {
				t.Errorf("seed %d: lying at grade %s about a %s hazard gains %.2f points in expectation (caught %.3f), want a loss", seed, l.Grade, l.Severity, l.Expected, l.Caught)
			}
		}
	}
	if visits > Goals.VisitShare {
		t.Errorf("visits = %.3f of visiting every firm once a year, want <= %.2f", visits, Goals.VisitShare)
	}
	if auc < Goals.AUC {
		t.Errorf("prospective AUC = %.3f, want >= %.2f", auc, Goals.AUC)
	}
	if share := float64(visited) / float64(violators); violators < 50 || share < Goals.SeriousVisited {
		t.Errorf("serious violators visited within 12 months = %d of %d (%.3f), want >= %.2f of at least 50", visited, violators, share, Goals.SeriousVisited)
	}
}

// TestDeterministic: the same seed gives the same report.
func TestDeterministic(t *testing.T) {
	p, a, err := Load(shipped(t))
	if err != nil {
		t.Fatal(err)
	}
	r1, _ := Run(p, a, Options{Firms: 300, Months: 13, Seed: 7})
	r2, _ := Run(p, a, Options{Firms: 300, Months: 13, Seed: 7})
	if r1.VisitsPerYear != r2.VisitsPerYear || r1.AUC != r2.AUC || r1.Lies != r2.Lies {
		t.Errorf("two runs with seed 7 differ: %+v vs %+v", r1, r2)
	}
}

func TestAUC(t *testing.T) {
	tests := []struct {
		name  string
		score []float64
		label []bool
		want  float64
	}{
		{"Perfect", []float64{1, 2, 3, 4}, []bool{false, false, true, true}, 1},
		{"Reversed", []float64{4, 3, 2, 1}, []bool{false, false, true, true}, 0},
		{"Ties", []float64{1, 1, 1, 1}, []bool{false, true, false, true}, 0.5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := auc(tc.score, tc.label); math.Abs(got-tc.want) > 1e-12 {
				t.Errorf("auc(%v, %v) = %v, want %v", tc.score, tc.label, got, tc.want)
			}
		})
	}
}

// TestSweepOverridesScoring: a sweep changes exactly the parameter it names,
// and a value the model refuses is reported, not run.
func TestSweepOverridesScoring(t *testing.T) {
	rows, err := Sweep(shipped(t), Options{Firms: 200, Months: 13, Seed: 1}, "audit.rates.A=0.02:0.03:0.01")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Err == "" || rows[1].Err != "" {
		t.Errorf("Sweep rows = %+v, want a refused 0.02 (below the floor) and a run at 0.03", rows)
	}
	p, a, err := Load(shipped(t), Override{"audit.rates.B", 0.2}, Override{"hard_rules.false_report_window_months", 6}, Override{"types.poor.honesty", 0.5})
	if err != nil || p.Audit.B.String() != "0.2" || p.Hard.FalseReportWindowMonths != 6 || a.Types["poor"].Honesty != 0.5 {
		t.Errorf("Load with overrides: B = %v, window %d, honesty %v, %v", p.Audit.B, p.Hard.FalseReportWindowMonths, a.Types["poor"].Honesty, err)
	}
	if _, _, err := Load(shipped(t), Override{"audit.bogus", 1}); err == nil {
		t.Errorf("Load with an unknown key: no error")
	}
}
