package web

import (
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
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

// TestSimulationRunningPage shows a run in progress with the page
// refreshing itself and the run button disabled.
func TestSimulationRunningPage(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	assets := os.DirFS(filepath.Join(filepath.Dir(file), "..", "..", "templates"))
	s := &Server{loc: time.UTC, log: slog.Default(), now: time.Now}
	s.sim = newSimRunner(SimulationOptions{}, assets, s.log)
	if err := s.parsePages(assets); err != nil {
		t.Fatal(err)
	}
	d := &simulationData{page: page{Title: "模拟评估"}, Running: true, RunFirms: 2000, Elapsed: 4, CanRun: true, MaxFirms: 5000, Firms: 2000}
	if err := s.fillSimulation(d); err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	s.render(w, httptest.NewRequest("GET", "/admin/simulation", nil), http.StatusOK, "simulation", d)
	body := w.Body.String()
	for _, want := range []string{`<meta http-equiv="refresh" content="3">`, "正在模拟…", "2000家企业 × 24个月，已用4秒", `id="sim-start" disabled`} {
		if !strings.Contains(body, want) {
			t.Errorf("running page lacks %q: %.400s", want, body)
		}
	}
	if strings.Contains(body, `id="goals"`) {
		t.Error("running page shows goals without a report")
	}
}
