package scoring

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// goldenEvents is a firm with a serious on-site finding inside the cap
// window, a self-disclosed hazard rectified on time, and good habits.
func goldenEvents(tb testing.TB, p Params) []Event {
	return []Event{
		event(tb, p, 11, KindFindingOnsite, SeveritySerious, date(2025, 9, 2), "消防"),
		event(tb, p, 12, KindRectifiedOnTime, SeveritySerious, date(2025, 9, 20), "消防"),
		event(tb, p, 13, KindFindingSelfReported, SeverityMajor, date(2025, 11, 5), "燃气"),
		event(tb, p, 14, KindRectifiedOnTime, SeverityMajor, date(2025, 11, 20), "燃气"),
		event(tb, p, 15, KindSelfCheckOnTime, "", date(2025, 12, 1), ""),
		event(tb, p, 16, KindSelfCheckLate, "", date(2026, 3, 10), ""),
		event(tb, p, 17, KindCleanAudit, "", date(2024, 8, 1), ""),
		event(tb, p, 18, KindFindingOnsite, SeverityGeneral, date(2024, 12, 1), "特种设备"),
		event(tb, p, 19, KindFindingOnsite, SeverityGeneral, date(2023, 1, 1), "消防"), // expired
	}
}

func TestExplainGolden(t *testing.T) {
	tests := []struct {
		name, golden string
		params       Params
	}{
		// fixtureParams: flat rewards; DefaultParams: the self-check habit
		// line and the shipped base.
		{"Fixture", "explain.golden", fixtureParams()},
		{"Defaults", "explain_defaults.golden", DefaultParams()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.params
			p.Version = 3
			got := Score(p, goldenEvents(t, p), date(2026, 6, 1)).Explain()
			golden := filepath.Join("testdata", tc.golden)
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatalf("write golden: %v", err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("read golden (run go test -update): %v", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("Explain() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestExplainDebt(t *testing.T) {
	p := fixtureParams()
	// A penalty priced under an earlier parameter version that left the
	// firm deep in debt: the ledger keeps the points it was recorded with.
	_, exp, rule, _ := p.FalseReportPoints(GradeA, SeverityGeneral, date(2026, 1, 1))
	events := []Event{{ID: 1, Kind: KindFalseReport, Severity: SeverityGeneral, Points: dec("-970.5"), Occurred: date(2026, 1, 1), Expires: exp, Rule: rule}}
	r := Score(p, events, date(2026, 6, 1))
	want := []string{
		"自查自报不实：2026-01-01 自查自报不实（一般隐患），等级封顶为D级，2028-01-01解除；届时预计700分、B级",
		"再增加820.5分可达C级（550分），其中270.5分是需先补足的欠分（封顶解除后才生效）",
		"2028-01-01 自查自报不实（一般隐患）（2026-01-01）-970.5分到期；届时预计700分、B级",
	}
	if diff := cmp.Diff(want, r.Raise); diff != "" {
		t.Errorf("Score().Raise mismatch (-want +got):\n%s", diff)
	}
}
