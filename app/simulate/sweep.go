package simulate

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// SweepRow is one point of a sweep: the value and the figures it gave.
type SweepRow struct {
	Key   string  `json:"key"`
	Value float64 `json:"value"`
	// VisitsSaved is the share of visiting every firm once a year that the
	// policy does not spend; Missed the share of serious violators not
	// visited within 12 months.
	VisitsSaved float64 `json:"visits_saved"`
	Missed      float64 `json:"serious_missed"`
	AUC         float64 `json:"auc"`
	LyingLoses  bool    `json:"lying_loses"`
	Err         string  `json:"error,omitempty"`
}

func row(key string, v float64, r *Report) SweepRow {
	return SweepRow{Key: key, Value: v, VisitsSaved: 1 - r.VisitShare, Missed: 1 - r.SeriousVisited, AUC: r.AUC, LyingLoses: r.Met["lying_loses"]}
}

// Sweep runs one simulation per value of spec, "key=from:to:step".
func Sweep(src Sources, o Options, spec string, base ...Override) ([]SweepRow, error) {
	key, rng, ok := strings.Cut(spec, "=")
	parts := strings.Split(rng, ":")
	if !ok || len(parts) != 3 {
		return nil, fmt.Errorf("sweep %q: want key=from:to:step", spec)
	}
	var v [3]float64
	for i, s := range parts {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, fmt.Errorf("sweep %q: %q is not a number", spec, s)
		}
		v[i] = f
	}
	if v[2] <= 0 || v[1] < v[0] {
		return nil, fmt.Errorf("sweep %q: want from <= to and step > 0", spec)
	}
	var rows []SweepRow
	for i := 0; ; i++ {
		x := math.Round((v[0]+float64(i)*v[2])*1e6) / 1e6
		if x > v[1]+1e-9 {
			break
		}
		p, a, err := Load(src, append(base, Override{key, x})...)
		if err != nil {
			// A value the model refuses (e.g. a rate below the floor) is a
			// row of the frontier too: the parameters cannot go there.
			rows = append(rows, SweepRow{Key: key, Value: x, Err: err.Error()})
			continue
		}
		r, err := Run(p, a, o)
		if err != nil {
			return nil, err
		}
		rows = append(rows, row(key, x, r))
	}
	return rows, nil
}

// WriteSweep prints the frontier between visits saved and violators missed.
func WriteSweep(out io.Writer, rows []SweepRow) {
	fmt.Fprintf(out, "%-28s %10s %12s %8s %8s\n", "参数", "少检查", "漏查严重", "AUC", "说谎吃亏")
	for _, r := range rows {
		if r.Err != "" {
			fmt.Fprintf(out, "%-28s 参数无效：%s\n", fmt.Sprintf("%s=%g", r.Key, r.Value), r.Err)
			continue
		}
		fmt.Fprintf(out, "%-28s %9.1f%% %11.1f%% %8.3f %8v\n", fmt.Sprintf("%s=%g", r.Key, r.Value), 100*r.VisitsSaved, 100*r.Missed, r.AUC, r.LyingLoses)
	}
}

// SensitivityRow is the figures with one assumption at half and one and a
// half times its value.
type SensitivityRow struct {
	Key         string  `json:"key"`
	Value       float64 `json:"value"`
	LowFigures  Figures `json:"low"`
	HighFigures Figures `json:"high"`
}

// Figures are the headline figures of one run.
type Figures struct {
	VisitShare     float64 `json:"visit_share"`
	SeriousVisited float64 `json:"serious_visited_12m"`
	AUC            float64 `json:"auc"`
	LyingLoses     bool    `json:"lying_loses"`
}

func figures(r *Report) Figures {
	return Figures{VisitShare: r.VisitShare, SeriousVisited: r.SeriousVisited, AUC: r.AUC, LyingLoses: r.Met["lying_loses"]}
}

// sensitivityKeys are the assumptions moved by ±50%: the behaviour of
// citizens and inspectors, the severity mix and every profile's traits.
func sensitivityKeys(a Assumptions) []string {
	keys := []string{"detection", "visible", "complaint", "late_share", "severity.严重"}
	for _, t := range sortedKeys(a.Types) {
		for _, f := range []string{"share", "hazard", "honesty", "diligence", "fix", "rectify"} {
			keys = append(keys, "types."+t+"."+f)
		}
	}
	return keys
}

// Sensitivity runs the baseline and, for each assumption, runs at ±50%.
// Probabilities are capped at 1.
func Sensitivity(src Sources, o Options, base ...Override) ([]SensitivityRow, error) {
	p, a, err := Load(src, base...)
	if err != nil {
		return nil, err
	}
	r0, err := Run(p, a, o)
	if err != nil {
		return nil, err
	}
	rows := []SensitivityRow{{Key: "baseline", LowFigures: figures(r0), HighFigures: figures(r0)}}
	for _, k := range sensitivityKeys(a) {
		v, err := numberAt(src.Simulation, k)
		if err != nil {
			return nil, err
		}
		row := SensitivityRow{Key: k, Value: v}
		for i, m := range []float64{0.5, 1.5} {
			x := v * m
			// Probabilities stay probabilities; hazard multipliers may exceed 1.
			if x > 1 && !strings.HasSuffix(k, ".hazard") {
				x = 1
			}
			p, a, err := Load(src, append(base, Override{k, x})...)
			if err != nil {
				return nil, err
			}
			r, err := Run(p, a, o)
			if err != nil {
				return nil, err
			}
			if i == 0 {
				row.LowFigures = figures(r)
			} else {
				row.HighFigures = figures(r)
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// WriteSensitivity prints each figure at -50% and +50% of each assumption.
func WriteSensitivity(out io.Writer, rows []SensitivityRow) {
	fmt.Fprintf(out, "%-26s %8s | %-22s | %-22s | %-18s | %s\n", "假设", "取值", "检查占比 -50%/+50%", "严重12月检查 -50%/+50%", "AUC -50%/+50%", "说谎吃亏")
	for _, r := range rows {
		l, h := r.LowFigures, r.HighFigures
		fmt.Fprintf(out, "%-26s %8g | %9.1f%% %9.1f%% | %9.1f%% %9.1f%% | %7.3f %7.3f | %v/%v\n",
			r.Key, r.Value, 100*l.VisitShare, 100*h.VisitShare, 100*l.SeriousVisited, 100*h.SeriousVisited, l.AUC, h.AUC, l.LyingLoses, h.LyingLoses)
	}
}
