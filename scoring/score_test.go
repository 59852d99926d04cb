package scoring

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func TestScore(t *testing.T) {
	p := fixtureParams()
	at := date(2026, 6, 1)
	type out struct {
		Raw, Shown        string
		ScoreGrade, Grade Grade
		Overrides         []string
		Mode              Mode
		ForcedBy          []string
	}
	tests := []struct {
		name   string
		events func(p Params) []Event
		want   out
	}{
		{"NoEvidence", func(p Params) []Event { return nil },
			out{"700", "700", GradeB, GradeB, nil, ModeSampled, nil}},
		{"GradeA", func(p Params) []Event {
			var es []Event
			for i := range 6 {
				es = append(es, event(t, p, int64(i+1), KindCleanAudit, "", date(2025, 1+time.Month(i), 1), ""))
			}
			return es
		}, out{"880", "880", GradeA, GradeA, nil, ModeExempt, nil}},
		{"SeriousOnsiteCaps", func(p Params) []Event {
			return []Event{event(t, p, 1, KindFindingOnsite, SeveritySerious, date(2025, 9, 1), "消防")}
		}, out{"620", "620", GradeC, GradeD, []string{RuleSeriousViolation}, ModeAlways, []string{RuleSeriousViolation}}},
		{"SeriousOnsiteOlderThanWindow", func(p Params) []Event {
			return []Event{event(t, p, 1, KindFindingOnsite, SeveritySerious, date(2025, 6, 1), "消防")}
		}, out{"620", "620", GradeC, GradeC, nil, ModeSampled, nil}},
		{"SeriousSelfReportedDoesNotCap", func(p Params) []Event {
			return []Event{event(t, p, 1, KindFindingSelfReported, SeveritySerious, date(2026, 5, 1), "")}
		}, out{"690", "690", GradeC, GradeC, nil, ModeAlways, []string{RuleVerification}}},
		{"SeriousSelfReportedVerified", func(p Params) []Event {
			return []Event{
				event(t, p, 1, KindFindingSelfReported, SeveritySerious, date(2026, 5, 1), ""),
				event(t, p, 2, KindRectifiedOnTime, SeveritySerious, date(2026, 5, 10), ""),
				event(t, p, 3, KindCleanAudit, "", date(2026, 5, 20), ""),
			}
		}, out{"720", "720", GradeB, GradeB, nil, ModeSampled, nil}},
		{"SeriousSelfReportedRectifiedStillOpen", func(p Params) []Event {
			return []Event{
				event(t, p, 1, KindFindingSelfReported, SeveritySerious, date(2026, 5, 1), ""),
				event(t, p, 2, KindRectifiedOnTime, SeveritySerious, date(2026, 5, 10), ""),
			}
		}, out{"690", "690", GradeC, GradeC, nil, ModeAlways, []string{RuleVerification}}},
		{"FalseReportCapsAndDebt", func(p Params) []Event {
			_, exp, rule, _ := p.FalseReportPoints(GradeA, SeverityGeneral, date(2026, 1, 1))
			return []Event{{ID: 1, Kind: KindFalseReport, Severity: SeverityGeneral, Points: dec("-970.5"),
				Occurred: date(2026, 1, 1), Expires: exp, Rule: rule}}
		}, out{"-270.5", "0", GradeD, GradeD, []string{RuleFalseReport}, ModeAlways, []string{RuleFalseReport}}},
		{"CitizenReportTriggersVisit", func(p Params) []Event {
			return []Event{
				event(t, p, 1, KindCleanAudit, "", date(2026, 1, 1), ""),
				event(t, p, 2, KindCleanAudit, "", date(2026, 2, 1), ""),
				event(t, p, 3, KindCleanAudit, "", date(2026, 3, 1), ""),
				event(t, p, 4, KindCleanAudit, "", date(2026, 4, 1), ""),
				event(t, p, 5, KindCleanAudit, "", date(2026, 5, 1), ""),
				event(t, p, 6, KindCleanAudit, "", date(2026, 5, 2), ""),
				event(t, p, 7, KindCitizenReport, SeverityGeneral, date(2026, 5, 3), ""),
			}
		}, out{"870", "870", GradeA, GradeA, nil, ModeAlways, []string{RuleCitizenReport}}},
		{"AboveMax", func(p Params) []Event {
			var es []Event
			for i := range 12 {
				es = append(es, event(t, p, int64(i+1), KindCleanAudit, "", date(2026, 1, 1+i), ""))
			}
			return es
		}, out{"1060", "1000", GradeA, GradeA, nil, ModeExempt, nil}},
		{"FutureEventIgnored", func(p Params) []Event {
			return []Event{event(t, p, 1, KindPenalty, SeveritySerious, date(2026, 6, 2), "")}
		}, out{"700", "700", GradeB, GradeB, nil, ModeSampled, nil}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Score(p, tc.events(p), at)
			got := out{Raw: r.Raw.String(), Shown: r.Shown.String(), ScoreGrade: r.ScoreGrade, Grade: r.Grade,
				Mode: r.Decision.Mode, ForcedBy: r.Decision.ForcedBy}
			for _, o := range r.Overrides {
				got.Overrides = append(got.Overrides, o.Rule)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Score(%s) mismatch (-want +got):\n%s", tc.name, diff)
			}
		})
	}
}

// TestDebt checks that points earned while the raw score is below the
// minimum first pay the debt, and only then raise the shown score.
func TestDebt(t *testing.T) {
	p := fixtureParams()
	events := []Event{
		event(t, p, 1, KindPenalty, SeveritySerious, date(2025, 1, 1), ""),
		event(t, p, 2, KindPenalty, SeveritySerious, date(2025, 1, 2), ""),
		event(t, p, 3, KindNotRectified, SeveritySerious, date(2025, 1, 3), ""),
		event(t, p, 4, KindNotRectified, SeveritySerious, date(2025, 1, 4), ""),
		event(t, p, 5, KindNotRectified, SeveritySerious, date(2025, 1, 5), ""),
	} // 700 - 300 - 360 = 40
	_, exp, rule, _ := p.FalseReportPoints(GradeC, SeverityGeneral, date(2025, 2, 1))
	events = append(events, Event{ID: 6, Kind: KindFalseReport, Severity: SeverityGeneral, Points: dec("-45"), Occurred: date(2025, 2, 1), Expires: exp, Rule: rule})
	// 40 - 45 = -5
	type step struct {
		Raw, Shown string
	}
	var got []step
	at := date(2025, 3, 1)
	for i := range 3 {
		events = append(events, event(t, p, int64(10+i), KindCleanAudit, "", date(2025, 2, 10+i), ""))
		r := Score(p, events, at)
		got = append(got, step{r.Raw.String(), r.Shown.String()})
	}
	want := []step{{"25", "25"}, {"55", "55"}, {"85", "85"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("debt steps mismatch (-want +got):\n%s", diff)
	}
	// Deeper debt: two clean audits are not enough to rise above 0.
	deep := append([]Event{}, events[:6]...)
	deep = append(deep, event(t, p, 20, KindPenalty, SeverityMajor, date(2025, 2, 2), "")) // -65
	var shown []string
	for i := range 3 {
		deep = append(deep, event(t, p, int64(30+i), KindCleanAudit, "", date(2025, 2, 10+i), ""))
		shown = append(shown, Score(p, deep, at).Shown.String())
	}
	if diff := cmp.Diff([]string{"0", "0", "25"}, shown); diff != "" {
		t.Errorf("shown while in debt mismatch (-want +got):\n%s", diff)
	}
	r := Score(p, deep[:7], at)
	if got, want := r.Lines[len(r.Lines)-1], (Line{Type: LineClamp, Points: dec("65"), Rule: "clamp",
		Text: "原始分-65分低于下限，按0分显示；欠65分需先补足，显示分才会上升"}); !cmp.Equal(got, want) {
		t.Errorf("clamp line = %+v, want %+v", got, want)
	}
}

func TestExpiryInstant(t *testing.T) {
	p := fixtureParams()
	e := event(t, p, 1, KindFindingOnsite, SeverityGeneral, date(2025, 3, 2), "")
	tests := []struct {
		name string
		at   time.Time
		want string
	}{
		{"BeforeOccurred", e.Occurred.Add(-time.Nanosecond), "700"},
		{"AtOccurred", e.Occurred, "680"},
		{"JustBeforeExpiry", e.Expires.Add(-time.Nanosecond), "680"},
		{"AtExpiry", e.Expires, "700"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Score(p, []Event{e}, tc.at).Raw; !got.Equal(dec(tc.want)) {
				t.Errorf("Score(at %v).Raw = %v, want %s", tc.at, got, tc.want)
			}
		})
	}
}

func TestNextExpiry(t *testing.T) {
	p := fixtureParams()
	events := []Event{
		event(t, p, 1, KindFindingOnsite, SeveritySerious, date(2025, 9, 1), ""), // expires 2028-09-01, cap ends 2026-09-01
		event(t, p, 2, KindSelfCheckLate, "", date(2025, 12, 1), ""),             // expires 2026-12-01
	}
	if got, want := Score(p, events, date(2026, 6, 1)).NextExpiry, date(2026, 9, 1); !got.Equal(want) {
		t.Errorf("NextExpiry = %v, want %v (the cap's end)", got, want)
	}
	if got, want := Score(p, events, date(2026, 9, 1)).NextExpiry, date(2026, 12, 1); !got.Equal(want) {
		t.Errorf("NextExpiry = %v, want %v", got, want)
	}
	if got := Score(p, nil, date(2026, 9, 1)).NextExpiry; !got.IsZero() {
		t.Errorf("NextExpiry without events = %v, want zero", got)
	}
}

func TestParamsVersion(t *testing.T) {
	p := fixtureParams()
	p.Version = 42
	if got := Score(p, nil, date(2026, 1, 1)).ParamsVersion; got != 42 {
		t.Errorf("Score().ParamsVersion = %d, want 42", got)
	}
}

func TestReasons(t *testing.T) {
	p := fixtureParams()
	events := []Event{
		event(t, p, 1, KindFindingOnsite, SeveritySerious, date(2025, 3, 2), "消防"),
		event(t, p, 2, KindSelfCheckOnTime, "", date(2025, 4, 1), ""),
		event(t, p, 3, KindSelfCheckLate, "", date(2025, 5, 1), ""),
		event(t, p, 4, KindCleanAudit, "", date(2025, 6, 1), ""),
		event(t, p, 5, KindFindingSelfReported, SeverityGeneral, date(2025, 7, 1), "燃气"),
		event(t, p, 6, KindRectifiedOnTime, SeverityGeneral, date(2025, 7, 5), "燃气"),
	}
	want := []string{
		"2025-03-02 现场检查发现严重隐患（消防）-80分，2028-03-02到期",
		"2025-06-01 现场抽查未发现问题+30分，2027-06-01到期",
		"2025-05-01 逾期提交自查-10分，2026-05-01到期",
		"2025-04-01 按时提交自查+10分，2027-04-01到期",
	}
	if diff := cmp.Diff(want, Score(p, events, date(2025, 8, 1)).Reasons); diff != "" {
		t.Errorf("Reasons mismatch (-want +got):\n%s", diff)
	}
}

func sumPoints(events []Event, at time.Time) decimal.Decimal {
	s := decimal.Zero
	for _, e := range events {
		if e.InForce(at) {
			s = s.Add(e.Points)
		}
	}
	return s
}
