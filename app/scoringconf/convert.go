package scoringconf

import (
	"errors"

	"github.com/shopspring/decimal"

	"selfcheck/scoring"
)

// converter turns a decoded file into scoring.Params, collecting one
// *scoring.ParamError per missing key.
type converter struct{ errs []error }

func (c *converter) missing(path string) {
	c.errs = append(c.errs, &scoring.ParamError{Path: path, Msg: "missing"})
}

func (c *converter) num(path string, n *number) decimal.Decimal {
	if n == nil {
		c.missing(path)
		return decimal.Zero
	}
	return n.d
}

func (c *converter) months(path string, m *months) int {
	if m == nil {
		c.missing(path)
		return 0
	}
	return m.n
}

func (c *converter) rule(path string, r *rule) map[scoring.Severity]scoring.Rule {
	if r == nil {
		c.missing(path)
		return nil
	}
	return map[scoring.Severity]scoring.Rule{scoring.SeverityNone: c.sevRule(path, r)}
}

func (c *converter) sevRule(path string, r *rule) scoring.Rule {
	return scoring.Rule{Points: c.num(path+".points", r.Points), Months: c.months(path+".months", r.Months)}
}

func (c *converter) bySeverity(path string, b *bySeverity) map[scoring.Severity]scoring.Rule {
	if b == nil {
		c.missing(path)
		return nil
	}
	m := map[scoring.Severity]scoring.Rule{}
	for _, x := range []struct {
		s scoring.Severity
		r *rule
	}{{scoring.SeverityGeneral, b.General}, {scoring.SeverityMajor, b.Major}, {scoring.SeveritySerious, b.Serious}} {
		p := path + "." + string(x.s)
		if x.r == nil {
			c.missing(p)
			continue
		}
		m[x.s] = c.sevRule(p, x.r)
	}
	return m
}

func (c *converter) monthsBySeverity(path string, b *monthsBySeverity) map[scoring.Severity]scoring.Rule {
	if b == nil {
		c.missing(path)
		return nil
	}
	m := map[scoring.Severity]scoring.Rule{}
	for _, x := range []struct {
		s scoring.Severity
		r *monthsOnly
	}{{scoring.SeverityGeneral, b.General}, {scoring.SeverityMajor, b.Major}, {scoring.SeveritySerious, b.Serious}} {
		p := path + "." + string(x.s)
		if x.r == nil {
			c.missing(p)
			continue
		}
		m[x.s] = scoring.Rule{Months: c.months(p+".months", x.r.Months)}
	}
	return m
}

// params converts f; the error joins every missing key.
func (f *file) params() (scoring.Params, error) {
	c := &converter{}
	p := scoring.Params{
		Base: c.num("base", f.Base),
		Min:  c.num("min", f.Min),
		Max:  c.num("max", f.Max),
	}
	if g := f.Grades; g == nil {
		c.missing("grades")
	} else {
		p.Thresholds = scoring.Thresholds{A: c.num("grades.A", g.A), B: c.num("grades.B", g.B), C: c.num("grades.C", g.C)}
	}
	if a := f.Audit; a == nil {
		c.missing("audit")
	} else {
		p.Audit.Floor = c.num("audit.floor", a.Floor)
		if r := a.Rates; r == nil {
			c.missing("audit.rates")
		} else {
			p.Audit.A, p.Audit.B = c.num("audit.rates.A", r.A), c.num("audit.rates.B", r.B)
			p.Audit.C, p.Audit.D = c.num("audit.rates.C", r.C), c.num("audit.rates.D", r.D)
		}
	}
	if h := f.HardRules; h == nil {
		c.missing("hard_rules")
	} else {
		p.Hard = scoring.HardRules{
			SeriousWindowMonths:     c.months("hard_rules.serious_window_months", h.SeriousWindowMonths),
			FalseReportWindowMonths: c.months("hard_rules.false_report_window_months", h.FalseReportWindowMonths),
			FalseReportFactor:       c.num("hard_rules.false_report_factor", h.FalseReportFactor),
			FalseReportDetection:    c.num("hard_rules.false_report_detection", h.FalseReportDetection),
			FalseReportMaxPoints:    c.num("hard_rules.false_report_max_points", h.FalseReportMaxPoints),
		}
		for _, k := range h.SeriousKinds {
			p.Hard.SeriousKinds = append(p.Hard.SeriousKinds, scoring.Kind(k))
		}
	}
	if sc := f.SelfCheck; sc == nil {
		c.missing("selfcheck_rate")
	} else {
		p.SelfCheckRate = c.num("selfcheck_rate.points", sc.Points)
	}
	if e := f.Events; e == nil {
		c.missing("events")
	} else {
		p.Rules, p.RepairMaxPoints = c.events(e)
	}
	return p, errors.Join(c.errs...)
}

func (c *converter) events(e *events) (map[scoring.Kind]map[scoring.Severity]scoring.Rule, decimal.Decimal) {
	path := func(k scoring.Kind) string { return "events." + string(k) }
	rules := map[scoring.Kind]map[scoring.Severity]scoring.Rule{
		scoring.KindSelfCheckOnTime:     c.rule(path(scoring.KindSelfCheckOnTime), e.SelfCheckOnTime),
		scoring.KindSelfCheckLate:       c.rule(path(scoring.KindSelfCheckLate), e.SelfCheckLate),
		scoring.KindSelfCheckMissed:     c.rule(path(scoring.KindSelfCheckMissed), e.SelfCheckMissed),
		scoring.KindFindingSelfReported: c.bySeverity(path(scoring.KindFindingSelfReported), e.FindingSelfReported),
		scoring.KindRectifiedOnTime:     c.bySeverity(path(scoring.KindRectifiedOnTime), e.RectifiedOnTime),
		scoring.KindRectifiedLate:       c.bySeverity(path(scoring.KindRectifiedLate), e.RectifiedLate),
		scoring.KindNotRectified:        c.bySeverity(path(scoring.KindNotRectified), e.NotRectified),
		scoring.KindFindingOnsite:       c.bySeverity(path(scoring.KindFindingOnsite), e.FindingOnsite),
		scoring.KindCitizenReport:       c.bySeverity(path(scoring.KindCitizenReport), e.CitizenReport),
		scoring.KindPenalty:             c.bySeverity(path(scoring.KindPenalty), e.Penalty),
		scoring.KindFalseReport:         c.monthsBySeverity(path(scoring.KindFalseReport), e.FalseReport),
		scoring.KindCleanAudit:          c.rule(path(scoring.KindCleanAudit), e.CleanAudit),
	}
	var maxPoints decimal.Decimal
	if r := e.CreditRepair; r == nil {
		c.missing(path(scoring.KindCreditRepair))
	} else {
		rules[scoring.KindCreditRepair] = map[scoring.Severity]scoring.Rule{
			scoring.SeverityNone: {Months: c.months("events.credit_repair.months", r.Months)},
		}
		maxPoints = c.num("events.credit_repair.max_points", r.MaxPoints)
	}
	return rules, maxPoints
}
