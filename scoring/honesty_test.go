package scoring

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// checkHonesty checks, as app/scoringconf does for the shipped parameters,
// that q × F >= (1 - q) × G for every grade and severity, where q is the
// chance a lie is caught (detection × audit rate) and G the self-reported
// deduction the lie avoids; and that Validate accepts p.
func checkHonesty(t *testing.T, p Params) {
	t.Helper()
	if err := p.Validate(); err != nil {
		t.Fatalf("Validate() = %v", err)
	}
	one := decimal.NewFromInt(1)
	for _, g := range Grades() {
		for _, s := range Severities() {
			q := CatchRate(p, g)
			gain := p.Rules[KindFindingSelfReported][s].Points.Abs()
			f := FalseReportPenalty(p, g, s).Neg()
			if !f.IsPositive() {
				t.Errorf("FalseReportPenalty(%s, %s) = %v, want negative", g, s, f.Neg())
			}
			if lhs, rhs := q.Mul(f), one.Sub(q).Mul(gain); lhs.LessThan(rhs) {
				t.Errorf("grade %s, %s: q×F = %v < (1-q)×G = %v", g, s, lhs, rhs)
			}
			if f.GreaterThan(p.Hard.FalseReportMaxPoints) {
				t.Errorf("FalseReportPenalty(%s, %s) = %v, beyond the bound %v", g, s, f, p.Hard.FalseReportMaxPoints)
			}
		}
	}
}

func TestHonestyInequality(t *testing.T) {
	tests := []struct {
		name   string
		change func(p *Params)
	}{
		{"Defaults", func(p *Params) {}},
		{"FactorOne", func(p *Params) { p.Hard.FalseReportFactor = dec("1") }},
		{"PerfectDetection", func(p *Params) { p.Hard.FalseReportDetection = dec("1") }},
		{"PoorDetection", func(p *Params) {
			p.Hard.FalseReportDetection = dec("0.3")
			p.Hard.FalseReportMaxPoints = dec("1200")
		}},
		{"ThirdsRates", func(p *Params) { p.Audit.A, p.Audit.B, p.Audit.C = dec("0.03"), dec("0.33"), dec("0.67") }},
		{"OddDeductions", func(p *Params) {
			p.Rules[KindFindingSelfReported][SeverityGeneral] = Rule{Points: dec("-1.77"), Months: 12}
			p.Audit.A, p.Audit.B, p.Audit.C = dec("0.07"), dec("0.13"), dec("0.29")
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := DefaultParams()
			tc.change(&p)
			checkHonesty(t, p)
		})
	}
}

// TestPenaltyBoundRefused checks that a bound too low for the inequality is
// refused rather than silently breaking it.
func TestPenaltyBoundRefused(t *testing.T) {
	p := DefaultParams()
	p.Hard.FalseReportDetection = dec("0.3")
	if err := p.Validate(); err == nil || !strings.Contains(err.Error(), "hard_rules.false_report_max_points") {
		t.Errorf("Validate() = %v, want the bound refused", err)
	}
}

func TestFalseReportPenalty(t *testing.T) {
	p := DefaultParams()
	tests := []struct {
		grade Grade
		sev   Severity
		want  string
	}{
		{GradeA, SeverityGeneral, "-165"}, // q = 0.6×0.03: ceil(0.982/0.018×2 = 109.1) = 110, ×1.5
		{GradeA, SeveritySerious, "-600"}, // ceil(545.6) = 546, ×1.5 = 819, bounded at 600
		{GradeB, SeverityGeneral, "-48"},  // q = 0.06: ceil(31.3) = 32, ×1.5
		{GradeC, SeverityMajor, "-60"},    // q = 0.42: ceil(6.9) = 7 < on-site 40, ×1.5
		{GradeD, SeverityGeneral, "-30"},  // q = 0.6: on-site 20 × 1.5
		{GradeD, SeveritySerious, "-120"}, // on-site 80 × 1.5
	}
	for _, tc := range tests {
		if got := FalseReportPenalty(p, tc.grade, tc.sev); !got.Equal(dec(tc.want)) {
			t.Errorf("FalseReportPenalty(%s, %s) = %v, want %v", tc.grade, tc.sev, got, tc.want)
		}
	}
}

// TestFalseReportPenaltyExactCeil checks a case where a rounded division
// would land on an integer and hide the remainder.
func TestFalseReportPenaltyExactCeil(t *testing.T) {
	p := DefaultParams()
	p.Hard.FalseReportFactor = dec("1")
	p.Hard.FalseReportDetection = dec("1")
	p.Audit.A = dec("0.3")
	p.Rules[KindFindingOnsite][SeverityGeneral] = Rule{Points: dec("-1"), Months: 12}
	p.Rules[KindFindingSelfReported][SeverityGeneral] = Rule{Points: dec("-3"), Months: 12}
	// (1 - 0.3) / 0.3 × 3 = 7 exactly: no rounding up.
	if got, want := FalseReportPenalty(p, GradeA, SeverityGeneral), dec("-7"); !got.Equal(want) {
		t.Errorf("FalseReportPenalty = %v, want %v", got, want)
	}
	p.Rules[KindFindingSelfReported][SeverityGeneral] = Rule{Points: dec("-3.01"), Months: 12}
	// 0.7 × 3.01 / 0.3 = 7.0233…: rounds up to 8.
	if got, want := FalseReportPenalty(p, GradeA, SeverityGeneral), dec("-8"); !got.Equal(want) {
		t.Errorf("FalseReportPenalty = %v, want %v", got, want)
	}
}

// TestSelfDisclosurePays checks, for every severity, that a hazard the firm
// reports itself and rectifies on time costs far less (at most a quarter)
// than the same hazard found on site, both on the ledger and in the score.
func TestSelfDisclosurePays(t *testing.T) {
	p := DefaultParams()
	at := date(2025, 6, 1)
	for _, s := range Severities() {
		t.Run(string(s), func(t *testing.T) {
			self := []Event{
				event(t, p, 1, KindFindingSelfReported, s, date(2025, 3, 1), ""),
				event(t, p, 2, KindRectifiedOnTime, s, date(2025, 3, 20), ""),
			}
			onsite := []Event{event(t, p, 1, KindFindingOnsite, s, date(2025, 3, 1), "")}
			selfCost := p.Base.Sub(Score(p, self, at).Raw)
			onsiteCost := p.Base.Sub(Score(p, onsite, at).Raw)
			if !selfCost.Mul(dec("4")).LessThanOrEqual(onsiteCost) {
				t.Errorf("self-disclosed cost %v, on-site cost %v: want at most a quarter", selfCost, onsiteCost)
			}
			if g1, g2 := Score(p, self, at).Grade, Score(p, onsite, at).Grade; g1.Worse(g2) {
				t.Errorf("self-disclosed grade %v worse than on-site grade %v", g1, g2)
			}
		})
	}
}
