package main

import (
	"context"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"

	"selfcheck/models"
)

// Scoring runs: the periodic re-score of firms whose marks expired ("due").
var (
	scoringRuns = promauto.NewCounterVec(prometheus.CounterOpts{
		Name: "selfcheck_scoring_runs_total",
		Help: "Scoring runs by kind (due: firms whose marks expired, re-scored by serve) and outcome.",
	}, []string{"kind", "outcome"})
	scoringDuration = promauto.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "selfcheck_scoring_run_seconds",
		Help:    "Duration of scoring runs by kind.",
		Buckets: prometheus.ExponentialBuckets(0.01, 4, 10),
	}, []string{"kind"})
	scoredFirms = promauto.NewCounterVec(prometheus.CounterOpts{
		Name: "selfcheck_scored_firms_total",
		Help: "Firms re-scored by scoring runs, by kind.",
	}, []string{"kind"})
)

func init() {
	for _, k := range []string{"due"} {
		for _, o := range []string{"ok", "error"} {
			scoringRuns.WithLabelValues(k, o)
		}
		scoringDuration.WithLabelValues(k)
		scoredFirms.WithLabelValues(k)
	}
}

// observeScoring records one scoring run of kind that began at start,
// scored n firms and ended with err.
func observeScoring(kind string, start time.Time, n int, err error) {
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	scoringRuns.WithLabelValues(kind, outcome).Inc()
	scoringDuration.WithLabelValues(kind).Observe(time.Since(start).Seconds())
	scoredFirms.WithLabelValues(kind).Add(float64(n))
}

// workflowCollector exports the regulators' workload read from the
// database at scrape time (at most every outboxStatsTTL): the progress of
// open campaigns and the citizen reports past their deadline. Every replica
// reports the same values: aggregate with max().
type workflowCollector struct {
	mu       sync.Mutex
	store    *models.Store
	now      func() time.Time
	at       time.Time
	ok       bool
	progress []models.CampaignStatusCount
	overdue  int64
}

var (
	campaignAssignmentsDesc = prometheus.NewDesc("selfcheck_campaign_assignments",
		"Assignments of the open (pushed) campaigns by status; each campaign's own progress is on the dashboard.", []string{"status"}, nil)
	campaignsOpenDesc  = prometheus.NewDesc("selfcheck_campaigns_open", "Campaigns pushed to someone and not yet closed.", nil, nil)
	reportsOverdueDesc = prometheus.NewDesc("selfcheck_reports_overdue",
		"Open citizen reports whose handling deadline has passed.", nil, nil)
	workflowUpDesc = prometheus.NewDesc("selfcheck_workflow_stats_up",
		"1 when the campaign and report statistics could be read from the database.", nil, nil)
)

// assignmentStatuses are always exported, zero included.
var assignmentStatuses = []string{models.AssignmentPending, models.AssignmentInProgress, models.AssignmentSubmitted,
	models.AssignmentAccepted, models.AssignmentReturned, models.AssignmentOverdue}

var (
	workflowMetrics     = &workflowCollector{}
	workflowMetricsOnce sync.Once
)

// exportWorkflowMetrics makes /metrics report the campaigns and reports of
// store; the collector is registered once per process.
func exportWorkflowMetrics(store *models.Store, now func() time.Time) {
	workflowMetrics.mu.Lock()
	workflowMetrics.store, workflowMetrics.now, workflowMetrics.ok = store, now, false
	workflowMetrics.mu.Unlock()
	workflowMetricsOnce.Do(func() { prometheus.MustRegister(workflowMetrics) })
}

func (c *workflowCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{campaignAssignmentsDesc, campaignsOpenDesc, reportsOverdueDesc, workflowUpDesc} {
		ch <- d
	}
}

func (c *workflowCollector) Collect(ch chan<- prometheus.Metric) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.store == nil {
		return
	}
	if now := c.now(); !c.ok || now.Sub(c.at) >= outboxStatsTTL {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		progress, err := c.store.CampaignProgress(ctx)
		var overdue int64
		if err == nil {
			overdue, err = c.store.OverdueReports(ctx, now)
		}
		cancel()
		c.ok, c.at = err == nil, now
		if c.ok {
			c.progress, c.overdue = progress, overdue
		}
	}
	up := 0.0
	if c.ok {
		up = 1
		byStatus := map[string]int64{}
		for _, st := range assignmentStatuses {
			byStatus[st] = 0
		}
		campaigns := map[int64]bool{}
		for _, p := range c.progress {
			byStatus[p.Status] += p.N
			campaigns[p.CampaignID] = true
		}
		for st, n := range byStatus {
			ch <- prometheus.MustNewConstMetric(campaignAssignmentsDesc, prometheus.GaugeValue, float64(n), st)
		}
		ch <- prometheus.MustNewConstMetric(campaignsOpenDesc, prometheus.GaugeValue, float64(len(campaigns)))
		ch <- prometheus.MustNewConstMetric(reportsOverdueDesc, prometheus.GaugeValue, float64(c.overdue))
	}
	ch <- prometheus.MustNewConstMetric(workflowUpDesc, prometheus.GaugeValue, up)
}
