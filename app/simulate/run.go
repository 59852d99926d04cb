package simulate

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"selfcheck/app/planner"
	"selfcheck/scoring"
)

// Options size a run.
type Options struct {
	Firms, Months int
	Seed          uint64
}

// The order ids of a month's plan: the routine round, complaints and
// verifications (复查) of what firms reported or left unrectified.
const (
	orderRoutine int64 = iota + 1
	orderComplaint
	orderFollowUp
)

const department = "市场监管"

// Run simulates the district and returns the report.
func Run(p scoring.Params, a Assumptions, o Options) (*Report, error) {
	w := newWorld(p, a, o.Firms, o.Months, o.Seed)
	for k := 0; k < w.total; k++ {
		if err := w.step(k); err != nil {
			return nil, err
		}
	}
	return w.report(o), nil
}

func (w *world) step(k int) error {
	at := w.month(k)
	for _, f := range w.firms {
		w.evolve(f, k)
		if k%w.a.CampaignMonths == 0 {
			w.campaign(f, k)
		}
		w.complaints(f, k)
	}
	// The score at the start of the month's plan, with everything known by
	// then (late answers and complaints dated later this month count later).
	planAt := at.AddDate(0, 0, 25)
	counts := map[scoring.Grade]int{}
	for i, f := range w.firms {
		f.events = prune(f.events, at)
		f.res = scoring.Summarize(w.p, f.events, planAt)
		counts[f.res.Grade]++
		w.raw[i][k], _ = f.res.Raw.Float64()
		w.gradeAt[i][k] = f.res.Grade
		w.anyHaz[i][k] = len(f.hazards) > 0
		for _, h := range f.hazards {
			w.major[i][k] = w.major[i][k] || h.sev != scoring.SeverityGeneral
			w.serious[i][k] = w.serious[i][k] || h.sev == scoring.SeveritySerious
		}
	}
	w.grades[k] = counts
	plan, err := w.plan(k, planAt.AddDate(0, 0, 3))
	if err != nil {
		return err
	}
	w.visitsN[k] = len(plan.Visits)
	for _, v := range plan.Visits {
		f := w.firms[v.EnterpriseID-1]
		why := "audit " + string(f.res.Grade)
		switch {
		case len(f.res.Decision.ForcedBy) > 0:
			why = f.res.Decision.ForcedBy[0]
		case f.res.Decision.Mode == scoring.ModeAlways:
			why = "grade " + string(f.res.Grade)
		case f.followUp:
			why = "follow_up"
		}
		if f.res.Decision.Mode == scoring.ModeAlways {
			w.forced[k]++
		}
		if k >= w.burn {
			w.visitsBy[why]++
		}
		f.followUp = false
		w.inspect(f, k, v.Date)
	}
	return nil
}

// plan builds the month's orders and runs the product's planner. The routine
// order of an audit round targets every firm; the planner keeps it for firms
// the decision visits always and for firms the round drew, and drops it for
// the others (sampled and exempt alike, as the decision asks).
func (w *world) plan(k int, from time.Time) (*planner.Plan, error) {
	to := from.AddDate(0, 1, -1)
	in := planner.Input{From: from, To: to, Seed: w.seed<<16 ^ uint64(k)}
	round := k%w.a.RoundMonths == 0
	picks := map[int64]bool{}
	if round {
		cands := make([]scoring.Candidate, len(w.firms))
		for i, f := range w.firms {
			cands[i] = scoring.Candidate{ID: strconv.FormatInt(f.id, 10), Grade: f.res.Grade}
		}
		for _, id := range scoring.DrawAudit(cands, w.p.AuditRates(), in.Seed).Selected {
			n, _ := strconv.ParseInt(id, 10, 64)
			picks[n] = true
		}
	}
	var all, complaint, follow []int64
	for _, f := range w.firms {
		all = append(all, f.id)
		forced := f.res.Decision.ForcedBy
		switch {
		case slices.Contains(forced, scoring.RuleCitizenReport):
			complaint = append(complaint, f.id)
		case slices.Contains(forced, scoring.RuleVerification) || f.followUp:
			follow = append(follow, f.id)
		}
		pf := planner.Firm{
			ID: f.id, Street: f.grid, Grid: f.grid, Lat: f.lat, Lon: f.lon, HasCoords: true,
			Grade: string(f.res.Grade), Decision: planner.Decision(f.res.Decision.Mode), AuditPick: picks[f.id],
		}
		in.Firms = append(in.Firms, pf)
	}
	items := []string{"一表通查"}
	if round {
		in.Orders = append(in.Orders, planner.Order{ID: orderRoutine, Department: department, Reason: planner.ReasonRoutine, Items: items, From: from, To: to, Targets: all})
	}
	in.Orders = append(in.Orders,
		planner.Order{ID: orderComplaint, Department: department, Reason: planner.ReasonComplaint, Items: items, From: from, To: to, Targets: complaint},
		planner.Order{ID: orderFollowUp, Department: department, Reason: planner.ReasonFollowUp, Items: items, From: from, To: to, Targets: follow})
	// Enough certified inspectors that capacity never decides: the simulator
	// measures the policy, not the staffing.
	for i := range max(8, len(w.firms)/40) {
		in.Inspectors = append(in.Inspectors, planner.Inspector{ID: int64(i + 1), Department: department, Certified: true})
	}
	plan, err := planner.Build(in)
	if err != nil {
		return nil, fmt.Errorf("plan month %d: %w", k, err)
	}
	return plan, nil
}

// prune drops the events expired before at, which no longer count, keeping
// the latest visit: it still ends the triggers that came before it. The
// ledger of the product keeps everything; the simulator only saves memory.
func prune(events []scoring.Event, at time.Time) []scoring.Event {
	last := -1
	for i, e := range events {
		if scoring.IsVisit(e.Kind) && (last < 0 || e.Occurred.After(events[last].Occurred)) {
			last = i
		}
	}
	kept := events[:0]
	for i, e := range events {
		if i == last || e.Expires.After(at) {
			kept = append(kept, e)
		}
	}
	return kept
}
