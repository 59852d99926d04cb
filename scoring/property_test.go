package scoring

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// propertyCases is how many random event sets each property test checks.
const propertyCases = 1500

// The property tests draw their cases from a seeded local generator, so a
// failure names a case that replays exactly.
func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x5eed)) }

var propertyAt = date(2026, 6, 1)

func TestPropertyLinesSum(t *testing.T) {
	p := DefaultParams()
	r := newRand(1)
	clamped := 0
	for i := range propertyCases {
		events := randomEvents(t, r, p, r.IntN(30), propertyAt)
		res := Score(p, events, propertyAt)
		raw, shown := sums(res.Lines)
		if !raw.Equal(res.Raw) || !shown.Equal(res.Shown) {
			t.Fatalf("case %d: lines sum to raw %v / shown %v, want %v / %v", i, raw, shown, res.Raw, res.Shown)
		}
		if want := p.Base.Add(sumPoints(events, propertyAt)).Add(habitPoints(res.Lines)); !res.Raw.Equal(want) {
			t.Fatalf("case %d: Score().Raw = %v, want %v", i, res.Raw, want)
		}
		if want := decimal.Min(decimal.Max(res.Raw, p.Min), p.Max); !res.Shown.Equal(want) {
			t.Fatalf("case %d: Score().Shown = %v, want %v", i, res.Shown, want)
		}
		hasClamp := res.Lines[len(res.Lines)-1].Type == LineClamp
		if hasClamp != !res.Raw.Equal(res.Shown) {
			t.Fatalf("case %d: clamp line present = %v with raw %v, shown %v", i, hasClamp, res.Raw, res.Shown)
		}
		if hasClamp {
			clamped++
		}
		if res.Grade.Worse(GradeD) || res.ScoreGrade.Worse(res.Grade) {
			t.Fatalf("case %d: grade %v from score grade %v", i, res.Grade, res.ScoreGrade)
		}
	}
	if clamped == 0 {
		t.Errorf("no random case was clamped; the generator no longer covers clamping")
	}
}

func TestPropertyViolationNeverRaises(t *testing.T) {
	p := DefaultParams()
	r := newRand(2)
	for i := range propertyCases {
		events := randomEvents(t, r, p, r.IntN(25), propertyAt)
		before := Score(p, events, propertyAt)
		var v Event
		for {
			v = randomEvent(t, r, p, 1000, propertyAt)
			if v.Points.IsNegative() {
				break
			}
		}
		after := Score(p, append(slices.Clone(events), v), propertyAt)
		if after.Raw.GreaterThan(before.Raw) || after.Shown.GreaterThan(before.Shown) || before.Grade.Worse(after.Grade) {
			t.Fatalf("case %d: adding %s %s (%v) raised the score: %v %v %v -> %v %v %v", i, v.Kind, v.Severity, v.Points,
				before.Raw, before.Shown, before.Grade, after.Raw, after.Shown, after.Grade)
		}
		if after.Decision.Rate.LessThan(before.Decision.Rate) {
			t.Fatalf("case %d: adding a violation lowered the visit rate %v -> %v", i, before.Decision.Rate, after.Decision.Rate)
		}
	}
}

func TestPropertyExpiredNoLongerCounts(t *testing.T) {
	p := DefaultParams()
	r := newRand(3)
	for i := range propertyCases {
		events := randomEvents(t, r, p, 1+r.IntN(25), propertyAt)
		e := events[r.IntN(len(events))]
		at := e.Expires
		res := Score(p, events, at)
		for _, l := range res.Lines {
			if l.Type == LineEvent && l.EventID == e.ID {
				t.Fatalf("case %d: event %d expiring %v still counts at its expiry", i, e.ID, e.Expires)
			}
		}
		before := Score(p, events, at.Add(-time.Nanosecond))
		found := false
		for _, l := range before.Lines {
			found = found || l.EventID == e.ID
		}
		if !found {
			t.Fatalf("case %d: event %d not counted just before its expiry", i, e.ID)
		}
		if !res.NextExpiry.IsZero() && !res.NextExpiry.After(at) {
			t.Fatalf("case %d: NextExpiry %v not after %v", i, res.NextExpiry, at)
		}
	}
}

func TestPropertyDeterministic(t *testing.T) {
	p := DefaultParams()
	r := newRand(4)
	for i := range propertyCases {
		events := randomEvents(t, r, p, r.IntN(25), propertyAt)
		want := Score(p, events, propertyAt)
		shuffled := slices.Clone(events)
		r.Shuffle(len(shuffled), func(a, b int) { shuffled[a], shuffled[b] = shuffled[b], shuffled[a] })
		got := Score(p, shuffled, propertyAt)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("case %d: Score depends on event order (-want +got):\n%s", i, diff)
		}
		if diff := cmp.Diff(want, Score(p, events, propertyAt)); diff != "" {
			t.Fatalf("case %d: Score is not deterministic (-want +got):\n%s", i, diff)
		}
	}
}

// TestPropertyDebt checks that a raw score below the minimum shows the
// minimum, and that gains only show once the debt is paid.
func TestPropertyDebt(t *testing.T) {
	p := DefaultParams()
	r := newRand(5)
	for i := range propertyCases {
		debt := decimal.New(int64(1+r.IntN(100000)), -2)
		gain := decimal.New(int64(1+r.IntN(100000)), -2)
		events := []Event{
			{ID: 1, Kind: KindPenalty, Severity: SeveritySerious, Points: p.Base.Add(debt).Neg(), Occurred: date(2026, 1, 1), Expires: date(2029, 1, 1)},
			{ID: 2, Kind: KindCreditRepair, Points: gain, Occurred: date(2026, 2, 1), Expires: date(2027, 2, 1)},
		}
		res := Score(p, events, propertyAt)
		want := decimal.Max(gain.Sub(debt), decimal.Zero)
		if !res.Shown.Equal(want) || !res.Raw.Equal(gain.Sub(debt)) {
			t.Fatalf("case %d: debt %v, gain %v: Score() = raw %v shown %v, want shown %v", i, debt, gain, res.Raw, res.Shown, want)
		}
	}
}

// TestPropertySummarizeAgrees checks that Summarize is exactly Score without
// the explanation, so that bulk recomputes store what Score would.
func TestPropertySummarizeAgrees(t *testing.T) {
	p := DefaultParams()
	r := newRand(5)
	for i := range propertyCases {
		events := randomEvents(t, r, p, r.IntN(25), propertyAt)
		want := Score(p, events, propertyAt)
		want.Lines, want.Reasons, want.Raise = nil, nil, nil
		if diff := cmp.Diff(want, Summarize(p, events, propertyAt)); diff != "" {
			t.Fatalf("case %d: Summarize differs from Score (-want +got):\n%s", i, diff)
		}
	}
}

// habitPoints returns the points of the self-check habit line, if any.
func habitPoints(lines []Line) decimal.Decimal {
	for _, l := range lines {
		if l.Type == LineHabit {
			return l.Points
		}
	}
	return decimal.Zero
}

// TestPropertyRaiseNeverLowers: every expiry offered under 如何提升等级
// leaves the firm with at least its current shown score.
func TestPropertyRaiseNeverLowers(t *testing.T) {
	p := DefaultParams()
	r := newRand(7)
	expected := regexp.MustCompile(`到期；届时预计(-?[0-9.]+)分`)
	offered := 0
	for i := range propertyCases {
		events := randomEvents(t, r, p, r.IntN(30), propertyAt)
		res := Score(p, events, propertyAt)
		for _, s := range res.Raise {
			m := expected.FindStringSubmatch(s)
			if m == nil {
				continue
			}
			offered++
			if then := decimal.RequireFromString(m[1]); then.LessThan(res.Shown) {
				t.Fatalf("case %d: %q offers %v below the shown %v", i, s, then, res.Shown)
			}
		}
	}
	if offered == 0 {
		t.Errorf("no random case offered an expiry; the generator no longer covers Raise")
	}
}

// TestPropertyVisitEndsTriggers: a visit recorded after every event ends
// the citizen-report and verification triggers; the hard rules stay.
func TestPropertyVisitEndsTriggers(t *testing.T) {
	p := DefaultParams()
	r := newRand(8)
	for i := range propertyCases {
		events := randomEvents(t, r, p, r.IntN(30), propertyAt)
		visit := event(t, p, 10000, KindCleanAudit, "", propertyAt, "")
		res := Score(p, append(events, visit), propertyAt)
		if slices.Contains(res.Decision.ForcedBy, RuleCitizenReport) || slices.Contains(res.Decision.ForcedBy, RuleVerification) {
			t.Fatalf("case %d: forced by %v after a visit", i, res.Decision.ForcedBy)
		}
	}
}
