package planner

import (
	"fmt"
	"selfcheck/scoring"
	"slices"
	"strconv"
	"strings"
	"time"
)

// visitNote explains a visit: which orders were merged and why, and why an
// exempt firm is visited at all.
func (b *builder) visitNote(f *Firm, g *group, v *Visit, once, na int) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "企业%s：", firmName(f, f.ID))
	if len(g.pairs) > 1 {
		parts := make([]string, len(g.pairs))
		for i, pr := range g.pairs {
			parts[i] = b.orderText(&b.orders[pr.order], pr)
		}
		fmt.Fprintf(&sb, "%s 对象相同、时间重叠，合并为一次检查（共同窗口 %s）", strings.Join(parts, "、"), span(g.lo, g.hi))
	} else {
		sb.WriteString(b.orderText(&b.orders[g.pairs[0].order], g.pairs[0]) + " 单独安排一次检查")
	}
	fmt.Fprintf(&sb, "；检查事项 %d 项", len(v.Items))
	if once > 0 {
		fmt.Fprintf(&sb, "，多部门重复或等同事项 %d 项只查一次", once)
	}
	if na > 0 {
		fmt.Fprintf(&sb, "，不适用该企业的事项 %d 项不查", na)
	}
	if m := f.mode(); m != DecisionAlways {
		routine, named := false, false
		for _, pr := range g.pairs {
			if o := &b.orders[pr.order]; o.Reason == ReasonRoutine {
				routine = true
				named = named || o.Explicit
			}
		}
		which := "信用免检"
		if m == DecisionSampled {
			which = "信用决定为按比例随机抽查"
		}
		switch {
		case !routine:
		case f.AuditPick:
			fmt.Fprintf(&sb, "；该企业%s（等级%s），被%s双随机抽查抽中，例行检查照常进行", which, f.Grade, b.roundName())
			v.notable = true
		case f.ComplaintID > 0:
			fmt.Fprintf(&sb, "；该企业%s（等级%s），但有经核实的投诉（#%d），例行检查照常进行", which, f.Grade, f.ComplaintID)
			v.notable = true
		case named:
			fmt.Fprintf(&sb, "；该企业%s（等级%s），但指令逐一点名该企业，照常检查", which, f.Grade)
			v.notable = true
		}
	}
	if g.mandatory && b.in.YearlyCap > 0 && f.VisitsThisYear >= b.in.YearlyCap {
		sb.WriteString("；已达年度检查上限，但投诉、复查或随机抽查不受上限限制")
		v.notable = true
	}
	sb.WriteString("。")
	return sb.String()
}

// roundName names the audit round in the explanation: 本轮, with the round's
// number and period when known.
func (b *builder) roundName() string {
	if b.in.AuditRound == "" {
		return "本轮"
	}
	return "本轮（" + b.in.AuditRound + "）"
}

func (b *builder) orderText(o *Order, pr pair) string {
	return fmt.Sprintf("指令#%d（%s·%s，%s）", o.ID, o.Department, o.Reason.Label(), span(pr.lo, pr.hi))
}

// skipText explains a skip in Chinese.
func (b *builder) skipText(o *Order, f *Firm, pr pair, cause SkipCause) string {
	who := fmt.Sprintf("指令#%d（%s·%s）对企业%s不安排检查：", o.ID, o.Department, o.Reason.Label(), firmName(f, pr.firm))
	switch cause {
	case SkipExempt, SkipNotDrawn:
		why := fmt.Sprintf("信用等级%s，信用决定为免于例行检查（无事不扰），未被%s双随机抽查抽中，也无经核实的投诉", f.Grade, b.roundName())
		if cause == SkipNotDrawn {
			why = fmt.Sprintf("信用等级%s，信用决定为按比例随机抽查，未被%s双随机抽查抽中，也无经核实的投诉", f.Grade, b.roundName())
		}
		if f.SelfCheckID > 0 {
			why += fmt.Sprintf("；企业已提交自查（自查任务#%d），以自查代替检查", f.SelfCheckID)
		}
		return who + why + "。"
	case SkipCap:
		return who + fmt.Sprintf("该企业今年已安排检查 %d 次，达到年度上限 %d 次（投诉、复查和随机抽查不受此限）。", f.VisitsThisYear, b.in.YearlyCap)
	case SkipNotApplicable:
		return who + "所列检查事项均不适用于该企业（行业或场所条件不符）。"
	case SkipNoCapacity:
		return who + fmt.Sprintf("窗口 %s 内没有足够的空闲持证执法人员（每组至少 %d 人）或路线容量，请调整窗口或增加人员后重新编制。", span(pr.lo, pr.hi), b.in.TeamSize)
	case SkipUnknownFirm:
		return who + "该企业不存在或已注销。"
	case SkipOutside:
		return who + "指令时间窗口不在本计划期内。"
	}
	return who + string(cause)
}

// explain writes the plan's explanation: a header, every merge, every skip
// and every route with its draw.
func (b *builder) explain() {
	p := b.p
	pairs := 0
	for _, o := range b.orders {
		pairs += len(o.Targets)
	}
	merged := 0
	for _, v := range p.Visits {
		if len(v.Orders) > 1 {
			merged++
		}
	}
	p.Explanation = append(p.Explanation,
		fmt.Sprintf("计划期 %s；随机种子 %d；指令 %d 条，指令对象 %d 个；安排检查 %d 次（其中合并 %d 次），不安排 %d 个，路线 %d 条。",
			span(b.in.From, b.in.To), b.in.Seed, len(b.orders), pairs, len(p.Visits), merged, len(p.Skips), len(p.Routes)),
		"路线规划方法："+RouteMethod+"（每组当日路线先按最近邻法取最短起点，再用2-opt优化）；人员抽取方法："+scoring.AuditMethod+"（每条路线的种子由计划种子、日期、网格和序号派生，见各路线）。")
	for _, v := range p.Visits {
		if len(v.Orders) > 1 || v.notable {
			p.Explanation = append(p.Explanation, "【合并】"+v.Note)
		}
	}
	for _, s := range p.Skips {
		p.Explanation = append(p.Explanation, "【不安排】"+s.Text)
	}
	for i, r := range p.Routes {
		stops := make([]string, len(r.Visits))
		for j, vi := range r.Visits {
			stops[j] = firmName(b.firms[p.Visits[vi].EnterpriseID], p.Visits[vi].EnterpriseID)
		}
		how := "随机抽取"
		if depts := b.routeDepartments(r); len(depts) > 1 {
			how = "随机抽取，" + strings.Join(depts, "、") + "联合检查，各部门先各抽1人"
		}
		p.Explanation = append(p.Explanation, fmt.Sprintf("【路线%d】%s 网格%s：执法人员 %s（从当日空闲的持证人员 %d 人中%s，种子 %d）；顺序 %s，约 %.1f 公里。",
			i+1, day(r.Date), r.Grid, ids(r.Inspectors), len(r.Roster), how, r.Seed, strings.Join(stops, " → "), r.KM))
	}
}

func firmName(f *Firm, id int64) string {
	if f == nil || f.Name == "" {
		return "#" + strconv.FormatInt(id, 10)
	}
	return "「" + f.Name + "」"
}

func span(lo, hi time.Time) string {
	if lo.Equal(hi) {
		return day(lo)
	}
	return day(lo) + "至" + day(hi)
}

func ids(xs []int64) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = "#" + strconv.FormatInt(x, 10)
	}
	return strings.Join(s, "、")
}

// routeDepartments lists the departments a route's visits serve, by name.
func (b *builder) routeDepartments(r Route) []string {
	var out []string
	for _, vi := range r.Visits {
		for _, d := range b.p.Visits[vi].Departments {
			if !slices.Contains(out, d) {
				out = append(out, d)
			}
		}
	}
	slices.Sort(out)
	return out
}
