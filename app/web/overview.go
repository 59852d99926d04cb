package web

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"sync"
	"time"

	"selfcheck/models"
)

// overviewTTL is how long one scope's overview figures are reused: the
// counts are cheap, but a home page reloaded by many users should not run
// them each time. trendTTL bounds the grade counts of 30 days ago, which
// read the score snapshots.
const (
	overviewTTL = 30 * time.Second
	trendTTL    = time.Hour
	trendBudget = 2 * time.Second
)

// overviewCache holds recent overviews and grade trends by scope key.
type overviewCache struct {
	mu    sync.Mutex
	figs  map[string]cachedOverview
	trend map[string]cachedTrend
}

type cachedOverview struct {
	at  time.Time
	fig models.Overview
}

type cachedTrend struct {
	at     time.Time
	counts map[string]int64
}

// gradeFigure is one grade on the overview: firms now, 30 days ago and the
// link to its ranking.
type gradeFigure struct {
	Grade   string
	Count   int64
	Share   float64 // percent of the scope's firms
	Before  int64
	Delta   int64
	HasPrev bool
	Link    string
}

// campaignFigure is an open campaign's completion.
type campaignFigure struct {
	Campaign  models.Campaign
	Progress  *models.CampaignProgress
	Percent   float64
	ClosingIn int // days until its deadline; -1 when past
}

// overviewData is the 首页 of a regulator.
type overviewData struct {
	page
	Today     string
	Fig       models.Overview
	WaitDays  int
	OnTime    float64
	HasOnTime bool
	Grades    []gradeFigure
	Firms     int64
	Closing   []campaignFigure
	Open      []campaignFigure
	Street    string
}

// overviewPage shows what needs the caller's attention today, within its
// scope; an inspector lands on its visits instead.
func (s *Server) overviewPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := userFrom(ctx)
	if u != nil && u.Role == models.RoleInspector {
		http.Redirect(w, r, "/admin/visits", http.StatusSeeOther)
		return nil
	}
	now := s.now()
	sc := s.scopeOf(u)
	d := &overviewData{page: page{Title: "首页", Nav: "home"}, Today: now.In(s.loc).Format("2006年1月2日"), Street: sc.StreetFilter()}
	fig, err := s.overviewFigures(ctx, u, now)
	if err != nil {
		return err
	}
	d.Fig = fig
	if fig.OldestSubmitted != nil {
		d.WaitDays = int(now.Sub(*fig.OldestSubmitted).Hours() / 24)
	}
	if fig.ReportsDone > 0 {
		d.OnTime, d.HasOnTime = 100*float64(fig.ReportsOnTime)/float64(fig.ReportsDone), true
	}
	if d.Grades, d.Firms, err = s.gradeFigures(ctx, u, sc.StreetFilter(), now); err != nil {
		return err
	}
	if d.Closing, d.Open, err = s.campaignFigures(ctx, u, now); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "overview", d)
	return nil
}

// scopeKey names a user's data scope for the caches.
func scopeKey(u *models.User) string {
	if u == nil {
		return ""
	}
	return u.Role + "|" + u.Scope
}

func (s *Server) overviewFigures(ctx context.Context, u *models.User, now time.Time) (models.Overview, error) {
	key := scopeKey(u)
	s.ov.mu.Lock()
	c, ok := s.ov.figs[key]
	s.ov.mu.Unlock()
	if ok && now.Sub(c.at) >= 0 && now.Sub(c.at) < overviewTTL {
		return c.fig, nil
	}
	fig, err := s.reg.Overview(ctx, u, now, s.loc)
	if err != nil {
		return fig, err
	}
	s.ov.mu.Lock()
	if s.ov.figs == nil {
		s.ov.figs = map[string]cachedOverview{}
	}
	s.ov.figs[key] = cachedOverview{now, fig}
	s.ov.mu.Unlock()
	return fig, nil
}

// gradeFigures counts the scope's firms by grade (the cached distribution)
// and compares them with the counts of 30 days ago from the snapshots.
func (s *Server) gradeFigures(ctx context.Context, u *models.User, street string, now time.Time) ([]gradeFigure, int64, error) {
	rows, err := s.distribution(ctx, "street", street)
	if err != nil {
		return nil, 0, err
	}
	counts := map[string]int64{}
	var total int64
	for _, r := range rows {
		counts[r.Grade] += r.Count
		total += r.Count
	}
	key := scopeKey(u)
	s.ov.mu.Lock()
	t, ok := s.ov.trend[key]
	s.ov.mu.Unlock()
	if !ok || now.Sub(t.at) < 0 || now.Sub(t.at) >= trendTTL {
		// The snapshots of a large district may take long to read: the page
		// does not wait for them beyond trendBudget, and shows no change
		// until a later load finds them in time.
		tctx, cancel := context.WithTimeout(ctx, trendBudget)
		before, err := s.reg.GradeCountsAt(tctx, u, now.AddDate(0, 0, -30))
		cancel()
		if err != nil && ctx.Err() != nil {
			return nil, 0, ctx.Err()
		}
		if err != nil {
			s.log.Warn("overview: grade counts of 30 days ago", "error", err)
			before = nil
		}
		t = cachedTrend{now, before}
		s.ov.mu.Lock()
		if s.ov.trend == nil {
			s.ov.trend = map[string]cachedTrend{}
		}
		s.ov.trend[key] = t
		s.ov.mu.Unlock()
	}
	hasPrev := len(t.counts) > 0
	var out []gradeFigure
	for _, g := range []string{"A", "B", "C", "D"} {
		q := url.Values{"grade": {g}, "street": {street}}
		f := gradeFigure{Grade: g, Count: counts[g], Before: t.counts[g], Delta: counts[g] - t.counts[g], HasPrev: hasPrev,
			Link: string(pageURL("/admin/ranking", q))}
		if total > 0 {
			f.Share = 100 * float64(f.Count) / float64(total)
		}
		out = append(out, f)
	}
	return out, total, nil
}

// campaignFigures returns the caller's pushed campaigns closing in the next
// 7 days and the other open ones, each with its completion.
func (s *Server) campaignFigures(ctx context.Context, u *models.User, now time.Time) (closing, open []campaignFigure, err error) {
	cs, err := s.reg.Campaigns(ctx, u, 200)
	if err != nil {
		return nil, nil, err
	}
	week := now.AddDate(0, 0, 7)
	for _, c := range cs {
		if c.Status != models.CampaignPushed || c.DueAt == nil || c.DueAt.Before(now) {
			continue
		}
		if len(closing)+len(open) >= 8 {
			break
		}
		p, err := s.store.ProgressOf(ctx, c.ID)
		if err != nil {
			return nil, nil, err
		}
		f := campaignFigure{Campaign: c, Progress: p, ClosingIn: int(c.DueAt.Sub(now).Hours() / 24)}
		if p.Targets > 0 {
			f.Percent = 100 * float64(p.Submitted) / float64(p.Targets)
		}
		if c.DueAt.Before(week) {
			closing = append(closing, f)
		} else {
			open = append(open, f)
		}
	}
	sort.Slice(closing, func(i, j int) bool { return closing[i].Campaign.DueAt.Before(*closing[j].Campaign.DueAt) })
	return closing, open, nil
}
