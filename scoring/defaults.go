package scoring

import "github.com/shopspring/decimal"

// DefaultParams returns the defaults of DESIGN.md, the same numbers that
// templates/scoring.yaml ships (a test in app/scoringconf keeps the two equal).
// Version is 0.
func DefaultParams() Params {
	d := decimal.RequireFromString
	flat := func(points string, months int) map[Severity]Rule {
		return map[Severity]Rule{SeverityNone: {Points: d(points), Months: months}}
	}
	bySev := func(general, major, serious string) map[Severity]Rule {
		return map[Severity]Rule{
			SeverityGeneral: {Points: d(general), Months: 12},
			SeverityMajor:   {Points: d(major), Months: 24},
			SeveritySerious: {Points: d(serious), Months: 36},
		}
	}
	return Params{
		Base:       d("560"),
		Min:        d("0"),
		Max:        d("1000"),
		Thresholds: Thresholds{A: d("850"), B: d("700"), C: d("550")},
		Audit: Audit{
			Floor: d("0.03"),
			A:     d("0.03"), B: d("0.10"), C: d("0.70"), D: d("1"),
		},
		Hard: HardRules{
			SeriousWindowMonths:     12,
			SeriousKinds:            []Kind{KindFindingOnsite, KindNotRectified, KindCitizenReport, KindPenalty},
			FalseReportWindowMonths: 12,
			FalseReportFactor:       d("1.5"),
			FalseReportDetection:    d("0.6"),
			FalseReportMaxPoints:    d("600"),
		},
		Rules: map[Kind]map[Severity]Rule{
			KindSelfCheckOnTime:     flat("0", 12),
			KindSelfCheckLate:       flat("-5", 12),
			KindSelfCheckMissed:     flat("-20", 12),
			KindFindingSelfReported: bySev("-2", "-5", "-10"),
			KindRectifiedOnTime:     bySev("0", "0", "0"),
			KindRectifiedLate:       bySev("-10", "-20", "-40"),
			KindNotRectified:        bySev("-30", "-60", "-120"),
			KindFindingOnsite:       bySev("-20", "-40", "-80"),
			KindCitizenReport:       bySev("-10", "-30", "-60"),
			KindPenalty:             bySev("-30", "-60", "-150"),
			KindFalseReport: {
				SeverityGeneral: {Months: 24},
				SeverityMajor:   {Months: 24},
				SeveritySerious: {Months: 36},
			},
			KindCleanAudit:   flat("20", 24),
			KindCreditRepair: flat("0", 12),
		},
		RepairMaxPoints: d("100"),
		SelfCheckRate:   d("300"),
	}
}
