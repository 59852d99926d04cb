package scoring

import (
	"cmp"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// Result is a firm's score at one instant, with everything needed to explain
// and act on it.
type Result struct {
	At time.Time
	// Raw is Base plus the points of every event in force; it is unbounded.
	Raw decimal.Decimal
	// Shown is Raw clamped to [Min, Max].
	Shown decimal.Decimal
	// ScoreGrade is the grade of Shown; Grade is ScoreGrade after the hard
	// rules (Overrides) have capped it.
	ScoreGrade, Grade Grade
	// ParamsVersion is Params.Version of the parameters used.
	ParamsVersion int64
	// Lines are the base line, one line per event in force (sorted by
	// occurrence), and a clamp line when Shown != Raw. The base and event lines
	// sum exactly to Raw; adding the clamp line (Shown - Raw) makes them sum
	// exactly to Shown.
	Lines []Line
	// Overrides are the hard rules that capped the grade, one per event.
	Overrides []Override
	// Reasons are the (at most) four events with the largest absolute points,
	// in Chinese, each with the date it expires.
	Reasons []string
	// Raise says in Chinese what would raise the grade.
	Raise []string
	// NextExpiry is the earliest instant after At when an event in force
	// expires or a hard-rule cap ends, i.e. when the firm must be re-scored;
	// zero if nothing will change without new evidence.
	NextExpiry time.Time
	// Decision is the inspection decision that follows from the grade.
	Decision Decision
}

// LineType tells the base, event and clamp lines of an explanation apart.
type LineType string

// The line types.
const (
	LineBase  LineType = "base"
	LineEvent LineType = "event"
	LineClamp LineType = "clamp"
	// LineHabit is the self-check habit: Params.SelfCheckRate times the share
	// of self-checks in force that were on time.
	LineHabit LineType = "habit"
)

// Line is one line of a score's explanation.
type Line struct {
	Type     LineType
	EventID  int64
	Kind     Kind
	Severity Severity
	Points   decimal.Decimal
	Occurred time.Time
	Expires  time.Time
	Rule     string
	Text     string
}

// Override is one hard rule capping the grade at D because of one event.
type Override struct {
	Rule    string // RuleSeriousViolation or RuleFalseReport
	EventID int64
	Until   time.Time // first instant the cap no longer applies
	Text    string
}

// The ids of the hard rules and of the visit trigger, as they appear in
// Override.Rule and Decision.ForcedBy.
const (
	RuleSeriousViolation = "hard.serious_violation"
	RuleFalseReport      = "hard.false_report"
	RuleCitizenReport    = "trigger.citizen_report"
	RuleVerification     = "trigger.verification"
)

// IsVisit reports whether an event of kind k records an on-site visit: it
// ends the visit triggers that occurred before it.
func IsVisit(k Kind) bool {
	return k == KindFindingOnsite || k == KindCleanAudit || k == KindFalseReport
}

// triggers reports whether e asks for a visit of its own: a verified citizen
// report, or a serious hazard the firm reported itself, whose rectification
// must be verified on site (复查) before it closes.
func triggers(e Event) bool {
	return e.Kind == KindCitizenReport || e.Kind == KindFindingSelfReported && e.Severity == SeveritySerious
}

// Score evaluates events under p at the instant at. The order of events does
// not matter; events not in force at at (not yet occurred, or expired) do not
// count. Dates in texts are formatted in at's location.
func Score(p Params, events []Event, at time.Time) Result {
	st := evaluate(p, events, at)
	r := summary(p, st)
	r.Lines = lines(p, st, at.Location())
	r.Reasons = reasons(st.inForce, at.Location())
	r.Raise = raise(p, events, st)
	return r
}

// Summarize is Score without the explanation (Lines, Reasons and Raise are
// empty): the scores, grades, overrides, next expiry and decision. Recomputing
// a whole district uses it; any firm's explanation can be replayed with Score
// from the same events and parameters.
func Summarize(p Params, events []Event, at time.Time) Result {
	return summary(p, evaluate(p, events, at))
}

func summary(p Params, st state) Result {
	return Result{
		At: st.at, Raw: st.raw, Shown: st.shown, ScoreGrade: st.scoreGrade, Grade: st.grade,
		ParamsVersion: p.Version, Overrides: st.overrides, NextExpiry: nextExpiry(st), Decision: decide(p, st),
	}
}

// state is the numeric core of a score, shared by Score and by the what-if
// evaluations behind Raise.
type state struct {
	at         time.Time
	inForce    []Event // sorted
	raw, shown decimal.Decimal
	scoreGrade Grade
	grade      Grade
	overrides  []Override
	// reports and checks are the verified citizen reports and the serious
	// self-reported hazards in force that no visit has followed yet.
	reports, checks []Event
	// habit is the points of the self-check habit; onTime of asked
	// self-checks in force were on time.
	habit         decimal.Decimal
	onTime, asked int
}

func evaluate(p Params, events []Event, at time.Time) state {
	st := state{at: at, raw: p.Base}
	var lastVisit time.Time
	visited := false
	for _, e := range events {
		if IsVisit(e.Kind) && !e.Occurred.After(at) && (!visited || e.Occurred.After(lastVisit)) {
			lastVisit, visited = e.Occurred, true
		}
		if !e.InForce(at) {
			continue
		}
		st.inForce = append(st.inForce, e)
		st.raw = st.raw.Add(e.Points)
		switch e.Kind {
		case KindSelfCheckOnTime:
			st.onTime++
			st.asked++
		case KindSelfCheckLate, KindSelfCheckMissed:
			st.asked++
		}
	}
	if st.asked > 0 && p.SelfCheckRate.IsPositive() {
		st.habit = p.SelfCheckRate.Mul(decimal.NewFromInt(int64(st.onTime))).DivRound(decimal.NewFromInt(int64(st.asked)), 2)
		st.raw = st.raw.Add(st.habit)
	}
	slices.SortFunc(st.inForce, compareEvents)
	st.shown = decimal.Min(decimal.Max(st.raw, p.Min), p.Max)
	st.scoreGrade = p.GradeOf(st.shown)
	st.grade = st.scoreGrade
	st.overrides = overrides(p, st.inForce, at)
	if len(st.overrides) > 0 {
		st.grade = GradeD
	}
	for _, e := range st.inForce {
		if !triggers(e) || visited && !lastVisit.Before(e.Occurred) {
			continue
		}
		if e.Kind == KindCitizenReport {
			st.reports = append(st.reports, e)
		} else {
			st.checks = append(st.checks, e)
		}
	}
	return st
}

// compareEvents orders events by occurrence, then by every other field, so
// that the result never depends on the order of the input.
func compareEvents(a, b Event) int {
	return cmp.Or(
		a.Occurred.Compare(b.Occurred),
		cmp.Compare(a.ID, b.ID),
		cmp.Compare(a.Kind, b.Kind),
		cmp.Compare(a.Severity, b.Severity),
		a.Points.Cmp(b.Points),
		a.Expires.Compare(b.Expires),
		cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.Source.Type, b.Source.Type),
		cmp.Compare(a.Source.ID, b.Source.ID),
		cmp.Compare(a.Topic, b.Topic),
	)
}

// overrides returns the hard rules that apply at at. A cap lasts from the
// event's occurrence for the rule's window, and never beyond the event's own
// expiry.
func overrides(p Params, inForce []Event, at time.Time) []Override {
	var out []Override
	for _, e := range inForce {
		var rule string
		var months int
		switch {
		case e.Kind == KindFalseReport:
			rule, months = RuleFalseReport, p.Hard.FalseReportWindowMonths
		case e.Severity == SeveritySerious && slices.Contains(p.Hard.SeriousKinds, e.Kind):
			rule, months = RuleSeriousViolation, p.Hard.SeriousWindowMonths
		default:
			continue
		}
		until := expiry(e.Occurred, months)
		if e.Expires.Before(until) {
			until = e.Expires
		}
		if !at.Before(until) {
			continue
		}
		out = append(out, Override{Rule: rule, EventID: e.ID, Until: until,
			Text: overrideText(rule, e, until, at.Location())})
	}
	return out
}

func nextExpiry(st state) time.Time {
	var next time.Time
	consider := func(t time.Time) {
		if t.After(st.at) && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	for _, e := range st.inForce {
		consider(e.Expires)
	}
	for _, o := range st.overrides {
		consider(o.Until)
	}
	return next
}
