package planner

import (
	"cmp"
	"encoding/binary"
	"hash/fnv"
	"slices"
	"strconv"
	"time"

	"selfcheck/scoring"
)

// schedule gives every visit a day, a route and a team. Days are taken in
// order; on each working day each grid's due visits form routes of at most
// RouteSize visits, earliest window end first (EDF), while certified
// inspectors of the route's departments are free. The grid order rotates
// from day to day so that no grid always gets the inspectors first. A visit
// whose window ends unscheduled is skipped (no capacity).
func (b *builder) schedule() {
	pending := map[string][]int{}
	for i := range b.p.Visits {
		g := gridKey(&b.p.Visits[i])
		pending[g] = append(pending[g], i)
	}
	grids := make([]string, 0, len(pending))
	for g, vs := range pending {
		grids = append(grids, g)
		slices.SortFunc(vs, func(x, y int) int {
			a, c := &b.p.Visits[x], &b.p.Visits[y]
			return cmp.Or(a.To.Compare(c.To), a.From.Compare(c.From), cmp.Compare(a.EnterpriseID, c.EnterpriseID))
		})
	}
	slices.Sort(grids)
	rosters := b.rosters()
	n := 0
	for d := b.in.From; !d.After(b.in.To); d = d.AddDate(0, 0, 1) {
		if !b.in.Workday(d) {
			continue
		}
		busy := map[int64]bool{}
		for gi := range grids {
			g := grids[(gi+n)%len(grids)]
			pending[g] = b.expire(pending[g], d)
			for k := 0; ; k++ {
				take := due(b.p.Visits, pending[g], d, b.in.RouteSize)
				if len(take) == 0 || !b.route(d, g, k, take, rosters, busy) {
					break
				}
				pending[g] = slices.DeleteFunc(pending[g], func(i int) bool { return slices.Contains(take, i) })
			}
		}
		n++
	}
	for _, g := range grids {
		b.expire(pending[g], b.in.To.AddDate(0, 0, 1))
	}
	b.dropUnscheduled()
}

// gridKey groups visits for routing: the grid, else the street.
func gridKey(v *Visit) string {
	if v.Grid != "" {
		return v.Grid
	}
	return v.Street
}

// due returns up to n pending visits whose window is open on d, in EDF order.
func due(visits []Visit, pending []int, d time.Time, n int) []int {
	var out []int
	for _, i := range pending {
		if !visits[i].From.After(d) {
			out = append(out, i)
			if len(out) == n {
				break
			}
		}
	}
	return out
}

// expire marks pending visits whose window ended before d as unscheduled and
// returns the rest.
func (b *builder) expire(pending []int, d time.Time) []int {
	return slices.DeleteFunc(pending, func(i int) bool {
		if b.p.Visits[i].To.Before(d) {
			b.p.Visits[i].Route = -1
			return true
		}
		return false
	})
}

// rosters returns the certified inspectors per department, ascending id.
func (b *builder) rosters() map[string][]*Inspector {
	out := map[string][]*Inspector{}
	for i := range b.in.Inspectors {
		if in := &b.in.Inspectors[i]; in.Certified {
			out[in.Department] = append(out[in.Department], in)
		}
	}
	for _, r := range out {
		slices.SortFunc(r, func(x, y *Inspector) int { return cmp.Compare(x.ID, y.ID) })
	}
	return out
}

// route tries to form the k-th route of grid g on day d from visits take. Its
// team is TeamSize inspectors drawn at random (双随机) from the pooled roster
// of the route's departments (one from each department first when the route
// serves several, so that each checks its own items), certified with the certificate in force, not
// away, covering the route's street and free that day, with
// scoring.DrawInspectors and the route's seed, so anyone can replay the draw
// from the recorded seed and roster. It fails when too few are free.
func (b *builder) route(d time.Time, g string, k int, take []int, rosters map[string][]*Inspector, busy map[int64]bool) bool {
	street := b.p.Visits[take[0]].Street
	var depts []string
	for _, i := range take {
		for _, dp := range b.p.Visits[i].Departments {
			if !slices.Contains(depts, dp) {
				depts = append(depts, dp)
			}
		}
	}
	slices.Sort(depts)
	var pool []int64
	byDept := map[string][]int64{}
	for _, dp := range depts {
		for _, p := range rosters[dp] {
			if !busy[p.ID] && p.available(d, street) {
				pool = append(pool, p.ID)
				byDept[dp] = append(byDept[dp], p.ID)
			}
		}
	}
	slices.Sort(pool)
	pool = slices.Compact(pool)
	if len(pool) < b.in.TeamSize {
		return false
	}
	seed := routeSeed(b.in.Seed, d, g, k)
	var team []int64
	if len(depts) > 1 {
		// A joint visit (联合检查): each department's own officer checks its
		// items, so one is drawn from each department in name order, with
		// the route's seed offset by the department's position.
		for j, dp := range depts {
			if len(team) == b.in.TeamSize {
				break
			}
			cand := slices.DeleteFunc(slices.Clone(byDept[dp]), func(id int64) bool { return slices.Contains(team, id) })
			if got := draw(cand, 1, seed+uint64(j)+1); len(got) == 1 {
				team = append(team, got[0])
			}
		}
	}
	rest := slices.DeleteFunc(slices.Clone(pool), func(id int64) bool { return slices.Contains(team, id) })
	team = append(team, draw(rest, b.in.TeamSize-len(team), seed)...)
	if len(team) < b.in.TeamSize {
		return false
	}
	for _, id := range team {
		busy[id] = true
	}
	r := len(b.p.Routes)
	order, km := b.order(take)
	for seq, i := range order {
		v := &b.p.Visits[i]
		v.Date, v.Route, v.Seq, v.Inspectors = d, r, seq+1, team
	}
	b.p.Routes = append(b.p.Routes, Route{Date: d, Grid: g, Seed: seed, Roster: pool, Inspectors: team, Visits: order, KM: km})
	return true
}

// draw draws n of ids with scoring.DrawInspectors, nil when it cannot.
func draw(ids []int64, n int, seed uint64) []int64 {
	if n <= 0 {
		return nil
	}
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = strconv.FormatInt(id, 10)
	}
	drawn, err := scoring.DrawInspectors(names, n, seed)
	if err != nil {
		return nil
	}
	out := make([]int64, len(drawn))
	for i, s := range drawn {
		out[i], _ = strconv.ParseInt(s, 10, 64)
	}
	return out
}

// routeSeed derives a route's seed from the plan's seed, the day, the grid and
// the route's number in that grid that day (FNV-1a 64 of the four).
func routeSeed(seed uint64, d time.Time, grid string, k int) uint64 {
	h := fnv.New64a()
	var buf [8]byte
	binary.LittleEndian.PutUint64(buf[:], seed)
	h.Write(buf[:])
	h.Write([]byte(day(d) + "|" + grid + "|" + strconv.Itoa(k)))
	return h.Sum64() >> 1 // fits a signed BIGINT
}

// dropUnscheduled turns visits left without a route into no-capacity skips
// and removes them, renumbering the routes' references.
func (b *builder) dropUnscheduled() {
	remap := make([]int, len(b.p.Visits))
	var kept []Visit
	for i, v := range b.p.Visits {
		if v.Route < 0 || v.Date.IsZero() {
			remap[i] = -1
			f := b.firms[v.EnterpriseID]
			for _, oid := range v.Orders {
				o := b.orderByID(oid)
				b.skip(pair{firm: v.EnterpriseID, order: o, lo: v.From, hi: v.To}, f, SkipNoCapacity)
			}
			continue
		}
		remap[i] = len(kept)
		kept = append(kept, v)
	}
	b.p.Visits = kept
	for r := range b.p.Routes {
		for j, i := range b.p.Routes[r].Visits {
			b.p.Routes[r].Visits[j] = remap[i]
		}
	}
	// Items of a dropped visit are not saved by merging: the visit is gone.
	b.p.Avoided = slices.DeleteFunc(b.p.Avoided, func(a Avoided) bool { return a.Visit >= 0 && remap[a.Visit] < 0 })
	for i := range b.p.Avoided {
		if a := &b.p.Avoided[i]; a.Visit >= 0 {
			a.Visit = remap[a.Visit]
		}
	}
}

func (b *builder) orderByID(id int64) int32 {
	if b.orderIdx == nil {
		b.orderIdx = make(map[int64]int32, len(b.orders))
		for i, o := range b.orders {
			b.orderIdx[o.ID] = int32(i)
		}
	}
	return b.orderIdx[id]
}
