package web

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"slices"
	"strings"

	"selfcheck/app/simulate"
	"selfcheck/scoring"
)

// The charts of the simulation page are built as SVG text here, in the
// classes of admin.css (rect.gA…gD, line.grid, polyline.line, circle.dot),
// so that the command line can write the same frontier chart to a file.

// svgStyle makes a standalone SVG file look like the dashboard's charts.
const svgStyle = `<style>text{font:13px "Noto Sans CJK SC","Microsoft YaHei",sans-serif;fill:#1f2933}` +
	`line.grid{stroke:#d9e2ec;stroke-dasharray:4 4}line.axis{stroke:#616e7c}` +
	`polyline.line{fill:none;stroke:#0b6bcb;stroke-width:2}circle.dot{fill:#0b6bcb}circle.bad{fill:#c62828}` +
	`rect.gA{fill:#2e7d32}rect.gB{fill:#0b6bcb}rect.gC{fill:#ef8f00}rect.gD{fill:#c62828}rect.bar{fill:#0b6bcb}</style>`

// gradeChart is the grade distribution per simulated month as stacked
// columns of shares, with a percentage axis and the month below.
func gradeChart(months []map[scoring.Grade]int) template.HTML {
	if len(months) == 0 {
		return ""
	}
	const left, top, plotH = 48.0, 10.0, 220.0
	colW := math.Max(12, math.Min(36, 720/float64(len(months))))
	width := left + colW*float64(len(months)) + 20
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" id="grade-chart" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-label="等级分布随时间变化">`,
		width, top+plotH+40, width, top+plotH+40)
	for p := 0; p <= 100; p += 25 {
		y := top + plotH*(1-float64(p)/100)
		fmt.Fprintf(&b, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" class="grid" stroke="#d9e2ec"/><text x="%.0f" y="%.1f" text-anchor="end">%d%%</text>`,
			left, y, width-10, y, left-6, y+4, p)
	}
	for i, m := range months {
		total := 0
		for _, n := range m {
			total += n
		}
		if total == 0 {
			continue
		}
		x, y := left+colW*float64(i), top+plotH
		// D at the bottom, A on top, as a rising share of A reads upward.
		for _, g := range []scoring.Grade{scoring.GradeD, scoring.GradeC, scoring.GradeB, scoring.GradeA} {
			h := plotH * float64(m[g]) / float64(total)
			y -= h
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" class="g%s" fill="%s"><title>第%d月 %s级 %d家（%.1f%%）</title></rect>`,
				x+1, y, colW-2, h, g, gradeFill[g], i+1, g, m[g], 100*float64(m[g])/float64(total))
		}
		if len(months) <= 24 || i%3 == 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" text-anchor="middle">%d</text>`, x+colW/2, top+plotH+16, i+1)
		}
	}
	fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" text-anchor="middle">月份（预热期之后）</text></svg>`, left+colW*float64(len(months))/2, top+plotH+36)
	return template.HTML(b.String())
}

// causeChart is a horizontal bar per cause of visits, largest first.
func causeChart(by map[string]int) template.HTML {
	if len(by) == 0 {
		return ""
	}
	keys := make([]string, 0, len(by))
	total, most := 0, 1
	for k, n := range by {
		keys = append(keys, k)
		total += n
		most = max(most, n)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if by[a] != by[b] {
			return by[b] - by[a]
		}
		return strings.Compare(a, b)
	})
	const rowH, labelW, barW = 26, 190.0, 520.0
	var b strings.Builder
	h := rowH*len(keys) + 4
	fmt.Fprintf(&b, `<svg class="chart" id="cause-chart" viewBox="0 0 900 %d" width="900" height="%d" role="img" aria-label="检查原因">`, h, h)
	for i, k := range keys {
		y := rowH * i
		w := barW * float64(by[k]) / float64(most)
		fmt.Fprintf(&b, `<g transform="translate(0,%d)"><text x="0" y="17">%s</text><rect x="%.0f" y="2" width="%.1f" height="20" class="gB" fill="#0b6bcb"><title>%s：%d次（%.1f%%）</title></rect><text x="%.1f" y="17">%d次（%.1f%%）</text></g>`,
			y, html.EscapeString(causeLabel(k)), labelW, w, html.EscapeString(causeLabel(k)), by[k], 100*float64(by[k])/float64(total), labelW+w+8, by[k], 100*float64(by[k])/float64(total))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// causeLabel names a cause key of the report ("audit A", "always D",
// "grade D", "follow_up", or the rule that forced it) in Chinese where it knows the words.
func causeLabel(k string) string {
	kind, rest, ok := strings.Cut(k, " ")
	switch {
	case ok && kind == "audit":
		return rest + "级 双随机抽查"
	case ok && kind == "grade":
		return rest + "级 每轮必查"
	case k == "follow_up":
		return "整改复查"
	}
	if l, ok := ruleLabels[k]; ok {
		return "强制：" + l
	}
	return "强制：" + k
}

// ruleLabels name the rules that force a visit.
var ruleLabels = map[string]string{
	scoring.RuleSeriousViolation: "严重违法",
	scoring.RuleFalseReport:      "自查不实",
	scoring.RuleCitizenReport:    "市民举报经核实",
	scoring.RuleVerification:     "自报隐患待复查",
}

// gradeFill are the grades' colours of admin.css, written on the shapes as
// well so that a chart stays legible where the stylesheet is missing.
var gradeFill = map[scoring.Grade]string{scoring.GradeA: "#2e7d32", scoring.GradeB: "#0b6bcb", scoring.GradeC: "#ef8f00", scoring.GradeD: "#c62828"}

// frontierChart plots a sweep: visits saved against serious violators
// missed, one dot per value, joined in sweep order. Standalone adds the
// XML namespace and the styles, for a file opened outside the dashboard.
func frontierChart(rows []simulate.SweepRow, standalone bool) string {
	var pts []simulate.SweepRow
	for _, r := range rows {
		if r.Err == "" {
			pts = append(pts, r)
		}
	}
	const left, top, plotW, plotH = 60.0, 30.0, 600.0, 300.0
	// The axes: visits saved from the nearest ten below the smallest to
	// 100%; missed from 0 to the nearest five above the largest.
	xMin, yMax := 100.0, 5.0
	for _, r := range pts {
		xMin = math.Min(xMin, math.Floor(100*r.VisitsSaved/10)*10)
		yMax = math.Max(yMax, math.Ceil(100*r.Missed/5)*5)
	}
	if xMin >= 100 {
		xMin = 0
	}
	px := func(v float64) float64 { return left + plotW*(100*v-xMin)/(100-xMin) }
	py := func(v float64) float64 { return top + plotH*(1-100*v/yMax) }
	var b strings.Builder
	ns := ""
	if standalone {
		ns = ` xmlns="http://www.w3.org/2000/svg"`
	}
	key := ""
	if len(rows) > 0 {
		key = rows[0].Key
	}
	fmt.Fprintf(&b, `<svg%s class="chart" id="frontier-chart" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-label="少检查与漏查严重违法的取舍">`,
		ns, left+plotW+40, top+plotH+60, left+plotW+40, top+plotH+60)
	if standalone {
		b.WriteString(svgStyle)
		fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="#fff"/>`)
	}
	fmt.Fprintf(&b, `<text x="%.0f" y="18">扫描 %s：少检查（横轴）与漏查严重违法（纵轴）</text>`, left, html.EscapeString(key))
	for i := 0; i <= 5; i++ {
		xv := xMin + (100-xMin)*float64(i)/5
		x := left + plotW*float64(i)/5
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" class="grid" stroke="#d9e2ec"/><text x="%.1f" y="%.0f" text-anchor="middle">%.0f%%</text>`,
			x, top, x, top+plotH, x, top+plotH+18, xv)
		yv := yMax * float64(i) / 5
		y := top + plotH*(1-float64(i)/5)
		fmt.Fprintf(&b, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" class="grid" stroke="#d9e2ec"/><text x="%.0f" y="%.1f" text-anchor="end">%.1f%%</text>`,
			left, y, left+plotW, y, left-6, y+4, yv)
	}
	// The goals: at most 40% of the visits (60% saved), at most 10% missed.
	gx, gy := px(1-simulate.Goals.VisitShare), py(1-simulate.Goals.SeriousVisited)
	if gx >= left && gy >= top {
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#2e7d32" fill-opacity="0.08"><title>目标区：少检查≥%.0f%%，漏查≤%.0f%%</title></rect>`,
			gx, gy, left+plotW-gx, top+plotH-gy, 100*(1-simulate.Goals.VisitShare), 100*(1-simulate.Goals.SeriousVisited))
	}
	fmt.Fprintf(&b, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" class="axis" stroke="#616e7c"/><line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" class="axis" stroke="#616e7c"/>`,
		left, top+plotH, left+plotW, top+plotH, left, top, left, top+plotH)
	var line []string
	for _, r := range pts {
		line = append(line, fmt.Sprintf("%.1f,%.1f", px(r.VisitsSaved), py(r.Missed)))
	}
	if len(line) > 1 {
		fmt.Fprintf(&b, `<polyline points="%s" class="line" fill="none" stroke="#0b6bcb" stroke-width="2"/>`, strings.Join(line, " "))
	}
	for _, r := range pts {
		class := "dot"
		if !r.LyingLoses {
			class = "dot bad"
		}
		x, y := px(r.VisitsSaved), py(r.Missed)
		fill := "#0b6bcb"
		if !r.LyingLoses {
			fill = "#c62828"
		}
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="5" class="%s" fill="%s"><title>%s=%g：少检查%.1f%%，漏查%.1f%%，AUC %.3f</title></circle><text x="%.1f" y="%.1f">%g</text>`,
			x, y, class, fill, html.EscapeString(r.Key), r.Value, 100*r.VisitsSaved, 100*r.Missed, r.AUC, x+7, y-7, r.Value)
	}
	fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" text-anchor="middle">少检查（相对每家每年检查一次）</text>`, left+plotW/2, top+plotH+40)
	fmt.Fprintf(&b, `<text x="14" y="%.0f" transform="rotate(-90 14 %.0f)" text-anchor="middle">漏查严重违法（12个月内未检查）</text>`, top+plotH/2, top+plotH/2)
	b.WriteString(`</svg>`)
	return b.String()
}

// FrontierSVG is the chart of a sweep as a standalone SVG file: visits
// saved against serious violators missed, with the goals' corner shaded
// and red dots where lying pays.
func FrontierSVG(rows []simulate.SweepRow) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + frontierChart(rows, true) + "\n")
}
