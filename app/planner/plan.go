package planner

import (
	"errors"
	"fmt"
	"time"
)

// RouteMethod names the route heuristic recorded with every plan.
const RouteMethod = "nearest-neighbour+2-opt/open-path/v1"

// SkipCause says why an order was not planned for a firm.
type SkipCause string

// The causes of a skip.
const (
	// SkipExempt: a routine order for a firm exempt by its credit (无事不扰),
	// not drawn in the audit and without a verified complaint.
	SkipExempt SkipCause = "exempt"
	// SkipNotDrawn: a routine order for a firm whose credit decision is
	// sampled, not drawn in the audit and without a verified complaint.
	SkipNotDrawn SkipCause = "not_drawn"
	// SkipCap: the firm reached its yearly cap of visits.
	SkipCap SkipCause = "cap"
	// SkipNotApplicable: none of the order's items applies to the firm.
	SkipNotApplicable SkipCause = "not_applicable"
	// SkipNoCapacity: no day in the window had certified inspectors free.
	SkipNoCapacity SkipCause = "no_capacity"
	// SkipUnknownFirm: the target is not a known active firm.
	SkipUnknownFirm SkipCause = "unknown_firm"
	// SkipOutside: the order's window does not meet the plan's period.
	SkipOutside SkipCause = "outside_period"
)

// AvoidCause says why a checklist item of an order is not asked.
type AvoidCause string

// The causes of an avoided item.
const (
	AvoidNotApplicable AvoidCause = "not_applicable" // the item does not apply to the firm
	AvoidAskedOnce     AvoidCause = "asked_once"     // a merged visit asks it (or its equivalent) once
)

// Plan is the result of Build.
type Plan struct {
	Seed   uint64
	Method string
	Visits []Visit
	Skips  []Skip
	// Avoided lists every ordered item not asked, with its cause.
	Avoided []Avoided
	// Routes lists every inspector-day route with its random draw.
	Routes []Route
	// Explanation is the plan in Chinese, one line per merge, skip and route.
	Explanation []string
}

// Visit is one planned on-site inspection of a firm.
type Visit struct {
	EnterpriseID int64
	// Orders are the merged orders, ascending.
	Orders      []int64
	Departments []string
	// Items are the items asked, each once, in order of first appearance.
	Items []string
	// From and To are the window common to the merged orders within the plan.
	From, To time.Time
	Date     time.Time
	Street   string
	Grid     string
	// Route indexes Plan.Routes; Seq is the 1-based stop within the route.
	Route, Seq int
	Inspectors []int64
	// Note explains the visit in Chinese: what was merged and why it is kept.
	Note string

	notable bool // kept despite the credit decision or the cap
}

// Final reports whether planning again would skip the pair for the same
// cause: a no-capacity or out-of-period pair waits for a later plan.
func (c SkipCause) Final() bool { return c != SkipNoCapacity && c != SkipOutside }

// Skip is an order not planned for one of its target firms.
type Skip struct {
	OrderID      int64
	EnterpriseID int64
	Department   string
	Reason       Reason
	Cause        SkipCause
	// SelfCheckID is the firm's submitted self-check that replaces a routine
	// inspection skipped as exempt (0: none).
	SelfCheckID int64
	Text        string
}

// Avoided is an ordered item a firm is not asked. Visit indexes Plan.Visits,
// or is -1 when the order was skipped for the firm.
type Avoided struct {
	OrderID      int64
	EnterpriseID int64
	Department   string
	Item         string
	Cause        AvoidCause
	// AskedAs is the item asked instead (asked once), or "".
	AskedAs string
	Visit   int
}

// Route is one inspector team's day in one grid, with its random draw.
type Route struct {
	Date time.Time
	Grid string
	// Seed is the seed of this route's draw, derived from the plan's seed.
	Seed uint64
	// Roster is the pool drawn from: certified inspectors of the route's
	// departments free that day, in ascending id.
	Roster     []int64
	Inspectors []int64
	// Visits index Plan.Visits in route order.
	Visits []int
	// KM is the route's length along its stops (straight lines).
	KM float64
}

// ErrInput is wrapped by Build for input it cannot plan from.
var ErrInput = errors.New("planner: bad input")

// Build makes the plan. It fails only on malformed input.
func Build(in Input) (*Plan, error) {
	in.defaults()
	if in.From.IsZero() || in.To.Before(in.From) {
		return nil, fmt.Errorf("period %s..%s: %w", day(in.From), day(in.To), ErrInput)
	}
	p := &Plan{Seed: in.Seed, Method: RouteMethod}
	b := newBuilder(&in, p)
	b.merge()
	b.schedule()
	b.explain()
	return p, nil
}

// Outcome is what a plan made of one (order, firm): a visit (Cause "") or
// a skip for Cause.
type Outcome struct {
	OrderID, EnterpriseID int64
	Cause                 SkipCause
}

// Outcomes lists what the plan made of every (order, firm) it was given, a
// firm skipped by an order for several causes counting once.
func (p *Plan) Outcomes() []Outcome {
	var out []Outcome
	seen := map[[2]int64]bool{}
	for _, v := range p.Visits {
		for _, o := range v.Orders {
			k := [2]int64{o, v.EnterpriseID}
			if !seen[k] {
				seen[k] = true
				out = append(out, Outcome{OrderID: o, EnterpriseID: v.EnterpriseID})
			}
		}
	}
	for _, s := range p.Skips {
		k := [2]int64{s.OrderID, s.EnterpriseID}
		if !seen[k] {
			seen[k] = true
			out = append(out, Outcome{OrderID: s.OrderID, EnterpriseID: s.EnterpriseID, Cause: s.Cause})
		}
	}
	return out
}

func day(t time.Time) string { return t.Format(time.DateOnly) }
