package web

import (
	"context"
	"net/http"
	"strings"
	"time"

	"selfcheck/models"
)

// distTTL is how long a grade distribution is cached: counting a million
// scores takes longer than a page may, and a minute-old chart is fine.
const distTTL = time.Minute

type distEntry struct {
	at   time.Time
	rows []models.GradeCount
}

// distribution returns the grade counts by street or industry within a
// street ("" for all), cached for distTTL.
func (s *Server) distribution(ctx context.Context, by, street string) ([]models.GradeCount, error) {
	key := by + "|" + street
	s.distMu.Lock()
	e, ok := s.distCache[key]
	s.distMu.Unlock()
	if ok && time.Since(e.at) < distTTL {
		return e.rows, nil
	}
	rows, err := s.store.GradeDistribution(ctx, by, street)
	if err != nil {
		return nil, err
	}
	s.distMu.Lock()
	s.distCache[key] = distEntry{time.Now(), rows}
	s.distMu.Unlock()
	return rows, nil
}

// barChart is a stacked bar chart of grade counts, one bar per key.
type barChart struct {
	Title string
	Bars  []bar
	// Height is the SVG height.
	Height int
}

type bar struct {
	Label    string
	Total    int64
	Counts   [4]int64 // A, B, C, D
	Y        int
	Segments []segment
}

type segment struct {
	Grade string
	Count int64
	X, W  float64
}

// chartWidth is the width of the bars' area in SVG units.
const chartWidth = 600.0

func (s *Server) chart(title string, rows []models.GradeCount, label func(string) string) barChart {
	c := barChart{Title: title}
	index := map[string]int{}
	for _, r := range rows {
		i, ok := index[r.Key]
		if !ok {
			i = len(c.Bars)
			index[r.Key] = i
			c.Bars = append(c.Bars, bar{Label: label(r.Key), Y: 28 * i})
		}
		c.Bars[i].Total += r.Count
		if g := strings.Index("ABCD", r.Grade); g >= 0 && len(r.Grade) == 1 {
			c.Bars[i].Counts[g] += r.Count
		}
		c.Bars[i].Segments = append(c.Bars[i].Segments, segment{Grade: r.Grade, Count: r.Count})
	}
	var max int64 = 1
	for _, b := range c.Bars {
		max = maxInt(max, b.Total)
	}
	for i := range c.Bars {
		x := 0.0
		for j := range c.Bars[i].Segments {
			sg := &c.Bars[i].Segments[j]
			sg.X, sg.W = x, chartWidth*float64(sg.Count)/float64(max)
			x += sg.W
		}
	}
	c.Height = 28*len(c.Bars) + 4
	return c
}

func maxInt(a, b int64) int64 {
	if a > b {
		return a
	}
	return b
}

// distributionData is the grade distribution page.
type distributionData struct {
	page
	Charts []barChart
}

func (s *Server) distributionPage(w http.ResponseWriter, r *http.Request) error {
	street := s.scopeOf(userFrom(r.Context())).StreetFilter()
	byStreet, err := s.distribution(r.Context(), "street", street)
	if err != nil {
		return err
	}
	byIndustry, err := s.distribution(r.Context(), "industry", street)
	if err != nil {
		return err
	}
	streetName := func(code string) string {
		if st, ok := s.district.Street(code); ok {
			return st.Name
		}
		return code
	}
	d := &distributionData{page: page{Title: "等级分布", Nav: "distribution"}, Charts: []barChart{
		s.chart("按镇街", byStreet, streetName),
		s.chart("按行业", byIndustry, func(k string) string { return k }),
	}}
	s.render(w, r, http.StatusOK, "distribution", d)
	return nil
}

func (s *Server) apiDistribution(w http.ResponseWriter, r *http.Request) error {
	by := r.URL.Query().Get("by")
	if by == "" {
		by = "street"
	}
	rows, err := s.distribution(r.Context(), by, s.scopeOf(userFrom(r.Context())).StreetFilter())
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, s.distributionV1(by, rows))
	return nil
}
