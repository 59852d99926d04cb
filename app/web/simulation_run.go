package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"sync"
	"time"

	"selfcheck/app/simulate"
)

// SimulationOptions say where the simulation page finds its report and how
// large a run it may start. A full district (20,000 firms) takes most of a
// minute, so the page shows the report `selfcheck simulate --out` saved and
// runs only small districts itself, one at a time, in the background.
type SimulationOptions struct {
	// Report is the saved report (DATA_DIR/simulation.json); empty or
	// missing means none.
	Report string
	// Sweep is a saved sweep (DATA_DIR/simulation-sweep.json), shown as
	// a table and the frontier chart.
	Sweep string
	// Firms is the largest district the page may simulate (default and
	// cap 5,000); Auto starts a run of at most 2,000 firms on the first
	// visit when no report is saved (demo mode).
	Firms int
	Auto  bool
}

// simMonths is the horizon of the page's runs.
const simMonths = 24

// simKey names one run of the page.
type simKey struct {
	Firms int
	Seed  uint64
}

// simRunner runs at most one simulation at a time and keeps the last few
// reports by their parameters.
type simRunner struct {
	opts   SimulationOptions
	assets fs.FS
	log    *slog.Logger

	mu      sync.Mutex
	saved   *simulate.Report
	savedAt time.Time // the file's modification time
	runs    map[simKey]*simulate.Report
	order   []simKey // oldest first, for eviction
	running *simKey
	started time.Time
	lastErr error
}

// simCached is how many reports the page keeps in memory.
const simCached = 4

func newSimRunner(o SimulationOptions, assets fs.FS, log *slog.Logger) *simRunner {
	if o.Firms <= 0 || o.Firms > 5000 {
		o.Firms = 5000
	}
	return &simRunner{opts: o, assets: assets, log: log, runs: map[simKey]*simulate.Report{}}
}

// savedReport reads the saved report again when the file changed.
func (sr *simRunner) savedReport() (*simulate.Report, time.Time) {
	if sr.opts.Report == "" {
		return nil, time.Time{}
	}
	st, err := os.Stat(sr.opts.Report)
	if err != nil {
		return nil, time.Time{}
	}
	sr.mu.Lock()
	defer sr.mu.Unlock()
	if sr.saved != nil && st.ModTime().Equal(sr.savedAt) {
		return sr.saved, sr.savedAt
	}
	b, err := os.ReadFile(sr.opts.Report)
	if err != nil {
		sr.log.Error("read simulation report", "path", sr.opts.Report, "err", err)
		return nil, time.Time{}
	}
	var r simulate.Report
	if err := json.Unmarshal(b, &r); err != nil {
		sr.log.Error("parse simulation report", "path", sr.opts.Report, "err", err)
		return nil, time.Time{}
	}
	sr.saved, sr.savedAt = &r, st.ModTime()
	return sr.saved, sr.savedAt
}

// state reports a run's report, whether it runs now, and since when.
func (sr *simRunner) state(k simKey) (r *simulate.Report, running bool, since time.Time, lastErr error) {
	sr.mu.Lock()
	defer sr.mu.Unlock()
	running = sr.running != nil && *sr.running == k
	return sr.runs[k], running, sr.started, sr.lastErr
}

// latest is the most recent finished run of the page, if any.
func (sr *simRunner) latest() (simKey, *simulate.Report) {
	sr.mu.Lock()
	defer sr.mu.Unlock()
	if len(sr.order) == 0 {
		return simKey{}, nil
	}
	k := sr.order[len(sr.order)-1]
	return k, sr.runs[k]
}

// busy reports the run in progress, if any.
func (sr *simRunner) busy() (simKey, time.Time, bool) {
	sr.mu.Lock()
	defer sr.mu.Unlock()
	if sr.running == nil {
		return simKey{}, time.Time{}, false
	}
	return *sr.running, sr.started, true
}

// errBusy is returned when a run is already in progress.
var errBusy = errors.New("a simulation is running")

// start runs k in the background unless a run is in progress or k's
// report is cached; done, when not nil, is called after the run.
func (sr *simRunner) start(k simKey, done func()) error {
	sr.mu.Lock()
	if _, ok := sr.runs[k]; ok {
		sr.mu.Unlock()
		return nil
	}
	if sr.running != nil {
		sr.mu.Unlock()
		return errBusy
	}
	sr.running, sr.started, sr.lastErr = &k, time.Now(), nil
	sr.mu.Unlock()
	go func() {
		r, err := sr.run(k)
		sr.mu.Lock()
		sr.running = nil
		if err != nil {
			sr.lastErr = err
			sr.log.Error("simulation", "firms", k.Firms, "seed", k.Seed, "err", err)
		} else {
			sr.runs[k] = r
			sr.order = append(sr.order, k)
			if len(sr.order) > simCached {
				delete(sr.runs, sr.order[0])
				sr.order = sr.order[1:]
			}
		}
		sr.mu.Unlock()
		if done != nil {
			done()
		}
	}()
	return nil
}

func (sr *simRunner) run(k simKey) (*simulate.Report, error) {
	src, err := sr.sources()
	if err != nil {
		return nil, err
	}
	p, a, err := simulate.Load(src)
	if err != nil {
		return nil, fmt.Errorf("simulation: %w", err)
	}
	return simulate.Run(p, a, simulate.Options{Firms: k.Firms, Months: simMonths, Seed: k.Seed})
}

// sources reads the model's parameters and the assumptions in force.
func (sr *simRunner) sources() (simulate.Sources, error) {
	sc, err := fs.ReadFile(sr.assets, "scoring.yaml")
	if err != nil {
		return simulate.Sources{}, fmt.Errorf("simulation: %w", err)
	}
	sim, err := fs.ReadFile(sr.assets, "simulation.yaml")
	if err != nil {
		return simulate.Sources{}, fmt.Errorf("simulation: %w", err)
	}
	return simulate.Sources{Scoring: sc, Simulation: sim}, nil
}
