package scoring

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func population(counts map[Grade]int) []Candidate {
	var pop []Candidate
	for _, g := range Grades() {
		for i := range counts[g] {
			pop = append(pop, Candidate{ID: fmt.Sprintf("%s%05d", g, i), Grade: g})
		}
	}
	return pop
}

func TestDrawAuditSizes(t *testing.T) {
	rates := fixtureParams().AuditRates()
	tests := []struct {
		name   string
		counts map[Grade]int
		want   map[Grade]int
	}{
		{"Round", map[Grade]int{GradeA: 1000, GradeB: 333, GradeC: 17, GradeD: 4},
			map[Grade]int{GradeA: 30, GradeB: 33, GradeC: 7, GradeD: 4}},
		{"HalfUp", map[Grade]int{GradeA: 50, GradeB: 5, GradeC: 10, GradeD: 0}, // 1.5, 0.5, 4
			map[Grade]int{GradeA: 2, GradeB: 1, GradeC: 4, GradeD: 0}},
		{"Empty", map[Grade]int{}, map[Grade]int{GradeA: 0, GradeB: 0, GradeC: 0, GradeD: 0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := DrawAudit(population(tc.counts), rates, 7)
			got := map[Grade]int{}
			total := 0
			for _, g := range d.Groups {
				got[g.Grade] = len(g.Selected)
				if g.Size != len(g.Selected) || g.Count != tc.counts[g.Grade] {
					t.Errorf("group %s: size %d, selected %d, count %d", g.Grade, g.Size, len(g.Selected), g.Count)
				}
				for _, id := range g.Selected {
					if id[:1] != string(g.Grade) {
						t.Errorf("group %s selected %s of another grade", g.Grade, id)
					}
				}
				total += len(g.Selected)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("DrawAudit sizes mismatch (-want +got):\n%s", diff)
			}
			if len(d.Selected) != total || !slices.IsSorted(d.Selected) || len(slices.Compact(slices.Clone(d.Selected))) != total {
				t.Errorf("DrawAudit().Selected = %d sorted distinct ids? want %d", len(d.Selected), total)
			}
		})
	}
}

func TestDrawAuditReproducible(t *testing.T) {
	rates := fixtureParams().AuditRates()
	pop := population(map[Grade]int{GradeA: 500, GradeB: 400, GradeC: 100, GradeD: 10})
	want := DrawAudit(pop, rates, 20260601)
	if want.Seed != 20260601 || want.Method != AuditMethod {
		t.Errorf("DrawAudit() records seed %d, method %q", want.Seed, want.Method)
	}
	reversed := slices.Clone(pop)
	slices.Reverse(reversed)
	if diff := cmp.Diff(want, DrawAudit(reversed, rates, 20260601)); diff != "" {
		t.Errorf("DrawAudit depends on input order (-want +got):\n%s", diff)
	}
	other := DrawAudit(pop, rates, 20260602)
	if cmp.Equal(want.Selected, other.Selected) {
		t.Errorf("DrawAudit with seeds 20260601 and 20260602 selected the same firms")
	}
	// Pinned: a change of algorithm must be deliberate (and change AuditMethod).
	if got, want := want.Groups[0].Selected[:3], []string{"A00035", "A00079", "A00096"}; !cmp.Equal(got, want) {
		t.Errorf("DrawAudit(seed 20260601) grade A starts %v, want %v", got, want)
	}
}

func TestDrawAuditFloorForA(t *testing.T) {
	p := DefaultParams()
	p.Audit.A = dec("0.001") // below the floor: AuditRates raises it
	d := DrawAudit(population(map[Grade]int{GradeA: 1000}), p.AuditRates(), 1)
	if got := d.Groups[0]; got.Grade != GradeA || got.Size != 30 || !got.Rate.Equal(dec("0.03")) {
		t.Errorf("DrawAudit(A at floor) = %+v, want 30 of 1000 at 0.03", got)
	}
}

func TestDrawAuditOddInput(t *testing.T) {
	pop := []Candidate{{"x1", GradeB}, {"x1", GradeB}, {"y", "Z"}, {"z", GradeB}}
	d := DrawAudit(pop, map[Grade]decimal.Decimal{GradeB: dec("1"), "Z": dec("2")}, 3)
	if diff := cmp.Diff([]string{"x1", "y", "z"}, d.Selected); diff != "" {
		t.Errorf("DrawAudit().Selected mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"x1"}, d.Duplicates); diff != "" {
		t.Errorf("DrawAudit().Duplicates mismatch (-want +got):\n%s", diff)
	}
	if g := d.Groups[len(d.Groups)-1]; g.Grade != "Z" || !g.Rate.Equal(dec("1")) {
		t.Errorf("last group = %+v, want grade Z at rate 1", g)
	}
}

func TestDrawInspectors(t *testing.T) {
	roster := []string{"王一", "李二", "张三", "赵四", "钱五", "孙六"}
	got, err := DrawInspectors(roster, 2, 99)
	if err != nil {
		t.Fatalf("DrawInspectors() error: %v", err)
	}
	if len(got) != 2 || got[0] == got[1] || !slices.Contains(roster, got[0]) || !slices.Contains(roster, got[1]) {
		t.Errorf("DrawInspectors() = %v, want 2 distinct names from the roster", got)
	}
	shuffled := slices.Clone(roster)
	slices.Reverse(shuffled)
	again, _ := DrawInspectors(shuffled, 2, 99)
	if !cmp.Equal(got, again) {
		t.Errorf("DrawInspectors() = %v, then %v for the same seed", got, again)
	}
	differ := false
	for seed := uint64(100); seed < 110; seed++ {
		other, _ := DrawInspectors(roster, 2, seed)
		differ = differ || !cmp.Equal(got, other)
	}
	if !differ {
		t.Errorf("DrawInspectors() gives %v for 11 different seeds", got)
	}
	all, _ := DrawInspectors(roster, 6, 1)
	slices.Sort(all)
	want := slices.Sorted(slices.Values(roster))
	if !cmp.Equal(all, want) {
		t.Errorf("DrawInspectors(all) = %v, want %v", all, want)
	}
}

func TestDrawInspectorsErrors(t *testing.T) {
	tests := []struct {
		name   string
		roster []string
		n      int
	}{
		{"ErrRosterTooSmall", []string{"a", "b"}, 3},
		{"ErrNegative", []string{"a"}, -1},
		{"ErrDuplicate", []string{"a", "b", "a"}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := DrawInspectors(tc.roster, tc.n, 1); err == nil {
				t.Errorf("DrawInspectors(%v, %d) = nil error, want one", tc.roster, tc.n)
			}
		})
	}
	if _, err := DrawInspectors([]string{"a"}, 2, 1); !errors.Is(err, ErrRosterTooSmall) {
		t.Errorf("DrawInspectors(short) error = %v, want ErrRosterTooSmall", err)
	}
}

// TestDrawUniform is a coarse check that the sampler favours no position:
// each of 10 firms is drawn about 1/10 of the time over 20,000 seeds.
func TestDrawUniform(t *testing.T) {
	pop := population(map[Grade]int{GradeB: 10})
	counts := map[string]int{}
	for seed := range uint64(20000) {
		for _, id := range DrawAudit(pop, map[Grade]decimal.Decimal{GradeB: dec("0.1")}, seed).Selected {
			counts[id]++
		}
	}
	for id, n := range counts {
		if n < 1800 || n > 2200 {
			t.Errorf("firm %s drawn %d times in 20000, want about 2000", id, n)
		}
	}
}
