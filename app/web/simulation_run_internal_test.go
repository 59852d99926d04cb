package web

import (
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestSimRunner runs one small district at a time, refuses a second run
// while the first goes on, and keeps the finished report by its parameters.
func TestSimRunner(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	assets := os.DirFS(filepath.Join(filepath.Dir(file), "..", "..", "templates"))
	sr := newSimRunner(SimulationOptions{Firms: 100000}, assets, slog.Default())
	if sr.opts.Firms != 5000 {
		t.Errorf("Firms = %d, want the cap 5000", sr.opts.Firms)
	}
	k := simKey{Firms: 200, Seed: 3}
	done := make(chan struct{})
	if err := sr.start(k, func() { close(done) }); err != nil {
		t.Fatal(err)
	}
	if err := sr.start(simKey{Firms: 300, Seed: 1}, nil); !errors.Is(err, errBusy) {
		t.Errorf("second start = %v, want errBusy", err)
	}
	<-done
	r, running, _, err := sr.state(k)
	if err != nil || running || r == nil || r.Firms != 200 || r.Seed != 3 || r.Months != simMonths {
		t.Fatalf("state(%v) = %v, %v, %v", k, r, running, err)
	}
	if got, _ := sr.latest(); got != k {
		t.Errorf("latest = %v, want %v", got, k)
	}
	// A cached report starts nothing.
	if err := sr.start(k, func() { t.Error("cached run started again") }); err != nil {
		t.Fatal(err)
	}
	if _, _, busy := sr.busy(); busy {
		t.Error("busy after a cached start")
	}
}
