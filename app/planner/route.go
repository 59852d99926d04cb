package planner

import (
	"cmp"
	"math"
	"slices"
)

// order puts a route's visits in a short visiting order and returns it with
// its length in km. The heuristic (RouteMethod) treats the route as an open
// path: nearest neighbour from every stop in turn, keeping the shortest,
// then 2-opt until no reversal shortens it. Visits without coordinates
// follow in firm id order. Routes hold a handful of stops, so this is exact
// enough and cheap.
func (b *builder) order(take []int) ([]int, float64) {
	var geo, rest []int
	for _, i := range take {
		if f := b.firms[b.p.Visits[i].EnterpriseID]; f != nil && f.HasCoords {
			geo = append(geo, i)
		} else {
			rest = append(rest, i)
		}
	}
	slices.SortFunc(geo, func(x, y int) int { return cmp.Compare(b.p.Visits[x].EnterpriseID, b.p.Visits[y].EnterpriseID) })
	slices.SortFunc(rest, func(x, y int) int { return cmp.Compare(b.p.Visits[x].EnterpriseID, b.p.Visits[y].EnterpriseID) })
	pts := make([][2]float64, len(geo))
	for j, i := range geo {
		f := b.firms[b.p.Visits[i].EnterpriseID]
		pts[j] = [2]float64{f.Lat, f.Lon}
	}
	path := shortPath(pts)
	out := make([]int, 0, len(take))
	for _, j := range path {
		out = append(out, geo[j])
	}
	return append(out, rest...), pathKM(pts, path)
}

// shortPath returns an order of pts: the best nearest-neighbour path over all
// starts, improved by 2-opt.
func shortPath(pts [][2]float64) []int {
	n := len(pts)
	if n == 0 {
		return nil
	}
	var best []int
	bestKM := math.Inf(1)
	for s := range n {
		p := nearestNeighbour(pts, s)
		if km := pathKM(pts, p); km < bestKM-1e-9 {
			best, bestKM = p, km
		}
	}
	return twoOpt(pts, best)
}

func nearestNeighbour(pts [][2]float64, start int) []int {
	n := len(pts)
	seen := make([]bool, n)
	p := []int{start}
	seen[start] = true
	for len(p) < n {
		cur, next, nd := p[len(p)-1], -1, math.Inf(1)
		for j := range n {
			if !seen[j] {
				if d := km(pts[cur], pts[j]); d < nd-1e-12 {
					next, nd = j, d
				}
			}
		}
		seen[next] = true
		p = append(p, next)
	}
	return p
}

// twoOpt reverses segments of the open path p while that shortens it.
func twoOpt(pts [][2]float64, p []int) []int {
	for improved := true; improved; {
		improved = false
		cur := pathKM(pts, p)
		for i := 0; i < len(p)-1; i++ {
			for j := i + 1; j < len(p); j++ {
				slices.Reverse(p[i : j+1])
				if km := pathKM(pts, p); km < cur-1e-9 {
					cur, improved = km, true
				} else {
					slices.Reverse(p[i : j+1])
				}
			}
		}
	}
	return p
}

func pathKM(pts [][2]float64, p []int) float64 {
	var s float64
	for i := 1; i < len(p); i++ {
		s += km(pts[p[i-1]], pts[p[i]])
	}
	return s
}

// km is the equirectangular distance between two (lat, lon) points, precise
// to well under a percent across a district.
func km(a, b [2]float64) float64 {
	const r = 6371.0
	lat := (a[0] + b[0]) / 2 * math.Pi / 180
	x := (b[1] - a[1]) * math.Pi / 180 * math.Cos(lat)
	y := (b[0] - a[0]) * math.Pi / 180
	return r * math.Hypot(x, y)
}
