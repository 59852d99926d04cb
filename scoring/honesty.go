package scoring

import "github.com/shopspring/decimal"

// FalseReportPenalty returns the points (negative) of a false self-report of
// severity s by a firm whose grade was gradeWhenAnswered when it answered:
//
//	F = max(ceil((1 - p) / p × G), G) × k
//
// where p is that grade's audit rate (floor applied), G the deduction the lie
// avoided (the on-site points for s, as a positive number) and k the safety
// factor. The ceiling is exact (an integer division with remainder, no
// rounding). Since k >= 1, p × F >= (1 - p) × G: at every grade, lying loses
// points on average.
//
// The max with G only matters when p > 1/2, i.e. for grade D, whose rate is 1
// (always visited): there the formula gives 0, since a firm that is always
// visited cannot avoid the deduction by lying. A lie is still a lie, and a
// penalty of 0 would make grade D the one grade where lying is free of
// consequence, so F is G × k: the lie costs the deduction once more. With the
// shipped rates (A 3%, B 10%, C 40%) the formula applies unchanged.
func FalseReportPenalty(p Params, gradeWhenAnswered Grade, s Severity) decimal.Decimal {
	g := p.Rules[KindFindingOnsite][s].Points.Abs()
	rate := p.AuditRate(gradeWhenAnswered)
	one := decimal.NewFromInt(1)
	f := g
	if rate.IsPositive() {
		q, rem := one.Sub(rate).Mul(g).QuoRem(rate, 0)
		if rem.IsPositive() {
			q = q.Add(one)
		}
		f = decimal.Max(q, g)
	}
	return f.Mul(p.Hard.FalseReportFactor).Neg()
}
