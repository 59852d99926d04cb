package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"selfcheck/app/simulate"
)

// TestSimulateOut saves a report and a sweep where the dashboard reads
// them, and draws the sweep's frontier as an SVG file.
func TestSimulateOut(t *testing.T) {
	dir := t.TempDir()
	report := filepath.Join(dir, "simulation.json")
	if code, _, errs := runCmd(t, nil, "simulate", "--firms", "100", "--months", "13", "--seed", "4", "--out", report); code != 0 {
		t.Fatalf("simulate --out = %d: %s", code, errs)
	}
	var r simulate.Report
	if b, err := os.ReadFile(report); err != nil || json.Unmarshal(b, &r) != nil || r.Firms != 100 || r.Seed != 4 {
		t.Fatalf("saved report = %+v, %v", r, err)
	}
	sweep, svg := filepath.Join(dir, "simulation-sweep.json"), filepath.Join(dir, "frontier.svg")
	code, out, errs := runCmd(t, nil, "simulate", "--firms", "100", "--months", "13", "--sweep", "audit.rates.A=0.04:0.06:0.02", "--out", sweep, "--svg", svg)
	if code != 0 {
		t.Fatalf("simulate --sweep --svg = %d: %s", code, errs)
	}
	if !strings.Contains(out, "audit.rates.A=0.06") {
		t.Errorf("sweep table = %q, want the row of 0.06", out)
	}
	var rows []simulate.SweepRow
	if b, err := os.ReadFile(sweep); err != nil || json.Unmarshal(b, &rows) != nil || len(rows) != 2 {
		t.Errorf("saved sweep = %+v, %v", rows, err)
	}
	b, err := os.ReadFile(svg)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`xmlns="http://www.w3.org/2000/svg"`, "<title>audit.rates.A=0.04：少检查", "漏查严重违法"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("frontier.svg lacks %q", want)
		}
	}
}
