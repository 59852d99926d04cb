package scoring

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDecision(t *testing.T) {
	p := fixtureParams()
	at := date(2026, 6, 1)
	clean := func(n int) []Event {
		var es []Event
		for i := range n {
			es = append(es, event(t, p, int64(100+i), KindCleanAudit, "", date(2026, 1, 1+i), ""))
		}
		return es
	}
	tests := []struct {
		name   string
		events []Event
		want   Decision
	}{
		{"GradeAExempt", clean(6), Decision{Mode: ModeExempt, Rate: dec("0.03"),
			Text: "A级：免于日常现场检查（无事不扰），仅按3%比例参加随机抽查"}},
		{"GradeBSampled", nil, Decision{Mode: ModeSampled, Rate: dec("0.1"), Text: "B级：按10%比例随机抽查"}},
		{"GradeCSampled", []Event{event(t, p, 1, KindPenalty, SeverityMajor, date(2026, 1, 1), "")},
			Decision{Mode: ModeSampled, Rate: dec("0.4"), Text: "C级：按40%比例随机抽查"}},
		{"GradeDAlways", []Event{
			event(t, p, 1, KindPenalty, SeverityMajor, date(2026, 1, 1), ""),
			event(t, p, 2, KindPenalty, SeverityMajor, date(2026, 1, 2), ""),
			event(t, p, 3, KindPenalty, SeverityMajor, date(2026, 1, 3), ""),
		}, Decision{Mode: ModeAlways, Rate: dec("1"), Text: "D级：每轮均安排现场检查"}},
		{"HardRuleForces", []Event{event(t, p, 1, KindPenalty, SeveritySerious, date(2026, 1, 1), "")},
			Decision{Mode: ModeAlways, Rate: dec("1"), ForcedBy: []string{RuleSeriousViolation},
				Text: "严重违法违规使等级封顶为D级，无论等级均安排现场检查"}},
		{"CitizenReportAtGradeA", append(clean(8), event(t, p, 1, KindCitizenReport, SeverityGeneral, date(2026, 5, 20), "")),
			Decision{Mode: ModeAlways, Rate: dec("1"), ForcedBy: []string{RuleCitizenReport},
				Text: "有经核实的市民举报（2026-05-20）待现场核查，无论等级均安排现场检查"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Score(p, tc.events, at).Decision
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Score().Decision mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
