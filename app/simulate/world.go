package simulate

import (
	"math/rand/v2"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"selfcheck/scoring"
)

// hazard is one violation really present at a firm: hidden truth.
type hazard struct {
	theme    string
	sev      scoring.Severity
	visible  bool
	since    int // absolute month it arose
	reported bool
	// lie is the index in world.lies of the false "compliant" answer that
	// hid it, or -1.
	lie int
}

// lie is a false self-report: hidden truth until a visit finds the hazard.
type lie struct {
	firm   int
	month  int // absolute month
	grade  scoring.Grade
	sev    scoring.Severity
	caught int // absolute month the visit found it, or -1
}

// firm is a simulated firm: its hidden profile and hazards, and what the
// product knows of it (its ledger and latest score).
type firm struct {
	id       int64
	profile  Profile
	typeName string
	themes   []themeRate
	rate     float64 // hidden: monthly chance of a new hazard
	grid     string
	lat, lon float64

	// arrive draws the firm's new hazards from a stream of its own, so that
	// every policy compared on a seed faces the same hazards (common random
	// numbers): a sweep compares policies, not luck.
	arrive   *rand.Rand
	hazards  []*hazard
	events   []scoring.Event
	res      scoring.Result
	followUp bool

	visits      []int // absolute months visited
	liedSerious bool  // denied a 严重 hazard at least once
}

type themeRate struct {
	theme string
	rate  float64
}

// world is the whole district: firms with their truth, and the history the
// report reads.
type world struct {
	p        scoring.Params
	a        Assumptions
	rng      *rand.Rand
	seed     uint64
	firms    []*firm
	lies     []lie
	nextID   int64
	total    int // months simulated, burn-in included
	burn     int
	raw      [][]float64 // [firm][month] raw score
	gradeAt  [][]scoring.Grade
	major    [][]bool // [firm][month] a 较重 or 严重 hazard present
	anyHaz   [][]bool // [firm][month] any hazard present
	serious  [][]bool // [firm][month] a 严重 hazard present
	grades   []map[scoring.Grade]int
	visitsN  []int // visits per month
	forced   []int // visits per month that the decisions forced (always)
	visitsBy map[string]int
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// pickShare draws a key by its share.
func pickShare(r *rand.Rand, keys []string, share func(string) float64) string {
	total := 0.0
	for _, k := range keys {
		total += share(k)
	}
	x := r.Float64() * total
	for _, k := range keys {
		x -= share(k)
		if x < 0 {
			return k
		}
	}
	return keys[len(keys)-1]
}

func newWorld(p scoring.Params, a Assumptions, n, months int, seed uint64) *world {
	w := &world{p: p, a: a, rng: rand.New(rand.NewPCG(seed, 0x73696d)), seed: seed, burn: a.BurnInMonths}
	w.total = a.BurnInMonths + months
	types, inds := sortedKeys(a.Types), sortedKeys(a.Industries)
	for i := range n {
		tn := pickShare(w.rng, types, func(k string) float64 { return a.Types[k].Share })
		in := pickShare(w.rng, inds, func(k string) float64 { return a.Industries[k].Share })
		f := &firm{id: int64(i + 1), profile: a.Types[tn], typeName: tn, grid: gridName(i % 40)}
		f.lat, f.lon = 31.2+w.rng.Float64()*0.1, 121.4+w.rng.Float64()*0.1
		for _, th := range sortedKeys(a.Industries[in].Themes) {
			f.themes = append(f.themes, themeRate{th, a.Industries[in].Themes[th]})
			f.rate += a.Industries[in].Themes[th] * f.profile.Hazard
		}
		f.res = scoring.Summarize(p, nil, a.start)
		f.arrive = rand.New(rand.NewPCG(seed, uint64(f.id)<<1|1))
		w.firms = append(w.firms, f)
		w.raw = append(w.raw, make([]float64, w.total))
		w.gradeAt = append(w.gradeAt, make([]scoring.Grade, w.total))
		w.major = append(w.major, make([]bool, w.total))
		w.anyHaz = append(w.anyHaz, make([]bool, w.total))
		w.anyHaz = append(w.anyHaz, make([]bool, w.total))
		w.serious = append(w.serious, make([]bool, w.total))
	}
	w.grades = make([]map[scoring.Grade]int, w.total)
	w.visitsN = make([]int, w.total)
	w.forced = make([]int, w.total)
	w.visitsBy = map[string]int{}
	return w
}

func gridName(i int) string { return "G" + string(rune('A'+i/26)) + string(rune('A'+i%26)) }

func (w *world) month(k int) time.Time { return w.a.start.AddDate(0, k, 0) }

// record appends an event priced by the product's own rule.
func (w *world) record(f *firm, k scoring.Kind, s scoring.Severity, at time.Time) {
	pts, exp, rule, err := w.p.Points(k, s, at)
	if err != nil {
		panic(err) // the parameters were validated: every kind has a rule
	}
	w.nextID++
	f.events = append(f.events, scoring.Event{ID: w.nextID, Kind: k, Severity: s, Points: pts, Occurred: at, Expires: exp, Rule: rule})
}

func (w *world) recordFalse(f *firm, g scoring.Grade, s scoring.Severity, at time.Time) {
	pts, exp, rule, err := w.p.FalseReportPoints(g, s, at)
	if err != nil {
		panic(err)
	}
	w.nextID++
	f.events = append(f.events, scoring.Event{ID: w.nextID, Kind: scoring.KindFalseReport, Severity: s, Points: pts, Occurred: at, Expires: exp, Rule: rule})
}

func (w *world) severity(r *rand.Rand) scoring.Severity {
	keys := []string{string(scoring.SeverityGeneral), string(scoring.SeverityMajor), string(scoring.SeveritySerious)}
	return scoring.Severity(pickShare(r, keys, func(k string) float64 { return w.a.Severity[k] }))
}

// evolve lets hazards be fixed unprompted and new ones arise.
func (w *world) evolve(f *firm, k int) {
	kept := f.hazards[:0]
	for _, h := range f.hazards {
		if w.rng.Float64() < f.profile.Fix {
			w.closeLie(h)
			continue
		}
		kept = append(kept, h)
	}
	f.hazards = kept
	for _, t := range f.themes {
		// Three draws per theme and month whatever happens, to keep the
		// stream aligned across policies.
		x, sev, vis := f.arrive.Float64(), w.severity(f.arrive), f.arrive.Float64()
		if x < t.rate*f.profile.Hazard {
			f.hazards = append(f.hazards, &hazard{theme: t.theme, sev: sev, visible: vis < w.a.Visible, since: k, lie: -1})
		}
	}
}

// closeLie ends a lie's chance of being caught when its hazard is gone.
func (w *world) closeLie(h *hazard) { h.lie = -1 }

// campaign: the firm answers the self-check, truthfully or not.
func (w *world) campaign(f *firm, k int) {
	at := w.month(k)
	switch x := w.rng.Float64(); {
	case x < f.profile.Diligence:
		w.record(f, scoring.KindSelfCheckOnTime, "", at)
	case w.rng.Float64() < w.a.LateShare:
		at = at.AddDate(0, 0, 20)
		w.record(f, scoring.KindSelfCheckLate, "", at)
	default:
		w.record(f, scoring.KindSelfCheckMissed, "", at.AddDate(0, 0, 20))
		return
	}
	kept := f.hazards[:0]
	for _, h := range f.hazards {
		if h.reported || h.lie >= 0 {
			kept = append(kept, h)
			continue
		}
		if w.rng.Float64() < f.profile.Honesty {
			w.record(f, scoring.KindFindingSelfReported, h.sev, at)
			h.reported = true
			if w.rng.Float64() < f.profile.Rectify {
				w.record(f, scoring.KindRectifiedOnTime, h.sev, at.AddDate(0, 0, 10))
				continue // fixed
			}
		} else {
			h.lie = len(w.lies)
			f.liedSerious = f.liedSerious || h.sev == scoring.SeveritySerious
			w.lies = append(w.lies, lie{firm: int(f.id - 1), month: k, grade: f.res.Grade, sev: h.sev, caught: -1})
		}
		kept = append(kept, h)
	}
	f.hazards = kept
}

// complaints: citizens report visible hazards; a verified report is an
// event that asks for a visit.
func (w *world) complaints(f *firm, k int) {
	for _, h := range f.hazards {
		if h.visible && w.rng.Float64() < w.a.Complaint {
			w.record(f, scoring.KindCitizenReport, h.sev, w.month(k).AddDate(0, 0, 5))
		}
	}
}

// inspect is one visit: the inspector finds each hazard present with the
// detection probability; found hazards are rectified or not.
func (w *world) inspect(f *firm, k int, day time.Time) {
	f.visits = append(f.visits, k)
	found := false
	kept := f.hazards[:0]
	for _, h := range f.hazards {
		if w.rng.Float64() >= w.a.Detection {
			kept = append(kept, h)
			continue
		}
		found = true
		w.record(f, scoring.KindFindingOnsite, h.sev, day)
		if h.lie >= 0 && w.lies[h.lie].caught < 0 {
			l := &w.lies[h.lie]
			l.caught = k
			w.recordFalse(f, l.grade, h.sev, day)
			h.lie = -1
		}
		switch x := w.rng.Float64(); {
		case x < f.profile.Rectify:
			w.record(f, scoring.KindRectifiedOnTime, h.sev, day.AddDate(0, 0, 15))
		case x < (1+f.profile.Rectify)/2:
			w.record(f, scoring.KindRectifiedLate, h.sev, day.AddDate(0, 0, 40))
		default:
			w.record(f, scoring.KindNotRectified, h.sev, day.AddDate(0, 0, 30))
			h.reported = true
			f.followUp = true
			kept = append(kept, h)
		}
	}
	f.hazards = kept
	if !found {
		w.record(f, scoring.KindCleanAudit, "", day)
	}
}

func decimalOf(x float64) decimal.Decimal { return decimal.NewFromFloat(x) }
