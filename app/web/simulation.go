package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"time"

	"selfcheck/app/regulator"
	"selfcheck/app/simulate"
	"selfcheck/models"
	"selfcheck/scoring"
)

// simulationData is the policy simulation page: the report shown, where it
// comes from, and the state of the page's own run.
type simulationData struct {
	page
	Report   *simulate.Report
	Source   string // where the report comes from, in words
	Running  bool
	Elapsed  int // seconds the run in progress has taken
	RunFirms int
	Notice   string
	Error    string
	MaxFirms int
	Firms    int
	Seed     uint64
	CanRun   bool

	Goals      []simGoal
	Causes     template.HTML
	GradeChart template.HTML
	Lying      []lieRow
	Severities []scoring.Severity
	Assume     *simulate.Assumptions
	AssumeText string
	Frontier   template.HTML
	Sweep      []sweepRow
}

// sweepRow is one value of a saved sweep, with its shares in percent.
type sweepRow struct {
	simulate.SweepRow
	Saved, Missed string
}

// simGoal is one headline figure against its goal.
type simGoal struct {
	ID, Name, Figure, Goal, Detail string
	Met                            bool
}

// lieRow is one grade of the expected value of lying.
type lieRow struct {
	Grade scoring.Grade
	Cells []lieCell
}

type lieCell struct {
	Value    float64
	Told     int
	Caught   float64
	Measured bool
	Style    template.CSS
}

func (s *Server) simulationRoutes(admin func(string, handlerFunc)) {
	admin("GET /admin/simulation", s.simulationPage)
	admin("POST /admin/simulation", s.simulationRun)
}

func (s *Server) simulationPage(w http.ResponseWriter, r *http.Request) error {
	sr := s.sim
	u := userFrom(r.Context())
	d := &simulationData{page: page{Title: "模拟评估", Nav: "simulation"}, MaxFirms: sr.opts.Firms,
		Firms: min(2000, sr.opts.Firms), Seed: 1, CanRun: s.reg.Policy().Allows(u, regulator.KindSimulation, regulator.Change)}
	q := r.URL.Query()
	if q.Has("firms") {
		k, err := parseSimKey(q, sr.opts.Firms)
		if err != nil {
			return err
		}
		d.Firms, d.Seed = k.Firms, k.Seed
		rep, running, since, lastErr := sr.state(k)
		switch {
		case rep != nil:
			d.Report, d.Source = rep, fmt.Sprintf("本页模拟：%d家企业，%d个月，种子%d（数字为小样本估计，完整评估见命令行 20,000 家报告）", k.Firms, simMonths, k.Seed)
		case running:
			d.Running, d.Elapsed, d.RunFirms = true, int(time.Since(since).Seconds()), k.Firms
		case lastErr != nil:
			d.Error = "模拟失败：" + lastErr.Error()
		default:
			d.Notice = "这组参数尚无结果，请点击“重新模拟”。"
		}
	}
	if d.Report == nil && !d.Running {
		if rep, at := sr.savedReport(); rep != nil {
			d.Report, d.Source = rep, fmt.Sprintf("命令行保存的报告（selfcheck simulate --out）：%d家企业，%d个月，种子%d，保存于 %s",
				rep.Firms, rep.Months, rep.Seed, at.In(s.loc).Format("2006-01-02 15:04"))
		} else if k, rep := sr.latest(); rep != nil {
			d.Report, d.Source = rep, fmt.Sprintf("本页模拟：%d家企业，%d个月，种子%d（小样本估计）", k.Firms, simMonths, k.Seed)
		} else if k, since, ok := sr.busy(); ok {
			d.Running, d.Elapsed, d.RunFirms = true, int(time.Since(since).Seconds()), k.Firms
		} else if sr.opts.Auto {
			k := simKey{Firms: min(2000, sr.opts.Firms), Seed: 1}
			if err := sr.start(k, nil); err == nil {
				d.Running, d.RunFirms = true, k.Firms
			}
		}
	}
	if err := s.fillSimulation(d); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "simulation", d)
	return nil
}

// simulationRun starts a run of the page in the background and sends the
// browser to its result, which refreshes until the run is done.
func (s *Server) simulationRun(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return models.Errorf(models.EINVALID, "表单无效")
	}
	k, err := parseSimKey(r.PostForm, s.sim.opts.Firms)
	if err != nil {
		return err
	}
	if err := s.sim.start(k, nil); errors.Is(err, errBusy) {
		return models.Errorf(models.ECONFLICT, "已有一次模拟在运行，请等它完成后再试")
	} else if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/simulation?firms=%d&seed=%d", k.Firms, k.Seed), http.StatusSeeOther)
	return nil
}

// parseSimKey reads firms (500 to the page's cap) and seed from a form.
func parseSimKey(v url.Values, most int) (simKey, error) {
	firms, err := strconv.Atoi(v.Get("firms"))
	if err != nil || firms < 500 || firms > most {
		return simKey{}, models.Errorf(models.EINVALID, "企业数须在500到%d之间", most)
	}
	seed, err := strconv.ParseUint(v.Get("seed"), 10, 64)
	if err != nil {
		return simKey{}, models.Errorf(models.EINVALID, "种子须为非负整数")
	}
	return simKey{Firms: firms, Seed: seed}, nil
}

// fillSimulation builds the charts and tables of the report shown, the
// assumptions in force and the saved sweep.
func (s *Server) fillSimulation(d *simulationData) error {
	src, err := s.sim.sources()
	if err == nil {
		d.AssumeText = string(src.Simulation)
		if _, a, err := simulate.Load(src); err == nil {
			d.Assume = &a
		}
	}
	if rows := s.sim.savedSweep(); len(rows) > 0 {
		d.Frontier = template.HTML(frontierChart(rows, false))
		for _, r := range rows {
			d.Sweep = append(d.Sweep, sweepRow{SweepRow: r, Saved: fmt.Sprintf("%.1f%%", 100*r.VisitsSaved), Missed: fmt.Sprintf("%.1f%%", 100*r.Missed)})
		}
	}
	rep := d.Report
	if rep == nil {
		return nil
	}
	pct := func(v float64) string { return fmt.Sprintf("%.1f%%", 100*v) }
	worst := math.Inf(-1)
	for _, l := range rep.Lying {
		worst = math.Max(worst, l.Expected)
	}
	d.Goals = []simGoal{
		{ID: "goal-visits", Name: "检查次数（相对每家每年检查一次）", Figure: pct(rep.VisitShare), Goal: fmt.Sprintf("≤ %.0f%%", 100*simulate.Goals.VisitShare),
			Met: rep.Met["visits"], Detail: fmt.Sprintf("每年%.0f次，其中%.1f%%由决定强制", rep.VisitsPerYear, 100*rep.ForcedShare)},
		{ID: "goal-serious", Name: "严重违法企业12个月内检查到", Figure: pct(rep.SeriousVisited), Goal: fmt.Sprintf("≥ %.0f%%", 100*simulate.Goals.SeriousVisited),
			Met: rep.Met["serious_visited"], Detail: fmt.Sprintf("%d家严重违法企业，平均%.1f个月后首次检查", rep.SeriousViolators, rep.MonthsToVisit)},
		{ID: "goal-auc", Name: "前瞻AUC（分数预测未来12个月较重以上隐患）", Figure: fmt.Sprintf("%.3f", rep.AUC), Goal: fmt.Sprintf("≥ %.2f", simulate.Goals.AUC),
			Met: rep.Met["auc"], Detail: fmt.Sprintf("仅按等级%.3f；知道隐藏真相时的上限%.3f", rep.GradeAUC, rep.OracleAUC)},
		{ID: "goal-lying", Name: "各等级、各严重程度说谎都吃亏", Figure: fmt.Sprintf("最大期望 %+.1f分", worst), Goal: "全部 < 0",
			Met: rep.Met["lying_loses"], Detail: fmt.Sprintf("自查不实%d次，查出%d次，平均%.1f个月后查出", rep.Lies, rep.LiesCaught, rep.MonthsToDetect)},
	}
	d.Causes = causeChart(rep.VisitsBy)
	d.GradeChart = gradeChart(rep.Grades)
	d.Severities = scoring.Severities()
	scale := 1.0
	for _, l := range rep.Lying {
		scale = math.Max(scale, math.Abs(l.Expected))
	}
	for _, g := range scoring.Grades() {
		row := lieRow{Grade: g}
		for _, sev := range d.Severities {
			i := slices.IndexFunc(rep.Lying, func(l simulate.LieValue) bool { return l.Grade == g && l.Severity == sev })
			if i < 0 {
				row.Cells = append(row.Cells, lieCell{Value: math.NaN()})
				continue
			}
			l := rep.Lying[i]
			// Green where lying loses, red where it pays, deeper with the size.
			rgb, alpha := "46,125,50", 0.12+0.5*math.Abs(l.Expected)/scale
			if l.Expected >= 0 {
				rgb, alpha = "198,40,40", 0.25+0.5*math.Abs(l.Expected)/scale
			}
			row.Cells = append(row.Cells, lieCell{Value: l.Expected, Told: l.Told, Caught: l.Caught, Measured: l.Measured,
				Style: template.CSS(fmt.Sprintf("background:rgba(%s,%.2f)", rgb, alpha))})
		}
		d.Lying = append(d.Lying, row)
	}
	return nil
}

// savedSweep reads the sweep `selfcheck simulate --sweep … --out` saved,
// if any.
func (sr *simRunner) savedSweep() []simulate.SweepRow {
	if sr.opts.Sweep == "" {
		return nil
	}
	b, err := os.ReadFile(sr.opts.Sweep)
	if err != nil {
		return nil
	}
	var rows []simulate.SweepRow
	if err := json.Unmarshal(b, &rows); err != nil {
		sr.log.Error("parse simulation sweep", "path", sr.opts.Sweep, "err", err)
		return nil
	}
	return rows
}
