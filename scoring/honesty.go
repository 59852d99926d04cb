package scoring

import "github.com/shopspring/decimal"

// FalseReportPenalty returns the points (negative) of a false self-report of
// severity s by a firm whose grade was gradeWhenAnswered when it answered:
//
//	F = min(max(ceil((1 - q) / q × G), H) × k, M),  q = d × a
//
// where a is that grade's audit rate (floor applied), d the chance that a
// visit detects the denied hazard (FalseReportDetection), G the deduction the
// lie avoided (the self-reported points for s, as a positive number), H the
// on-site points for s (a lie costs at least the finding once more, so the
// penalty never vanishes where q is high), k the safety factor and M the
// bound FalseReportMaxPoints. The ceiling is exact (an integer division with
// remainder, no rounding).
//
// The firm that lies is caught with probability q and then loses F (plus the
// on-site finding); it gains G with probability 1 - q. Honesty pays when
// q × F >= (1 - q) × G. Without the bound this follows from k >= 1; with it,
// Validate refuses an M below RequiredPenalty at any grade and severity, so
// the inequality holds for every valid Params, for detection below 1 too.
func FalseReportPenalty(p Params, gradeWhenAnswered Grade, s Severity) decimal.Decimal {
	f := decimal.Max(RequiredPenalty(p, gradeWhenAnswered, s), p.Rules[KindFindingOnsite][s].Points.Abs())
	f = f.Mul(p.Hard.FalseReportFactor)
	if p.Hard.FalseReportMaxPoints.IsPositive() {
		f = decimal.Min(f, p.Hard.FalseReportMaxPoints)
	}
	return f.Neg()
}

// CatchRate returns q = detection × audit rate: the chance that a lie told at
// grade g is found by the random audit of its round.
func CatchRate(p Params, g Grade) decimal.Decimal {
	d := p.Hard.FalseReportDetection
	if !d.IsPositive() {
		d = decimal.NewFromInt(1)
	}
	return decimal.Min(d.Mul(p.AuditRate(g)), decimal.NewFromInt(1))
}

// RequiredPenalty returns ceil((1 - q) / q × G), the smallest penalty (as a
// positive number) for which lying at grade g about a hazard of severity s
// does not pay in expectation, with q = CatchRate(p, g) and G the
// self-reported deduction the lie avoids.
func RequiredPenalty(p Params, g Grade, s Severity) decimal.Decimal {
	gain := p.Rules[KindFindingSelfReported][s].Points.Abs()
	q := CatchRate(p, g)
	one := decimal.NewFromInt(1)
	if !q.IsPositive() {
		return p.Max.Sub(p.Min)
	}
	r, rem := one.Sub(q).Mul(gain).QuoRem(q, 0)
	if rem.IsPositive() {
		r = r.Add(one)
	}
	return r
}
