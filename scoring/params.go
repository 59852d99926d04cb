package scoring

import "github.com/shopspring/decimal"

// Params are the numbers of the credit model. One value is one version of the
// parameters: the database stores each version, and Version is the id of the
// stored row, copied into every Result so that a score can be replayed.
type Params struct {
	// Version is the id of the stored parameter version; scoring.yaml does not
	// carry it (the caller sets it after storing the file).
	Version int64
	// Base is the score of a firm without evidence; Min and Max bound the shown
	// score.
	Base, Min, Max decimal.Decimal
	// Thresholds are the lowest shown scores of grades A, B and C.
	Thresholds Thresholds
	// Audit holds the random-audit rates per grade.
	Audit Audit
	// Hard holds the rules that cap a grade whatever the score.
	Hard HardRules
	// Rules gives points and validity per kind and severity. Kinds without a
	// severity use the key SeverityNone. Rules for KindFalseReport carry only
	// months (the points come from FalseReportPenalty); rules for
	// KindCreditRepair carry only months (the points are given by hand).
	Rules map[Kind]map[Severity]Rule
	// RepairMaxPoints bounds the points of one manual credit repair.
	RepairMaxPoints decimal.Decimal
	// SelfCheckRate gives the points of the self-check habit: a firm earns
	// SelfCheckRate × (on-time self-checks ÷ self-checks asked) over the
	// self-check events in force, so the grade follows how reliably a firm
	// answers, not how many campaigns reached it.
	SelfCheckRate decimal.Decimal
}

// Thresholds are the lowest shown scores of grades A, B and C; below C is D.
type Thresholds struct {
	A, B, C decimal.Decimal
}

// Audit holds the random-audit rate of each grade and the floor no grade may
// go below (no grade is exempt from random audit).
type Audit struct {
	Floor      decimal.Decimal
	A, B, C, D decimal.Decimal
}

// HardRules cap the grade at D whatever the score.
type HardRules struct {
	// SeriousWindowMonths is how long a serious (严重) violation caps the grade.
	SeriousWindowMonths int
	// SeriousKinds are the kinds that count as a violation for that rule. A
	// self-reported hazard is not among the shipped ones: self-disclosure pays.
	SeriousKinds []Kind
	// FalseReportWindowMonths is how long a detected false self-report caps
	// the grade.
	FalseReportWindowMonths int
	// FalseReportFactor is the safety factor k >= 1 of the false-report penalty.
	FalseReportFactor decimal.Decimal
	// FalseReportDetection is the chance that an on-site visit finds a hazard
	// the firm denied (inspectors do not see everything), in (0, 1].
	FalseReportDetection decimal.Decimal
	// FalseReportMaxPoints bounds the false-report penalty so that it stays
	// meaningful on the shown scale (it drops a firm to D for the window rather
	// than thousands of points below 0); validation refuses a bound below what
	// the honesty inequality needs.
	FalseReportMaxPoints decimal.Decimal
}

// Rule is the points an event earns (negative for a mark against the firm) and
// the months it stays in force.
type Rule struct {
	Points decimal.Decimal
	Months int
}

// Rule returns the rule for kind k and severity s, and whether there is one.
func (p Params) Rule(k Kind, s Severity) (Rule, bool) {
	r, ok := p.Rules[k][s]
	return r, ok
}

// AuditRate returns the random-audit rate of grade g with the floor applied;
// for an unknown grade it returns 1 (visit).
func (p Params) AuditRate(g Grade) decimal.Decimal {
	var r decimal.Decimal
	switch g {
	case GradeA:
		r = p.Audit.A
	case GradeB:
		r = p.Audit.B
	case GradeC:
		r = p.Audit.C
	case GradeD:
		r = p.Audit.D
	default:
		return decimal.NewFromInt(1)
	}
	return decimal.Max(r, p.Audit.Floor)
}

// AuditRates returns AuditRate for every grade, as DrawAudit takes them.
func (p Params) AuditRates() map[Grade]decimal.Decimal {
	m := make(map[Grade]decimal.Decimal, 4)
	for _, g := range Grades() {
		m[g] = p.AuditRate(g)
	}
	return m
}

// GradeOf returns the grade of a shown score, before any hard rule.
func (p Params) GradeOf(shown decimal.Decimal) Grade {
	switch {
	case shown.GreaterThanOrEqual(p.Thresholds.A):
		return GradeA
	case shown.GreaterThanOrEqual(p.Thresholds.B):
		return GradeB
	case shown.GreaterThanOrEqual(p.Thresholds.C):
		return GradeC
	}
	return GradeD
}

// threshold returns the lowest shown score of grade g (Min for D).
func (p Params) threshold(g Grade) decimal.Decimal {
	switch g {
	case GradeA:
		return p.Thresholds.A
	case GradeB:
		return p.Thresholds.B
	case GradeC:
		return p.Thresholds.C
	}
	return p.Min
}
