package scoring

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// cst is China Standard Time, fixed so tests need no tzdata.
var cst = time.FixedZone("CST", 8*3600)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, cst) }

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// event records an event the way the database layer does, through p.Points.
func event(tb testing.TB, p Params, id int64, k Kind, s Severity, occurred time.Time, topic string) Event {
	tb.Helper()
	pts, exp, rule, err := p.Points(k, s, occurred)
	if err != nil {
		tb.Fatalf("Points(%s, %s) error: %v", k, s, err)
	}
	return Event{ID: id, Kind: k, Severity: s, Points: pts, Occurred: occurred, Expires: exp, Rule: rule,
		Source: Source{Type: "test", ID: id}, Topic: topic}
}

// randomEvent makes one event of a random kind, occurring within about four
// years before at (and sometimes shortly after it).
func randomEvent(tb testing.TB, r *rand.Rand, p Params, id int64, at time.Time) Event {
	tb.Helper()
	kinds := Kinds()
	k := kinds[r.IntN(len(kinds))]
	s := SeverityNone
	if k.HasSeverity() {
		s = Severities()[r.IntN(3)]
	}
	occurred := at.Add(-time.Duration(r.IntN(4*365*24)) * time.Hour).Add(time.Duration(r.IntN(30*24)) * time.Hour)
	var (
		pts  decimal.Decimal
		exp  time.Time
		rule string
		err  error
	)
	switch k {
	case KindFalseReport:
		pts, exp, rule, err = p.FalseReportPoints(Grades()[r.IntN(4)], s, occurred)
	case KindCreditRepair:
		pts, exp, rule, err = p.RepairPoints(decimal.New(int64(1+r.IntN(10000)), -2), occurred)
	default:
		pts, exp, rule, err = p.Points(k, s, occurred)
	}
	if err != nil {
		tb.Fatalf("points for %s %s: %v", k, s, err)
	}
	topics := []string{"", "消防", "燃气", "特种设备"}
	return Event{ID: id, Kind: k, Severity: s, Points: pts, Occurred: occurred, Expires: exp, Rule: rule,
		Source: Source{Type: "random", ID: id}, Topic: topics[r.IntN(len(topics))]}
}

func randomEvents(tb testing.TB, r *rand.Rand, p Params, n int, at time.Time) []Event {
	tb.Helper()
	events := make([]Event, n)
	for i := range events {
		events[i] = randomEvent(tb, r, p, int64(i+1), at)
	}
	return events
}

// sums returns the sum of the base and event lines and the sum of all lines.
func sums(lines []Line) (raw, shown decimal.Decimal) {
	for _, l := range lines {
		if l.Type != LineClamp {
			raw = raw.Add(l.Points)
		}
		shown = shown.Add(l.Points)
	}
	return raw, shown
}

// fixtureParams are DefaultParams with the flat rewards the worked examples
// of these tests were written for, so that tuning the shipped rewards does not
// rewrite every expected score.
func fixtureParams() Params {
	p := DefaultParams()
	p.Base = dec("700")
	p.SelfCheckRate = dec("0")
	p.Rules[KindSelfCheckOnTime][SeverityNone] = Rule{Points: dec("10"), Months: 24}
	p.Rules[KindSelfCheckLate][SeverityNone] = Rule{Points: dec("-10"), Months: 12}
	p.Rules[KindSelfCheckMissed][SeverityNone] = Rule{Points: dec("-30"), Months: 12}
	p.Rules[KindCleanAudit][SeverityNone] = Rule{Points: dec("30"), Months: 24}
	p.Audit.B, p.Audit.C = dec("0.10"), dec("0.40")
	p.Hard.FalseReportWindowMonths = 24
	p.Hard.FalseReportDetection = dec("1")
	p.Hard.FalseReportMaxPoints = dec("1000")
	return p
}
