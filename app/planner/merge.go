package planner

import (
	"cmp"
	"slices"
	"time"
)

// builder holds the indexes and intermediate state of one Build.
type builder struct {
	in     *Input
	p      *Plan
	firms  map[int64]*Firm
	orders []Order
	// orderIdx maps an order id to its index in orders, built on demand.
	orderIdx map[int64]int32
}

func newBuilder(in *Input, p *Plan) *builder {
	b := &builder{in: in, p: p, firms: make(map[int64]*Firm, len(in.Firms)), orders: in.Orders}
	for i := range in.Firms {
		b.firms[in.Firms[i].ID] = &in.Firms[i]
	}
	return b
}

// pair is one order aimed at one firm, with its window clipped to the plan.
type pair struct {
	firm   int64
	order  int32 // index into b.orders
	lo, hi time.Time
}

// merge turns every (order, firm) pair into visits or skips.
func (b *builder) merge() {
	var pairs []pair
	for i, o := range b.orders {
		lo, hi := maxTime(o.From, b.in.From), minTime(o.To, b.in.To)
		for _, f := range o.Targets {
			pairs = append(pairs, pair{firm: f, order: int32(i), lo: lo, hi: hi})
		}
	}
	slices.SortFunc(pairs, func(a, c pair) int {
		return cmp.Or(cmp.Compare(a.firm, c.firm), a.lo.Compare(c.lo), cmp.Compare(b.orders[a.order].ID, b.orders[c.order].ID))
	})
	// An order listing a firm twice still means one pair.
	pairs = slices.CompactFunc(pairs, func(a, c pair) bool { return a.firm == c.firm && a.order == c.order })
	for start := 0; start < len(pairs); {
		end := start + 1
		for end < len(pairs) && pairs[end].firm == pairs[start].firm {
			end++
		}
		b.mergeFirm(pairs[start:end])
		start = end
	}
}

// group is a set of pairs of one firm whose windows share [lo, hi].
type group struct {
	pairs     []pair
	lo, hi    time.Time
	mandatory bool // holds a non-routine order: never dropped by the cap
}

// mergeFirm plans one firm's pairs, sorted by window start.
func (b *builder) mergeFirm(pairs []pair) {
	f := b.firms[pairs[0].firm]
	var kept []pair
	for _, pr := range pairs {
		o := &b.orders[pr.order]
		switch {
		case f == nil:
			b.skip(pr, nil, SkipUnknownFirm)
		case pr.hi.Before(pr.lo):
			b.skip(pr, f, SkipOutside)
		case o.Reason == ReasonRoutine && !o.Explicit && f.mode() == DecisionExempt && !f.AuditPick && f.ComplaintID == 0:
			b.skip(pr, f, SkipExempt)
		case o.Reason == ReasonRoutine && !o.Explicit && f.mode() == DecisionSampled && !f.AuditPick && f.ComplaintID == 0:
			b.skip(pr, f, SkipNotDrawn)
		case !b.anyApplicable(f, o):
			b.skip(pr, f, SkipNotApplicable)
		default:
			kept = append(kept, pr)
		}
	}
	if len(kept) == 0 {
		return // f may be nil: an unknown firm keeps no pair
	}
	var groups []*group
	for _, pr := range kept {
		mand := b.orders[pr.order].Reason != ReasonRoutine
		if n := len(groups); n > 0 && !pr.lo.After(groups[n-1].hi) {
			g := groups[n-1]
			g.pairs = append(g.pairs, pr)
			g.lo, g.hi = maxTime(g.lo, pr.lo), minTime(g.hi, pr.hi)
			g.mandatory = g.mandatory || mand
			continue
		}
		groups = append(groups, &group{pairs: []pair{pr}, lo: pr.lo, hi: pr.hi, mandatory: mand})
	}
	// Mandatory visits come first against the cap; routine-only ones follow
	// in window order and are dropped once the cap is reached.
	slices.SortStableFunc(groups, func(x, y *group) int {
		if x.mandatory != y.mandatory {
			if x.mandatory {
				return -1
			}
			return 1
		}
		return 0
	})
	used := f.VisitsThisYear
	for _, g := range groups {
		if b.in.YearlyCap > 0 && !g.mandatory && used >= b.in.YearlyCap {
			for _, pr := range g.pairs {
				b.skip(pr, f, SkipCap)
			}
			continue
		}
		used++
		b.visit(f, g)
	}
}

// anyApplicable reports whether some item of o applies to f, recording the
// items that do not.
func (b *builder) anyApplicable(f *Firm, o *Order) bool {
	if b.in.Applicable == nil {
		return len(o.Items) > 0
	}
	for _, it := range o.Items {
		if b.in.Applicable(f.ID, it) {
			return true
		}
	}
	return false
}

// visit turns a group into a planned visit (its date comes later).
func (b *builder) visit(f *Firm, g *group) {
	idx := len(b.p.Visits)
	v := Visit{EnterpriseID: f.ID, From: g.lo, To: g.hi, Street: f.Street, Grid: f.Grid}
	asked := map[string]int64{} // canonical item -> order that asks it
	var once, na int
	depts := map[string]bool{}
	for _, pr := range g.pairs {
		o := &b.orders[pr.order]
		v.Orders = append(v.Orders, o.ID)
		if !depts[o.Department] {
			depts[o.Department] = true
			v.Departments = append(v.Departments, o.Department)
		}
		for _, it := range o.Items {
			if b.in.Applicable != nil && !b.in.Applicable(f.ID, it) {
				b.avoid(o, f.ID, it, AvoidNotApplicable, "", idx)
				na++
				continue
			}
			c := it
			if e, ok := b.in.Equivalent[it]; ok {
				c = e
			}
			if _, ok := asked[c]; ok {
				b.avoid(o, f.ID, it, AvoidAskedOnce, c, idx)
				once++
				continue
			}
			asked[c] = o.ID
			v.Items = append(v.Items, c)
		}
	}
	slices.Sort(v.Orders)
	slices.Sort(v.Departments)
	v.Note = b.visitNote(f, g, &v, once, na)
	b.p.Visits = append(b.p.Visits, v)
}

func (b *builder) avoid(o *Order, firm int64, item string, cause AvoidCause, as string, visit int) {
	b.p.Avoided = append(b.p.Avoided, Avoided{
		OrderID: o.ID, EnterpriseID: firm, Department: o.Department, Item: item, Cause: cause, AskedAs: as, Visit: visit,
	})
}

// skip records that pair pr is not planned, and why.
func (b *builder) skip(pr pair, f *Firm, cause SkipCause) {
	o := &b.orders[pr.order]
	s := Skip{OrderID: o.ID, EnterpriseID: pr.firm, Department: o.Department, Reason: o.Reason, Cause: cause}
	if (cause == SkipExempt || cause == SkipNotDrawn) && f != nil {
		s.SelfCheckID = f.SelfCheckID
	}
	if cause == SkipNotApplicable && f != nil {
		for _, it := range o.Items {
			b.avoid(o, f.ID, it, AvoidNotApplicable, "", -1)
		}
	}
	s.Text = b.skipText(o, f, pr, cause)
	b.p.Skips = append(b.p.Skips, s)
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
