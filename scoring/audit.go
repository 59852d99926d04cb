package scoring

import (
	"cmp"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/shopspring/decimal"
)

// AuditMethod names the sampling procedure recorded with every draw, so that a
// published draw can be replayed: candidates sorted by id and grouped by grade
// (A, B, C, D, then any other grade in name order); per group a partial
// Fisher–Yates shuffle driven by one math/rand/v2 PCG generator seeded with
// (seed, auditStream), using unbiased rejection sampling on its Uint64 output.
// PCG is a specified algorithm, so the same seed yields the same draw on any
// platform and Go version.
const AuditMethod = "pcg-dxsm/fisher-yates/v1"

// Streams keep the audit and inspector draws independent for the same seed.
const (
	auditStream     = 0x73656c6663686b31 // "selfchk1"
	inspectorStream = 0x73656c6663686b32 // "selfchk2"
)

// Candidate is a firm that may be drawn for a random audit, with its grade.
type Candidate struct {
	ID    string
	Grade Grade
}

// AuditDraw is the published record of one random-audit round (一公开).
type AuditDraw struct {
	Seed   uint64
	Method string
	// Groups has one entry per grade, A to D, then any other grade present.
	Groups []AuditGroup
	// Selected is every selected id, in id order.
	Selected []string
	// Duplicates lists ids that appeared more than once; only their first
	// occurrence in (id, grade) order took part.
	Duplicates []string
}

// AuditGroup is the draw within one grade.
type AuditGroup struct {
	Grade Grade
	Rate  decimal.Decimal // the rate used, clamped to [0, 1]
	Count int             // firms in the grade
	Size  int             // round(Rate × Count), half up
	// Selected are the drawn ids, in id order.
	Selected []string
}

// DrawAudit draws an exact-size random sample per grade: round(rate × count)
// firms, rounding half up, where a grade missing from rates has rate 0. Pass
// Params.AuditRates to apply the floor. The result depends only on the set of
// candidates and the seed, not on their order.
func DrawAudit(pop []Candidate, rates map[Grade]decimal.Decimal, seed uint64) AuditDraw {
	sorted := slices.Clone(pop)
	slices.SortFunc(sorted, func(a, b Candidate) int { return cmp.Or(cmp.Compare(a.ID, b.ID), cmp.Compare(a.Grade, b.Grade)) })
	draw := AuditDraw{Seed: seed, Method: AuditMethod, Selected: []string{}}
	byGrade := map[Grade][]string{}
	for i, c := range sorted {
		if i > 0 && sorted[i-1].ID == c.ID {
			if len(draw.Duplicates) == 0 || draw.Duplicates[len(draw.Duplicates)-1] != c.ID {
				draw.Duplicates = append(draw.Duplicates, c.ID)
			}
			continue
		}
		byGrade[c.Grade] = append(byGrade[c.Grade], c.ID)
	}
	grades := Grades()
	var others []Grade
	for g := range byGrade {
		if !g.Valid() {
			others = append(others, g)
		}
	}
	slices.Sort(others)
	grades = append(grades, others...)

	rng := rand.NewPCG(seed, auditStream)
	one := decimal.NewFromInt(1)
	for _, g := range grades {
		ids := byGrade[g]
		rate := decimal.Min(decimal.Max(rates[g], decimal.Zero), one)
		size := int(rate.Mul(decimal.NewFromInt(int64(len(ids)))).Round(0).IntPart())
		sel := pick(rng, ids, size)
		slices.Sort(sel)
		draw.Groups = append(draw.Groups, AuditGroup{Grade: g, Rate: rate, Count: len(ids), Size: size, Selected: sel})
		draw.Selected = append(draw.Selected, sel...)
	}
	slices.Sort(draw.Selected)
	return draw
}

// DrawInspectors draws n distinct inspectors from a department's roster (双随机),
// reproducibly from seed and independently of the roster's order. The result
// is in draw order (the first drawn may lead the visit). It fails when the
// roster has duplicates or fewer than n names.
func DrawInspectors(roster []string, n int, seed uint64) ([]string, error) {
	sorted := slices.Clone(roster)
	slices.Sort(sorted)
	if i := duplicateAt(sorted); i >= 0 {
		return nil, fmt.Errorf("draw inspectors: %q is on the roster twice", sorted[i])
	}
	if n < 0 || n > len(sorted) {
		return nil, fmt.Errorf("draw %d inspectors from a roster of %d: %w", n, len(sorted), ErrRosterTooSmall)
	}
	return pick(rand.NewPCG(seed, inspectorStream), sorted, n), nil
}

// ErrRosterTooSmall is returned by DrawInspectors when the roster cannot
// supply the inspectors asked for.
var ErrRosterTooSmall = errors.New("roster too small")

func duplicateAt(sorted []string) int {
	for i := 1; i < len(sorted); i++ {
		if sorted[i] == sorted[i-1] {
			return i
		}
	}
	return -1
}

// pick returns n of ids chosen uniformly at random, in draw order, by a
// partial Fisher–Yates shuffle of a copy.
func pick(rng *rand.PCG, ids []string, n int) []string {
	a := slices.Clone(ids)
	for i := 0; i < n; i++ {
		j := i + below(rng, len(a)-i)
		a[i], a[j] = a[j], a[i]
	}
	return a[:n:n]
}

// below returns a uniform integer in [0, n) from rng's raw 64-bit output by
// rejection, so that the draw depends only on the PCG sequence and not on
// math/rand's bounded-integer helpers.
func below(rng *rand.PCG, n int) int {
	bound := uint64(n)
	threshold := -bound % bound // 2^64 mod bound
	for {
		if x := rng.Uint64(); x >= threshold {
			return int(x % bound)
		}
	}
}
