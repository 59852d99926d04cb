package planner

import "time"

// Reason is why a department orders an inspection. Its value is stored in
// inspection_orders.reason.
type Reason string

// The reasons an order may give.
const (
	ReasonRoutine   Reason = "routine"      // 例行检查
	ReasonAudit     Reason = "random_audit" // 双随机抽查
	ReasonComplaint Reason = "complaint"    // 投诉举报核查
	ReasonFollowUp  Reason = "follow_up"    // 隐患整改复查
)

// Reasons returns every reason in a fixed order.
func Reasons() []Reason { return []Reason{ReasonRoutine, ReasonAudit, ReasonComplaint, ReasonFollowUp} }

// Valid reports whether r is one of Reasons.
func (r Reason) Valid() bool {
	switch r {
	case ReasonRoutine, ReasonAudit, ReasonComplaint, ReasonFollowUp:
		return true
	}
	return false
}

// Label returns the Chinese name of r.
func (r Reason) Label() string {
	switch r {
	case ReasonRoutine:
		return "例行检查"
	case ReasonAudit:
		return "随机抽查"
	case ReasonComplaint:
		return "投诉核查"
	case ReasonFollowUp:
		return "整改复查"
	}
	return string(r)
}

// Order is one department's inspection order: its checklist items, its
// window (first and last day, as midnight in the plan's zone) and its target
// firms, already resolved from a filter or a list.
type Order struct {
	ID         int64
	Department string
	Reason     Reason
	Items      []string
	From, To   time.Time
	Targets    []int64
	// Explicit says the department named its targets one by one rather than
	// by a filter: a routine order naming a firm visits it whatever its
	// credit decision.
	Explicit bool
}

// Decision is the credit model's inspection decision for a firm, as stored
// with its score.
type Decision string

// The decisions.
const (
	DecisionAlways  Decision = "always"  // visited in every round (grade D, or a trigger)
	DecisionSampled Decision = "sampled" // visited when the random audit draws it
	DecisionExempt  Decision = "exempt"  // no routine inspection (无事不扰) unless drawn
)

// Firm is what the planner knows of a target firm.
type Firm struct {
	ID           int64
	Name         string
	Street, Grid string
	// Lat and Lon are used when HasCoords; firms without coordinates go last
	// in their route.
	Lat, Lon  float64
	HasCoords bool
	Grade     string
	// Decision is the firm's inspection decision; "" (not scored) is
	// treated as DecisionAlways, or DecisionExempt when Exempt is set.
	Decision Decision
	// Exempt is the credit decision "exempt from routine inspection" (无事不扰),
	// for callers that do not give Decision.
	Exempt bool
	// VisitsThisYear counts the firm's visits already planned or made this
	// calendar year, against the yearly cap.
	VisitsThisYear int
	// SelfCheckID is the firm's latest submitted self-check (0: none): an
	// exempt firm that submitted one has its routine inspection replaced by it.
	SelfCheckID int64
	// AuditPick says the firm was drawn in the round's random audit.
	AuditPick bool
	// ComplaintID is a verified citizen report against the firm (0: none).
	ComplaintID int64
}

// mode is the firm's decision with the defaults applied.
func (f *Firm) mode() Decision {
	switch {
	case f.Decision != "":
		return f.Decision
	case f.Exempt:
		return DecisionExempt
	}
	return DecisionAlways
}

// Inspector is one person on a department's roster (执法人员名录库).
type Inspector struct {
	ID         int64
	Department string
	// Certified inspectors hold a law-enforcement certificate; only they are
	// drawn.
	Certified bool
	// CertExpires is the last day the certificate is valid (zero: it does
	// not expire); it is not drawn after.
	CertExpires time.Time
	// Streets are the streets the inspector covers; empty covers all.
	Streets []string
	// Away tells the days the inspector is away (nil: never).
	Away func(day time.Time) bool
}

// available reports whether the inspector may be drawn on day d for a route
// in street.
func (p *Inspector) available(d time.Time, street string) bool {
	if !p.Certified || (!p.CertExpires.IsZero() && p.CertExpires.Before(d)) {
		return false
	}
	if p.Away != nil && p.Away(d) {
		return false
	}
	if len(p.Streets) == 0 || street == "" {
		return true
	}
	for _, s := range p.Streets {
		if s == street {
			return true
		}
	}
	return false
}

// Input is everything a plan is built from.
type Input struct {
	// From and To are the first and last day of the plan, midnight in its zone.
	From, To time.Time
	// Seed drives every random draw of the plan; each route's draw records
	// the seed derived from it.
	Seed       uint64
	Orders     []Order
	Firms      []Firm
	Inspectors []Inspector
	// AuditRound names the random audit round whose draws AuditPick reports
	// (e.g. "#3（2026Q4）"), for the explanation; "" when none was drawn.
	AuditRound string
	// YearlyCap is the most visits a firm gets in a calendar year (0: none).
	// Routine-only visits beyond it are skipped; complaint, follow-up and
	// random-audit visits are never dropped but count towards it.
	YearlyCap int
	// RouteSize is the most visits of one route (an inspector team's day);
	// default 6.
	RouteSize int
	// TeamSize is the fewest inspectors per route; default and minimum 2.
	TeamSize int
	// Workday tells working days; nil means Monday to Friday.
	Workday func(time.Time) bool
	// Applicable says whether a checklist item applies to a firm (industry,
	// size, attributes); nil means every item applies.
	Applicable func(firmID int64, item string) bool
	// Equivalent maps a checklist item to the item that asks the same
	// requirement, so that a merged visit asks it once. Items absent from the
	// map are their own canonical item.
	Equivalent map[string]string
}

func (in *Input) defaults() {
	if in.RouteSize <= 0 {
		in.RouteSize = 6
	}
	if in.TeamSize < 2 {
		in.TeamSize = 2
	}
	if in.Workday == nil {
		in.Workday = func(t time.Time) bool { wd := t.Weekday(); return wd != time.Saturday && wd != time.Sunday }
	}
}
