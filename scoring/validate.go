package scoring

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"
)

// ParamError is one problem in a set of parameters, at the key path it has in
// scoring.yaml (e.g. "events.finding_onsite.严重.points").
type ParamError struct {
	Path string
	Msg  string
}

// Error returns "path: msg".
func (e *ParamError) Error() string { return e.Path + ": " + e.Msg }

// maxPoints bounds every amount of points: the ledger stores DECIMAL(9,2).
var maxPoints = decimal.RequireFromString("9999999.99")

// Validate checks that the parameters are complete and consistent. It returns
// nil or an errors.Join of *ParamError values, one per problem, in the order of
// scoring.yaml.
func (p Params) Validate() error {
	v := &validator{}
	p.validateScale(v)
	p.validateAudit(v)
	p.validateHard(v)
	p.validateRules(v)
	if len(v.errs) == 0 {
		p.validatePenalties(v)
	}
	return errors.Join(v.errs...)
}

type validator struct{ errs []error }

func (v *validator) add(path, format string, args ...any) {
	v.errs = append(v.errs, &ParamError{Path: path, Msg: fmt.Sprintf(format, args...)})
}

// amount checks that x fits the ledger's DECIMAL(9,2).
func (v *validator) amount(path string, x decimal.Decimal) bool {
	if x.Abs().GreaterThan(maxPoints) || x.Exponent() < -2 && !x.Equal(x.Round(2)) {
		v.add(path, "must have at most 7 digits before and 2 after the point")
		return false
	}
	return true
}

func (p Params) validateScale(v *validator) {
	for _, f := range []struct {
		path string
		x    decimal.Decimal
	}{{"base", p.Base}, {"min", p.Min}, {"max", p.Max},
		{"grades.A", p.Thresholds.A}, {"grades.B", p.Thresholds.B}, {"grades.C", p.Thresholds.C}} {
		v.amount(f.path, f.x)
	}
	if !p.Min.LessThan(p.Max) {
		v.add("min", "must be less than max")
	}
	if p.Base.LessThan(p.Min) || p.Base.GreaterThan(p.Max) {
		v.add("base", "must be between min and max")
	}
	if !p.Thresholds.C.GreaterThan(p.Min) {
		v.add("grades.C", "must be above min")
	}
	if !p.Thresholds.B.GreaterThan(p.Thresholds.C) {
		v.add("grades.B", "must be above grades.C")
	}
	if !p.Thresholds.A.GreaterThan(p.Thresholds.B) {
		v.add("grades.A", "must be above grades.B")
	}
	if p.Thresholds.A.GreaterThan(p.Max) {
		v.add("grades.A", "must not exceed max")
	}
}

func (p Params) validateAudit(v *validator) {
	one := decimal.NewFromInt(1)
	inUnit := func(path string, x decimal.Decimal) {
		if !x.IsPositive() || x.GreaterThan(one) {
			v.add(path, "must be in (0, 1]")
		}
	}
	inUnit("audit.floor", p.Audit.Floor)
	prev, prevPath := decimal.Zero, ""
	for _, g := range Grades() {
		path, r := "audit.rates."+string(g), p.rawRate(g)
		inUnit(path, r)
		if r.LessThan(p.Audit.Floor) {
			v.add(path, "must be at least audit.floor")
		}
		if prevPath != "" && r.LessThan(prev) {
			v.add(path, "must be at least %s", prevPath)
		}
		prev, prevPath = r, path
	}
	if !p.Audit.D.Equal(one) {
		v.add("audit.rates.D", "must be 1 (grade D is always visited)")
	}
}

func (p Params) rawRate(g Grade) decimal.Decimal {
	switch g {
	case GradeA:
		return p.Audit.A
	case GradeB:
		return p.Audit.B
	case GradeC:
		return p.Audit.C
	}
	return p.Audit.D
}

func (p Params) validateHard(v *validator) {
	if p.Hard.SeriousWindowMonths < 1 || p.Hard.SeriousWindowMonths > 120 {
		v.add("hard_rules.serious_window_months", "must be between 1 and 120")
	}
	if p.Hard.FalseReportWindowMonths < 1 || p.Hard.FalseReportWindowMonths > 120 {
		v.add("hard_rules.false_report_window_months", "must be between 1 and 120")
	}
	if len(p.Hard.SeriousKinds) == 0 {
		v.add("hard_rules.serious_kinds", "must list at least one kind")
	}
	for i, k := range p.Hard.SeriousKinds {
		if !k.HasSeverity() {
			v.add(fmt.Sprintf("hard_rules.serious_kinds[%d]", i), "%q is not a kind with a severity", string(k))
		}
	}
	k := p.Hard.FalseReportFactor
	if k.LessThan(decimal.NewFromInt(1)) {
		v.add("hard_rules.false_report_factor", "must be at least 1")
	} else if !k.Equal(k.Round(2)) || k.GreaterThan(decimal.NewFromInt(100)) {
		v.add("hard_rules.false_report_factor", "must have at most 2 decimals and not exceed 100")
	}
	if d := p.Hard.FalseReportDetection; !d.IsPositive() || d.GreaterThan(decimal.NewFromInt(1)) {
		v.add("hard_rules.false_report_detection", "must be above 0 and at most 1")
	}
	if m := p.Hard.FalseReportMaxPoints; !m.IsPositive() {
		v.add("hard_rules.false_report_max_points", "must be positive")
	} else {
		v.amount("hard_rules.false_report_max_points", m)
	}
	if r := p.SelfCheckRate; r.IsNegative() {
		v.add("selfcheck_rate.points", "must not be negative")
	} else {
		v.amount("selfcheck_rate.points", r)
	}
}

// validatePenalties checks that every false-report penalty fits the ledger.
func (p Params) validatePenalties(v *validator) {
	for _, g := range Grades() {
		for _, s := range Severities() {
			if m, need := p.Hard.FalseReportMaxPoints, RequiredPenalty(p, g, s); m.IsPositive() && m.LessThan(need) {
				v.add("hard_rules.false_report_max_points", "is below the %s points that make lying lose at grade %s, severity %s", need, g, s)
				return
			}
			if f := FalseReportPenalty(p, g, s); f.Abs().GreaterThan(maxPoints) {
				v.add("hard_rules.false_report_factor", "makes the false-report penalty at grade %s, severity %s too large (%s)", g, s, f)
				return
			}
		}
	}
}
