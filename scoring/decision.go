package scoring

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

// Mode is how a firm is chosen for on-site inspection.
type Mode string

// The modes.
const (
	// ModeExempt skips routine on-site inspection (无事不扰, grade A); the firm
	// still takes part in the random audit at its grade's rate.
	ModeExempt Mode = "exempt"
	// ModeSampled visits the firm when the random audit draws it (B, C).
	ModeSampled Mode = "sampled"
	// ModeAlways visits the firm in every round (grade D, or a trigger).
	ModeAlways Mode = "always"
)

// Decision is the inspection decision for one firm.
type Decision struct {
	Mode Mode
	// Rate is the chance of a visit in one round: the grade's audit rate with
	// the floor applied, or 1 for ModeAlways.
	Rate decimal.Decimal
	// ForcedBy lists the rule ids that forced ModeAlways beyond the score:
	// RuleSeriousViolation, RuleFalseReport, RuleCitizenReport,
	// RuleVerification. A trigger ends with the first visit after it. It is empty
	// when the score alone decided.
	ForcedBy []string
	// Text is the decision in Chinese.
	Text string
}

func percent(r decimal.Decimal) string { return r.Mul(decimal.NewFromInt(100)).String() + "%" }

func decide(p Params, st state) Decision {
	var forced []string
	var why []string
	for _, o := range st.overrides {
		if !slices.Contains(forced, o.Rule) {
			forced = append(forced, o.Rule)
			why = append(why, ruleLabel(o.Rule)+"使等级封顶为D级")
		}
	}
	if len(st.reports) > 0 {
		forced = append(forced, RuleCitizenReport)
		why = append(why, fmt.Sprintf("有经核实的市民举报（%s）待现场核查", day(st.reports[len(st.reports)-1].Occurred, st.at.Location())))
	}
	if len(st.checks) > 0 {
		forced = append(forced, RuleVerification)
		why = append(why, fmt.Sprintf("自查自报严重隐患（%s）待现场复查", day(st.checks[len(st.checks)-1].Occurred, st.at.Location())))
	}
	d := Decision{Rate: p.AuditRate(st.grade), ForcedBy: forced}
	switch {
	case len(forced) > 0:
		d.Mode, d.Rate = ModeAlways, decimal.NewFromInt(1)
		d.Text = strings.Join(why, "；") + "，无论等级均安排现场检查"
	case st.grade == GradeD || d.Rate.GreaterThanOrEqual(decimal.NewFromInt(1)):
		d.Mode, d.Rate = ModeAlways, decimal.NewFromInt(1)
		d.Text = st.grade.Label() + "：每轮均安排现场检查"
	case st.grade == GradeA:
		d.Mode = ModeExempt
		d.Text = fmt.Sprintf("%s：免于日常现场检查（无事不扰），仅按%s比例参加随机抽查", st.grade.Label(), percent(d.Rate))
	default:
		d.Mode = ModeSampled
		d.Text = fmt.Sprintf("%s：按%s比例随机抽查", st.grade.Label(), percent(d.Rate))
	}
	return d
}
