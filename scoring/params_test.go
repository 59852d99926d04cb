package scoring

import (
	"strings"
	"testing"
)

func TestDefaultParamsValid(t *testing.T) {
	if err := DefaultParams().Validate(); err != nil {
		t.Fatalf("DefaultParams().Validate() = %v, want nil", err)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(p *Params)
		want   string // a line of the error
	}{
		{"ErrMinMax", func(p *Params) { p.Min = dec("1000") }, "min: must be less than max"},
		{"ErrBase", func(p *Params) { p.Base = dec("1200") }, "base: must be between min and max"},
		{"ErrThresholdsOrder", func(p *Params) { p.Thresholds.B = dec("900") }, "grades.A: must be above grades.B"},
		{"ErrThresholdAboveMax", func(p *Params) { p.Thresholds.A = dec("1001") }, "grades.A: must not exceed max"},
		{"ErrRateZero", func(p *Params) { p.Audit.B = dec("0") }, "audit.rates.B: must be in (0, 1]"},
		{"ErrRateAboveOne", func(p *Params) { p.Audit.C = dec("1.2") }, "audit.rates.C: must be in (0, 1]"},
		{"ErrRateBelowFloor", func(p *Params) { p.Audit.A = dec("0.01") }, "audit.rates.A: must be at least audit.floor"},
		{"ErrRatesOrder", func(p *Params) { p.Audit.B = dec("0.8") }, "audit.rates.C: must be at least audit.rates.B"},
		{"ErrRateD", func(p *Params) { p.Audit.D = dec("0.9") }, "audit.rates.D: must be 1"},
		{"ErrFactorBelowOne", func(p *Params) { p.Hard.FalseReportFactor = dec("0.9") }, "hard_rules.false_report_factor: must be at least 1"},
		{"ErrFactorDecimals", func(p *Params) { p.Hard.FalseReportFactor = dec("1.125") }, "hard_rules.false_report_factor: must have at most 2 decimals"},
		{"ErrSeriousWindow", func(p *Params) { p.Hard.SeriousWindowMonths = 0 }, "hard_rules.serious_window_months: must be between 1 and 120"},
		{"ErrSeriousKind", func(p *Params) { p.Hard.SeriousKinds = []Kind{KindCleanAudit} }, `hard_rules.serious_kinds[0]: "clean_audit" is not a kind with a severity`},
		{"ErrOnsitePositive", func(p *Params) { p.Rules[KindFindingOnsite][SeveritySerious] = Rule{Points: dec("5"), Months: 36} },
			"events.finding_onsite.严重.points: must be negative"},
		{"ErrMonths", func(p *Params) { p.Rules[KindSelfCheckLate][SeverityNone] = Rule{Points: dec("-10"), Months: 0} },
			"events.selfcheck_late.months: must be between 1 and 120"},
		{"ErrPointsDecimals", func(p *Params) { p.Rules[KindCleanAudit][SeverityNone] = Rule{Points: dec("1.005"), Months: 12} },
			"events.clean_audit.points: must have at most 7 digits before and 2 after the point"},
		{"ErrMissingKind", func(p *Params) { delete(p.Rules, KindPenalty) }, "events.penalty: missing"},
		{"ErrMissingSeverity", func(p *Params) { delete(p.Rules[KindPenalty], SeverityMajor) }, "events.penalty.较重: missing"},
		{"ErrSelfDisclosureDearer", func(p *Params) {
			p.Rules[KindFindingSelfReported][SeverityGeneral] = Rule{Points: dec("-25"), Months: 12}
		}, "events.finding_self_reported.一般.points: self-reported and rectified on time must cost less than events.finding_onsite.一般.points"},
		{"ErrRectifiedBonus", func(p *Params) { p.Rules[KindRectifiedOnTime][SeverityMajor] = Rule{Points: dec("6"), Months: 24} },
			"events.rectified_on_time.较重.points: must not exceed the self-reported deduction 5"},
		{"ErrSeverityOrder", func(p *Params) { p.Rules[KindPenalty][SeveritySerious] = Rule{Points: dec("-1"), Months: 36} },
			"events.penalty.严重.points: must not be above events.penalty.较重.points"},
		{"ErrMissedAboveLate", func(p *Params) { p.Rules[KindSelfCheckMissed][SeverityNone] = Rule{Points: dec("-5"), Months: 12} },
			"events.selfcheck_missed.points: must be below events.selfcheck_late.points"},
		{"ErrFalseReportPoints", func(p *Params) { p.Rules[KindFalseReport][SeverityGeneral] = Rule{Points: dec("-5"), Months: 24} },
			"events.false_report.一般.points: must be omitted"},
		{"ErrFalseReportShorterThanWindow", func(p *Params) { p.Rules[KindFalseReport][SeverityMajor] = Rule{Months: 6} },
			"events.false_report.较重.months: must be at least hard_rules.false_report_window_months"},
		{"ErrSeriousShorterThanWindow", func(p *Params) { p.Hard.SeriousWindowMonths = 48 },
			"events.finding_onsite.严重.months: must be at least hard_rules.serious_window_months"},
		{"ErrRepairMax", func(p *Params) { p.RepairMaxPoints = dec("0") }, "events.credit_repair.max_points: must be positive"},
		{"ErrUnknownKind", func(p *Params) { p.Rules["bogus"] = nil }, "events.bogus: unknown kind"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := DefaultParams()
			tc.change(&p)
			err := p.Validate()
			if err == nil {
				t.Fatalf("Validate() = nil, want an error with %q", tc.want)
			}
			found := false
			for _, line := range strings.Split(err.Error(), "\n") {
				found = found || strings.HasPrefix(line, tc.want)
			}
			if !found {
				t.Errorf("Validate() = %v, want a line starting with %q", err, tc.want)
			}
		})
	}
}

func TestAuditRateFloor(t *testing.T) {
	p := DefaultParams()
	p.Audit.A = dec("0.01") // invalid, but the floor still holds
	if got, want := p.AuditRate(GradeA), dec("0.03"); !got.Equal(want) {
		t.Errorf("AuditRate(A) = %v, want %v", got, want)
	}
	if got, want := p.AuditRate("X"), dec("1"); !got.Equal(want) {
		t.Errorf("AuditRate(X) = %v, want %v", got, want)
	}
}

func TestGradeOf(t *testing.T) {
	p := DefaultParams()
	tests := []struct {
		shown string
		want  Grade
	}{{"1000", GradeA}, {"850", GradeA}, {"849.99", GradeB}, {"700", GradeB}, {"699", GradeC}, {"550", GradeC}, {"549.99", GradeD}, {"0", GradeD}}
	for _, tc := range tests {
		if got := p.GradeOf(dec(tc.shown)); got != tc.want {
			t.Errorf("GradeOf(%s) = %v, want %v", tc.shown, got, tc.want)
		}
	}
}
