package scoring

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// maxReasons is how many events Result.Reasons names.
const maxReasons = 4

// maxExpiries is how many expiring marks Result.Raise names.
const maxExpiries = 3

func day(t time.Time, loc *time.Location) string { return t.In(loc).Format("2006-01-02") }

// signed formats points with an explicit sign: "+10", "-80", "0".
func signed(d decimal.Decimal) string {
	if d.IsPositive() {
		return "+" + d.String()
	}
	return d.String()
}

func lines(p Params, st state, loc *time.Location) []Line {
	out := make([]Line, 0, len(st.inForce)+3)
	out = append(out, Line{Type: LineBase, Points: p.Base, Rule: "base", Text: "基础分"})
	if st.asked > 0 && p.SelfCheckRate.IsPositive() {
		out = append(out, Line{Type: LineHabit, Points: st.habit, Rule: "selfcheck_rate",
			Text: fmt.Sprintf("按时自查率%d/%d（满分%s分）", st.onTime, st.asked, p.SelfCheckRate)})
	}
	for _, e := range st.inForce {
		out = append(out, Line{
			Type: LineEvent, EventID: e.ID, Kind: e.Kind, Severity: e.Severity, Points: e.Points,
			Occurred: e.Occurred, Expires: e.Expires, Rule: e.Rule, Text: describe(e.Kind, e.Severity, e.Topic),
		})
	}
	if !st.shown.Equal(st.raw) {
		var text string
		if st.raw.LessThan(p.Min) {
			text = fmt.Sprintf("原始分%s分低于下限，按%s分显示；欠%s分需先补足，显示分才会上升", st.raw, p.Min, p.Min.Sub(st.raw))
		} else {
			text = fmt.Sprintf("原始分%s分高于上限，按%s分显示", st.raw, p.Max)
		}
		out = append(out, Line{Type: LineClamp, Points: st.shown.Sub(st.raw), Rule: "clamp", Text: text})
	}
	return out
}

// reasonText formats an event as a firm sees it, e.g.
// "2025-03-02 现场检查发现严重隐患（消防）-80分，2028-03-02到期".
func reasonText(e Event, loc *time.Location) string {
	return fmt.Sprintf("%s %s%s分，%s到期", day(e.Occurred, loc), describe(e.Kind, e.Severity, e.Topic), signed(e.Points), day(e.Expires, loc))
}

func reasons(inForce []Event, loc *time.Location) []string {
	top := make([]Event, 0, len(inForce))
	for _, e := range inForce {
		if !e.Points.IsZero() {
			top = append(top, e)
		}
	}
	slices.SortStableFunc(top, func(a, b Event) int {
		return cmp.Or(b.Points.Abs().Cmp(a.Points.Abs()), b.Occurred.Compare(a.Occurred))
	})
	out := make([]string, 0, maxReasons)
	for i := 0; i < len(top) && i < maxReasons; i++ {
		out = append(out, reasonText(top[i], loc))
	}
	return out
}

func ruleLabel(rule string) string {
	switch rule {
	case RuleSeriousViolation:
		return "严重违法违规"
	case RuleFalseReport:
		return "自查自报不实"
	case RuleCitizenReport:
		return "经核实的市民举报"
	case RuleVerification:
		return "自报严重隐患待复查"
	}
	return rule
}

func overrideText(rule string, e Event, until time.Time, loc *time.Location) string {
	return fmt.Sprintf("%s：%s %s，等级封顶为D级，%s解除",
		ruleLabel(rule), day(e.Occurred, loc), describe(e.Kind, e.Severity, e.Topic), day(until, loc))
}

func better(g Grade) Grade {
	switch g {
	case GradeD:
		return GradeC
	case GradeC:
		return GradeB
	}
	return GradeA
}

// raise explains what would raise the grade: the end of each cap, the points
// still needed to the next threshold and the next marks to expire, each with
// the score and grade expected then if no new evidence arrives.
func raise(p Params, events []Event, st state) []string {
	if st.grade == GradeA {
		return []string{"已是最高等级A级"}
	}
	loc := st.at.Location()
	known := make([]Event, 0, len(events))
	for _, e := range events {
		if !e.Occurred.After(st.at) {
			known = append(known, e)
		}
	}
	then := func(t time.Time) string {
		after := evaluate(p, known, t)
		return fmt.Sprintf("届时预计%s分、%s", after.shown, after.grade.Label())
	}
	var out []string
	for _, o := range st.overrides {
		out = append(out, o.Text+"；"+then(o.Until))
	}
	if st.scoreGrade != GradeA {
		next := better(st.scoreGrade)
		s := fmt.Sprintf("再增加%s分可达%s（%s分）", p.threshold(next).Sub(st.raw), next.Label(), p.threshold(next))
		if st.raw.LessThan(p.Min) {
			s += fmt.Sprintf("，其中%s分是需先补足的欠分", p.Min.Sub(st.raw))
		}
		if len(st.overrides) > 0 {
			s += "（封顶解除后才生效）"
		}
		out = append(out, s)
	}
	var marks []Event
	for _, e := range st.inForce {
		if e.Points.IsNegative() {
			marks = append(marks, e)
		}
	}
	slices.SortStableFunc(marks, func(a, b Event) int { return a.Expires.Compare(b.Expires) })
	listed := 0
	for _, e := range marks {
		if listed == maxExpiries {
			break
		}
		// Other evidence may expire first (a clean audit, on-time
		// self-checks): a date when the score would not rise is no advice.
		if !evaluate(p, known, e.Expires).raw.GreaterThan(st.raw) {
			continue
		}
		listed++
		out = append(out, fmt.Sprintf("%s %s（%s）%s分到期；%s",
			day(e.Expires, loc), describe(e.Kind, e.Severity, e.Topic), day(e.Occurred, loc), signed(e.Points), then(e.Expires)))
	}
	return out
}

// Explain renders r as Chinese text for regulators and the CLI: the totals,
// every line, the caps, the reasons, what would raise the grade and the
// inspection decision.
func (r Result) Explain() string {
	loc := r.At.Location()
	var b strings.Builder
	fmt.Fprintf(&b, "信用评分（%s，参数版本%d）\n", day(r.At, loc), r.ParamsVersion)
	fmt.Fprintf(&b, "显示分%s分，原始分%s分，等级%s", r.Shown, r.Raw, r.Grade.Label())
	if r.Grade != r.ScoreGrade {
		fmt.Fprintf(&b, "（按分数为%s）", r.ScoreGrade.Label())
	}
	b.WriteString("\n明细：\n")
	sum := decimal.Zero
	for _, l := range r.Lines {
		switch l.Type {
		case LineEvent:
			fmt.Fprintf(&b, "  %s %s %s分，%s到期 [%s #%d]\n", day(l.Occurred, loc), l.Text, signed(l.Points), day(l.Expires, loc), l.Rule, l.EventID)
		case LineHabit:
			fmt.Fprintf(&b, "  %s %s分 [%s]\n", l.Text, signed(l.Points), l.Rule)
		case LineClamp:
			fmt.Fprintf(&b, "  = 原始分 %s分\n  %s %s分\n", sum, l.Text, signed(l.Points))
		default:
			fmt.Fprintf(&b, "  %s %s分\n", l.Text, signed(l.Points))
		}
		sum = sum.Add(l.Points)
	}
	fmt.Fprintf(&b, "  = 显示分 %s分\n", sum)
	section := func(title string, items []string) {
		if len(items) == 0 {
			return
		}
		b.WriteString(title + "：\n")
		for i, s := range items {
			fmt.Fprintf(&b, "  %d. %s\n", i+1, s)
		}
	}
	caps := make([]string, len(r.Overrides))
	for i, o := range r.Overrides {
		caps[i] = o.Text
	}
	section("等级封顶", caps)
	section("主要原因", r.Reasons)
	section("如何提升等级", r.Raise)
	fmt.Fprintf(&b, "检查安排：%s\n", r.Decision.Text)
	if !r.NextExpiry.IsZero() {
		fmt.Fprintf(&b, "下次重算：%s\n", day(r.NextExpiry, loc))
	}
	return b.String()
}
