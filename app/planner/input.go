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
}

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
	// Exempt is the credit decision "exempt from routine inspection" (无事不扰).
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

// Inspector is one person on a department's roster (执法人员名录库).
type Inspector struct {
	ID         int64
	Department string
	// Certified inspectors hold a law-enforcement certificate; only they are
	// drawn.
	Certified bool
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
