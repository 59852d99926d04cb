package scoringconf

import (
	"errors"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"selfcheck/scoring"
)

var templates = os.DirFS("../../templates")

// decimalEqual compares decimals by value (1 and 1.0 are equal).
var decimalEqual = cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })

// shipped loads templates/scoring.yaml or stops the test.
func shipped(tb testing.TB) (scoring.Params, []byte) {
	tb.Helper()
	p, raw, err := Load(templates, "scoring.yaml")
	if err != nil {
		tb.Fatalf("Load(scoring.yaml) error: %v", err)
	}
	return p, raw
}

func TestLoadShipped(t *testing.T) {
	p, raw := shipped(t)
	want, err := fs.ReadFile(templates, "scoring.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if string(raw) != string(want) {
		t.Errorf("Load() raw bytes differ from the file")
	}
	if p.Version != 0 {
		t.Errorf("Load().Version = %d, want 0 (set by the caller)", p.Version)
	}
	if diff := cmp.Diff(scoring.DefaultParams(), p, decimalEqual); diff != "" {
		t.Errorf("shipped scoring.yaml differs from scoring.DefaultParams (-defaults +yaml):\n%s", diff)
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, _, err := Load(fstest.MapFS{}, "scoring.yaml")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load(missing) error = %v, want fs.ErrNotExist", err)
	}
}

func TestLoadNamesFile(t *testing.T) {
	fsys := fstest.MapFS{"conf/other.yaml": {Data: []byte("base: 700\n")}}
	_, _, err := Load(fsys, "conf/other.yaml")
	if err == nil || !strings.HasPrefix(err.Error(), "other.yaml: ") {
		t.Errorf("Load(conf/other.yaml) error = %v, want it to start with %q", err, "other.yaml: ")
	}
}

// TestShippedHonesty checks q × F >= (1 - q) × G for every grade and severity
// of the shipped parameters, where F is the false-report penalty, q the
// chance a lie is caught (detection below 1 times the audit rate) and G the
// self-reported deduction the lie avoids.
func TestShippedHonesty(t *testing.T) {
	p, _ := shipped(t)
	if !p.Hard.FalseReportDetection.LessThan(decimal.NewFromInt(1)) {
		t.Errorf("false_report_detection = %v, want below 1 (inspectors miss things)", p.Hard.FalseReportDetection)
	}
	one := decimal.NewFromInt(1)
	for _, g := range scoring.Grades() {
		for _, s := range scoring.Severities() {
			q := scoring.CatchRate(p, g)
			gain := p.Rules[scoring.KindFindingSelfReported][s].Points.Abs()
			f := scoring.FalseReportPenalty(p, g, s).Neg()
			if lhs, rhs := q.Mul(f), one.Sub(q).Mul(gain); !f.IsPositive() || lhs.LessThan(rhs) {
				t.Errorf("grade %s, %s: F = %v, q×F = %v, (1-q)×G = %v: want q×F >= (1-q)×G", g, s, f, lhs, rhs)
			}
		}
	}
}

// TestShippedSelfDisclosurePays checks, for every severity, that a hazard
// self-reported and rectified on time costs at most a quarter of the same
// hazard found on site, in the score computed from the shipped parameters.
func TestShippedSelfDisclosurePays(t *testing.T) {
	p, _ := shipped(t)
	at := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	found := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	fixed := time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)
	ev := func(t *testing.T, id int64, k scoring.Kind, s scoring.Severity, occurred time.Time) scoring.Event {
		pts, exp, rule, err := p.Points(k, s, occurred)
		if err != nil {
			t.Fatalf("Points(%s, %s) error: %v", k, s, err)
		}
		return scoring.Event{ID: id, Kind: k, Severity: s, Points: pts, Occurred: occurred, Expires: exp, Rule: rule}
	}
	for _, s := range scoring.Severities() {
		t.Run(string(s), func(t *testing.T) {
			self := scoring.Score(p, []scoring.Event{
				ev(t, 1, scoring.KindFindingSelfReported, s, found),
				ev(t, 2, scoring.KindRectifiedOnTime, s, fixed),
			}, at)
			onsite := scoring.Score(p, []scoring.Event{
				ev(t, 1, scoring.KindFindingOnsite, s, found),
				ev(t, 2, scoring.KindRectifiedOnTime, s, fixed),
			}, at)
			selfCost, onsiteCost := p.Base.Sub(self.Raw), p.Base.Sub(onsite.Raw)
			if !selfCost.Mul(decimal.NewFromInt(4)).LessThanOrEqual(onsiteCost) {
				t.Errorf("self-disclosed cost %v, on-site cost %v: want at most a quarter", selfCost, onsiteCost)
			}
			if self.Grade.Worse(onsite.Grade) {
				t.Errorf("self-disclosed grade %v worse than on-site grade %v", self.Grade, onsite.Grade)
			}
		})
	}
}
