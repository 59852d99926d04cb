package web

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"selfcheck/models"
)

// historyChart is a firm's score history drawn as server-side SVG: time
// runs along the x axis, the shown score up the y axis over the grade
// bands of the parameters in force, and each snapshot is a dot whose title
// gives its date, score and grade when hovered.
type historyChart struct {
	Width, Height int
	// Left, Right, Top and Bottom bound the plot area.
	Left, Right, Top, Bottom float64
	// Derived positions of the axes' ticks and labels.
	PlotWidth, BandLabelX, TickLeft, YLabelX, TickBottom, XLabelY float64
	Points                                                        string
	Dots                                                          []historyDot
	Bands                                                         []chartBand
	YTicks, XTicks                                                []chartTick
	// Trend is the last change of the shown score, from the snapshot of
	// TrendSince; "" when the score never changed.
	Trend      string
	TrendSince time.Time
}

type historyDot struct {
	X, Y  float64
	Label string
}

// chartBand is a grade's range of scores as a horizontal stripe.
type chartBand struct {
	Grade        string
	Y, H, LabelY float64
	Label        string
}

// chartTick is an axis label at a position.
type chartTick struct {
	At    float64
	Label string
}

// chart geometry, in SVG user units.
const (
	histWidth, histHeight = 720, 260
	chartLeft, chartRight = 52.0, 708.0
	chartTop, chartBottom = 12.0, 226.0
)

// historyChart draws h (oldest first) between the lowest useful score and
// 1000.
func (s *Server) historyChart(h []models.ScoreSnapshot) historyChart {
	c := historyChart{Width: histWidth, Height: histHeight, Left: chartLeft, Right: chartRight, Top: chartTop, Bottom: chartBottom,
		PlotWidth: chartRight - chartLeft, BandLabelX: chartRight - 4, TickLeft: chartLeft - 4, YLabelX: chartLeft - 8,
		TickBottom: chartBottom + 4, XLabelY: chartBottom + 20}
	if len(h) == 0 {
		return c
	}
	th := s.reg.Credit().Params().Thresholds
	a, b, cc := th.A.InexactFloat64(), th.B.InexactFloat64(), th.C.InexactFloat64()
	lo := cc - 150
	for _, sn := range h {
		lo = min(lo, sn.Shown.InexactFloat64())
	}
	lo = max(0, float64(int(lo/100))*100)
	const hi = 1000.0
	y := func(v float64) float64 { return chartBottom - (v-lo)/(hi-lo)*(chartBottom-chartTop) }
	for _, bd := range []struct {
		grade    string
		from, to float64
		label    string
	}{
		{"A", a, hi, fmt.Sprintf("A ≥ %.0f", a)}, {"B", b, a, fmt.Sprintf("B %.0f–%.0f", b, a)},
		{"C", cc, b, fmt.Sprintf("C %.0f–%.0f", cc, b)}, {"D", lo, cc, fmt.Sprintf("D < %.0f", cc)},
	} {
		from := max(bd.from, lo)
		if from >= bd.to {
			continue
		}
		c.Bands = append(c.Bands, chartBand{Grade: bd.grade, Y: y(bd.to), H: y(from) - y(bd.to), LabelY: y(bd.to) + 14, Label: bd.label})
	}
	for v := lo; v <= hi; v += 100 {
		c.YTicks = append(c.YTicks, chartTick{At: y(v), Label: fmt.Sprintf("%.0f", v)})
	}
	first, lastAt := h[0].ComputedAt, h[len(h)-1].ComputedAt
	span := lastAt.Sub(first)
	x := func(t time.Time) float64 {
		if span <= 0 {
			return (chartLeft + chartRight) / 2
		}
		return chartLeft + 8 + float64(t.Sub(first))/float64(span)*(chartRight-chartLeft-16)
	}
	// A label per month when the history is short, per quarter when long.
	step := 1
	if span > 400*24*time.Hour {
		step = 3
	} else if span > 200*24*time.Hour {
		step = 2
	}
	f := first.In(s.loc)
	for m := time.Date(f.Year(), f.Month(), 1, 0, 0, 0, 0, s.loc); !m.After(lastAt); m = m.AddDate(0, step, 0) {
		if m.Before(first) && span > 0 {
			continue
		}
		c.XTicks = append(c.XTicks, chartTick{At: x(m), Label: m.Format("2006-01")})
	}
	if span <= 0 {
		c.XTicks = []chartTick{{At: x(first), Label: first.In(s.loc).Format("2006-01-02")}}
	}
	var pts []string
	for _, sn := range h {
		px, py := x(sn.ComputedAt), y(sn.Shown.InexactFloat64())
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", px, py))
		c.Dots = append(c.Dots, historyDot{X: px, Y: py,
			Label: fmt.Sprintf("%s %s分 %s级", sn.ComputedAt.In(s.loc).Format("2006-01-02"), sn.Shown.StringFixed(0), sn.Grade)})
	}
	c.Points = strings.Join(pts, " ")
	last := h[len(h)-1]
	for i := len(h) - 2; i >= 0; i-- {
		if !h[i].Shown.Equal(last.Shown) {
			c.Trend = signedScore(last.Shown.Sub(h[i].Shown))
			c.TrendSince = h[i].ComputedAt
			break
		}
	}
	return c
}

// signedScore writes a score change with its sign.
func signedScore(d decimal.Decimal) string {
	if d.IsPositive() {
		return "+" + d.StringFixed(0)
	}
	return d.StringFixed(0)
}
