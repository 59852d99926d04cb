package scoring

import (
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// Event is one entry of a firm's evidence ledger. The ledger is append-only:
// Points, Expires and Rule are fixed when the event is recorded, from the
// parameters in force then (see Params.Points), and never recomputed.
type Event struct {
	ID       int64
	Kind     Kind
	Severity Severity // SeverityNone for kinds without one
	Points   decimal.Decimal
	Occurred time.Time
	// Expires is the first instant the event no longer counts: it is in force
	// while Occurred <= at < Expires.
	Expires time.Time
	// Rule is the id of the rule that produced the points, e.g.
	// "finding_onsite.严重".
	Rule   string
	Source Source
	// Topic is an optional short Chinese subject shown in explanations, e.g. 消防.
	Topic string
}

// Source is the record an event comes from (a self-check submission, an
// on-site finding, a citizen report, a penalty decision, a rectification).
type Source struct {
	Type string
	ID   int64
}

// InForce reports whether e counts at the instant at.
func (e Event) InForce(at time.Time) bool {
	return !e.Occurred.After(at) && at.Before(e.Expires)
}

// ErrNoRule is returned for a kind and severity the parameters have no fixed
// points for.
var ErrNoRule = errors.New("no rule")

// RuleID returns the stable id of the rule for kind k and severity s, e.g.
// "finding_onsite.严重" or "selfcheck_late".
func RuleID(k Kind, s Severity) string {
	if s == SeverityNone {
		return string(k)
	}
	return string(k) + "." + string(s)
}

// expiry returns occurred plus the given months. Go normalizes the date, so a
// mark of 31 January with one month expires on 3 March (2 March in a leap year).
func expiry(occurred time.Time, months int) time.Time {
	return occurred.AddDate(0, months, 0)
}

// Points returns what an event of kind k and severity s occurring at occurred
// is worth under p: its points, its expiry and its rule id. The database layer
// calls it when it appends an event. False reports and credit repairs have no
// fixed points: use FalseReportPoints and RepairPoints for them.
func (p Params) Points(k Kind, s Severity, occurred time.Time) (decimal.Decimal, time.Time, string, error) {
	switch k {
	case KindFalseReport:
		return decimal.Zero, time.Time{}, "", fmt.Errorf("points for %s: use FalseReportPoints: %w", k, ErrNoRule)
	case KindCreditRepair:
		return decimal.Zero, time.Time{}, "", fmt.Errorf("points for %s: use RepairPoints: %w", k, ErrNoRule)
	}
	r, ok := p.Rule(k, s)
	if !ok || k.HasSeverity() != (s != SeverityNone) {
		return decimal.Zero, time.Time{}, "", fmt.Errorf("points for %s: %w", RuleID(k, s), ErrNoRule)
	}
	return r.Points, expiry(occurred, r.Months), RuleID(k, s), nil
}

// FalseReportPoints returns the points (negative), expiry and rule id of a
// false self-report of severity s detected at occurred, for a firm whose grade
// was gradeWhenAnswered when it answered. The hazard itself is recorded apart,
// as a KindFindingOnsite event. The rule id records the grade, e.g.
// "false_report.严重.B".
func (p Params) FalseReportPoints(gradeWhenAnswered Grade, s Severity, occurred time.Time) (decimal.Decimal, time.Time, string, error) {
	r, ok := p.Rule(KindFalseReport, s)
	if !ok || !gradeWhenAnswered.Valid() {
		return decimal.Zero, time.Time{}, "", fmt.Errorf("points for %s at grade %q: %w", RuleID(KindFalseReport, s), gradeWhenAnswered, ErrNoRule)
	}
	rule := RuleID(KindFalseReport, s) + "." + string(gradeWhenAnswered)
	return FalseReportPenalty(p, gradeWhenAnswered, s), expiry(occurred, r.Months), rule, nil
}

// RepairPoints checks the points of a manual credit repair (positive, at most
// RepairMaxPoints) and returns them with the expiry and rule id.
func (p Params) RepairPoints(points decimal.Decimal, occurred time.Time) (decimal.Decimal, time.Time, string, error) {
	r, ok := p.Rule(KindCreditRepair, SeverityNone)
	if !ok {
		return decimal.Zero, time.Time{}, "", fmt.Errorf("points for %s: %w", KindCreditRepair, ErrNoRule)
	}
	if !points.IsPositive() || points.GreaterThan(p.RepairMaxPoints) || !points.Equal(points.Round(2)) {
		return decimal.Zero, time.Time{}, "", fmt.Errorf("credit repair of %s points: must be positive, at most %s, with 2 decimals", points, p.RepairMaxPoints)
	}
	return points, expiry(occurred, r.Months), string(KindCreditRepair), nil
}
