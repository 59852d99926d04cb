package simulate

import (
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strings"

	"selfcheck/scoring"
)

// Goals are the promise the shipped parameters must keep.
var Goals = struct {
	AUC, SeriousVisited, VisitShare float64
}{AUC: 0.85, SeriousVisited: 0.90, VisitShare: 0.40}

// Report holds the headline figures of a run, measured after the burn-in.
type Report struct {
	Firms  int    `json:"firms"`
	Months int    `json:"months"`
	Seed   uint64 `json:"seed"`
	// VisitsPerYear and VisitShare: visits the planner scheduled per year,
	// and as a share of visiting every firm once a year.
	VisitsPerYear float64 `json:"visits_per_year"`
	VisitShare    float64 `json:"visit_share"`
	ForcedShare   float64 `json:"forced_share"` // share of visits the decisions forced (mode always)
	// VisitsBy counts visits by why the firm was visited: the rule that
	// forced it, its grade when always visited, or the audit draw of its grade.
	VisitsBy map[string]int `json:"visits_by"`
	// SeriousViolators with a 严重 hazard arising with 12 months left to
	// observe; SeriousVisited the share visited within 12 months of it;
	// MonthsToVisit the mean months to that first visit.
	SeriousViolators int `json:"serious_violators"`
	// Missed counts the serious violators not visited within 12 months by
	// their grade at onset and whether they denied the hazard (lied) or were
	// never asked (no campaign answer before the first visit was due).
	Missed         map[string]int `json:"serious_missed_by"`
	SeriousVisited float64        `json:"serious_visited_12m"`
	MonthsToVisit  float64        `json:"months_to_first_visit"`
	// AUC of the raw score at month t against a 较重 or 严重 hazard present in
	// t..t+12 (prospective), averaged over the months measured; GradeAUC the
	// same with the grade alone.
	AUC      float64 `json:"auc"`
	GradeAUC float64 `json:"grade_auc"`
	// OracleAUC ranks firms by hidden truth at t (a 较重/严重 hazard present,
	// then the profile's hazard rate): the ceiling any evidence could reach.
	OracleAUC float64 `json:"oracle_auc"`
	// AnyAUC is AUC against any hazard (一般 included) in t..t+12.
	AnyAUC float64 `json:"auc_any_violation"`
	// Lies told, caught, and mean months from lie to detection.
	Lies           int     `json:"lies"`
	LiesCaught     int     `json:"lies_caught"`
	MonthsToDetect float64 `json:"months_to_detect"`
	// Lying is the expected points of lying instead of reporting, per grade
	// and severity, with the detection rate the simulation measured.
	Lying []LieValue `json:"lying"`
	// Grades is the grade distribution per measured month.
	Grades []map[scoring.Grade]int `json:"grades"`
	// Met says which goals hold.
	Met map[string]bool `json:"met"`
}

// minLies is how many lies a grade must tell for its catch rate to be
// measured rather than taken from the model's bound.
const minLies = 100

// LieValue is the expected value of one lie.
type LieValue struct {
	Grade    scoring.Grade    `json:"grade"`
	Severity scoring.Severity `json:"severity"`
	Told     int              `json:"told"`
	Caught   float64          `json:"caught_rate"` // at this grade (all severities)
	Measured bool             `json:"measured"`    // false: too few lies, the bound detection × audit rate
	Gain     float64          `json:"gain"`        // the self-reported deduction avoided
	Loss     float64          `json:"loss"`        // false-report penalty + on-site finding
	Expected float64          `json:"expected"`    // (1-q)·gain − q·loss: negative means lying loses
}

func (w *world) report(o Options) *Report {
	r := &Report{Firms: o.Firms, Months: o.Months, Seed: o.Seed, VisitsBy: w.visitsBy}
	visits, forced := 0, 0
	for k := w.burn; k < w.total; k++ {
		visits += w.visitsN[k]
		forced += w.forced[k]
		r.Grades = append(r.Grades, w.grades[k])
	}
	r.VisitsPerYear = float64(visits) * 12 / float64(o.Months)
	r.VisitShare = r.VisitsPerYear / float64(o.Firms)
	if visits > 0 {
		r.ForcedShare = float64(forced) / float64(visits)
	}
	// Serious violators: the first 严重 hazard arising in the measured
	// window with 12 months left to watch.
	sumMonths, visited := 0, 0
	for i, f := range w.firms {
		onset := -1
		for k := w.burn; k+12 <= w.total; k++ {
			if w.serious[i][k] && (k == 0 || !w.serious[i][k-1]) {
				onset = k
				break
			}
		}
		if onset < 0 {
			continue
		}
		r.SeriousViolators++
		hit := false
		for _, v := range f.visits {
			if v >= onset && v < onset+12 {
				visited++
				sumMonths += v - onset
				hit = true
				break
			}
		}
		if !hit {
			if r.Missed == nil {
				r.Missed = map[string]int{}
			}
			r.Missed["grade "+string(w.gradeAt[i][onset])]++
			r.Missed["type "+f.typeName]++
			if f.liedSerious {
				r.Missed["denied"]++
			}
		}
	}
	if r.SeriousViolators > 0 {
		r.SeriousVisited = float64(visited) / float64(r.SeriousViolators)
	}
	if visited > 0 {
		r.MonthsToVisit = float64(sumMonths) / float64(visited)
	}
	// Prospective AUC.
	n := 0
	for t := w.burn; t+12 <= w.total; t += 3 {
		scores, gscores, oracle := make([]float64, len(w.firms)), make([]float64, len(w.firms)), make([]float64, len(w.firms))
		labels, anyLabels := make([]bool, len(w.firms)), make([]bool, len(w.firms))
		for i, f := range w.firms {
			scores[i] = -w.raw[i][t]
			oracle[i] = f.rate
			if w.major[i][t] {
				oracle[i] += 100
			}
			for k := t; k < t+12; k++ {
				labels[i] = labels[i] || w.major[i][k]
				anyLabels[i] = anyLabels[i] || w.anyHaz[i][k]
			}
		}
		for i := range w.firms {
			gscores[i] = float64(gradeRank(w.p.GradeOf(decimalOf(w.raw[i][t]))))
		}
		r.AUC += auc(scores, labels)
		r.GradeAUC += auc(gscores, labels)
		r.OracleAUC += auc(oracle, labels)
		r.AnyAUC += auc(scores, anyLabels)
		n++
	}
	if n > 0 {
		r.AUC /= float64(n)
		r.GradeAUC /= float64(n)
		r.OracleAUC /= float64(n)
		r.AnyAUC /= float64(n)
	}
	w.lying(r)
	r.Met = map[string]bool{
		"auc":             r.AUC >= Goals.AUC,
		"serious_visited": r.SeriousVisited >= Goals.SeriousVisited,
		"visits":          r.VisitShare <= Goals.VisitShare,
		"lying_loses":     allLose(r.Lying),
	}
	return r
}

func allLose(ls []LieValue) bool {
	for _, l := range ls {
		if l.Expected >= 0 {
			return false
		}
	}
	return len(ls) > 0
}

func (w *world) lying(r *Report) {
	told, caught := map[scoring.Grade]int{}, map[scoring.Grade]int{}
	bySev := map[[2]string]int{}
	detect := 0
	for _, l := range w.lies {
		if l.month < w.burn {
			continue
		}
		r.Lies++
		told[l.grade]++
		bySev[[2]string{string(l.grade), string(l.sev)}]++
		if l.caught >= 0 {
			r.LiesCaught++
			caught[l.grade]++
			detect += l.caught - l.month
		}
	}
	if r.LiesCaught > 0 {
		r.MonthsToDetect = float64(detect) / float64(r.LiesCaught)
	}
	for _, g := range scoring.Grades() {
		// The measured rate when the grade told enough lies to measure it;
		// otherwise the model's own bound, detection × audit rate of one
		// round (the simulation catches lies more often than that, since
		// complaints and later rounds find them too).
		q, measured := 0.0, told[g] >= minLies
		if measured {
			q = float64(caught[g]) / float64(told[g])
		} else {
			q, _ = scoring.CatchRate(w.p, g).Float64()
		}
		for _, s := range scoring.Severities() {
			gain, _ := w.p.Rules[scoring.KindFindingSelfReported][s].Points.Abs().Float64()
			pen, _ := scoring.FalseReportPenalty(w.p, g, s).Abs().Float64()
			on, _ := w.p.Rules[scoring.KindFindingOnsite][s].Points.Abs().Float64()
			loss := pen + on
			r.Lying = append(r.Lying, LieValue{Grade: g, Severity: s, Told: bySev[[2]string{string(g), string(s)}],
				Caught: q, Measured: measured, Gain: gain, Loss: loss, Expected: (1-q)*gain - q*loss})
		}
	}
}

func gradeRank(g scoring.Grade) int { return slices.Index(scoring.Grades(), g) }

// auc is the Mann–Whitney probability that a positive scores above a
// negative, ties counting half.
func auc(score []float64, label []bool) float64 {
	idx := make([]int, len(score))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return score[idx[a]] < score[idx[b]] })
	var rankSum float64
	pos := 0
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && score[idx[j]] == score[idx[i]] {
			j++
		}
		mid := float64(i+j+1) / 2 // average 1-based rank
		for k := i; k < j; k++ {
			if label[idx[k]] {
				rankSum += mid
				pos++
			}
		}
		i = j
	}
	neg := len(score) - pos
	if pos == 0 || neg == 0 {
		return 0.5
	}
	return (rankSum - float64(pos*(pos+1))/2) / float64(pos*neg)
}

// WriteText prints the report in Chinese for regulators.
func (r *Report) WriteText(out io.Writer) {
	mark := func(ok bool) string {
		if ok {
			return "达标"
		}
		return "未达标"
	}
	fmt.Fprintf(out, "政策模拟：%d家企业，%d个月（种子%d）\n", r.Firms, r.Months, r.Seed)
	fmt.Fprintf(out, "  运行产品代码：计分与解释（scoring.Summarize）、记分规则（Params.Points、FalseReportPoints）、检查决定、双随机抽查（DrawAudit）、检查计划（planner.Build）；\n  按 simulation.yaml 模拟：企业隐患与自查作答、市民举报、检查员发现（检出率<1）、整改\n")
	fmt.Fprintf(out, "检查次数：每年%.0f次，为每家每年检查一次的%.1f%%（目标≤%.0f%%）%s；其中%.1f%%由决定强制\n",
		r.VisitsPerYear, 100*r.VisitShare, 100*Goals.VisitShare, mark(r.Met["visits"]), 100*r.ForcedShare)
	fmt.Fprintf(out, "  检查原因（%d个月合计）：%s\n", r.Months, counts(r.VisitsBy))
	half := 0.0
	if r.SeriousViolators > 0 {
		half = 1.96 * math.Sqrt(r.SeriousVisited*(1-r.SeriousVisited)/float64(r.SeriousViolators))
	}
	fmt.Fprintf(out, "严重违法企业%d家：12个月内检查到%.1f%%（95%%区间±%.1f%%；目标≥%.0f%%）%s，平均%.1f个月后首次检查\n",
		r.SeriousViolators, 100*r.SeriousVisited, 100*half, 100*Goals.SeriousVisited, mark(r.Met["serious_visited"]), r.MonthsToVisit)
	if len(r.Missed) > 0 {
		fmt.Fprintf(out, "  未在12个月内检查到的：%s\n", counts(r.Missed))
	}
	fmt.Fprintf(out, "前瞻AUC（t时分数对t..t+12个月较重以上隐患）：%.3f（目标≥%.2f）%s；仅按等级：%.3f\n",
		r.AUC, Goals.AUC, mark(r.Met["auc"]), r.GradeAUC)
	fmt.Fprintf(out, "  上限（知道隐藏真相时的AUC）：%.3f；对任何隐患（含一般）：%.3f\n", r.OracleAUC, r.AnyAUC)
	fmt.Fprintf(out, "自查不实：%d次，查出%d次，平均%.1f个月后查出\n", r.Lies, r.LiesCaught, r.MonthsToDetect)
	fmt.Fprintf(out, "说谎的期望得分（按模拟查出率，负值=说谎吃亏）：%s\n", mark(r.Met["lying_loses"]))
	for _, l := range r.Lying {
		src := "模拟"
		if !l.Measured {
			src = "样本不足，按检出率×抽查率"
		}
		fmt.Fprintf(out, "  %s %s：查出率%.3f（%s），得%.0f，失%.0f，期望%+.2f（样本%d）\n", l.Grade.Label(), l.Severity, l.Caught, src, l.Gain, l.Loss, l.Expected, l.Told)
	}
	all := true
	for _, ok := range r.Met {
		all = all && ok
	}
	if all {
		fmt.Fprintf(out, "结论：现行参数达到全部目标\n")
	} else {
		fmt.Fprintf(out, "结论：现行参数未达到全部目标（见上）\n")
	}
	fmt.Fprintf(out, "等级分布（每月 A/B/C/D）：\n")
	for i, g := range r.Grades {
		if i%3 == 0 || i == len(r.Grades)-1 {
			fmt.Fprintf(out, "  第%2d月 %6d %6d %6d %6d\n", i+1, g[scoring.GradeA], g[scoring.GradeB], g[scoring.GradeC], g[scoring.GradeD])
		}
	}
}

// counts formats a count map in key order, e.g. "audit A 12, audit B 40".
func counts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteString("，")
		}
		fmt.Fprintf(&b, "%s %d", k, m[k])
	}
	return b.String()
}
