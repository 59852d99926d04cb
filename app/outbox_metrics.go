package main

import (
	"context"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"selfcheck/models"
)

// outboxCollector exports the outbox's health, read from the database when
// Prometheus scrapes (at most every outboxStatsTTL), so every replica reports
// the same shared queue: alert on max(), not sum().
type outboxCollector struct {
	mu    sync.Mutex
	store *models.Store
	now   func() time.Time
	at    time.Time
	stats models.OutboxStats
	ok    bool
}

const outboxStatsTTL = 10 * time.Second

var (
	outboxPendingDesc = prometheus.NewDesc("selfcheck_outbox_pending", "Outbound WeChat messages not yet delivered, due or not.", nil, nil)
	outboxDueDesc     = prometheus.NewDesc("selfcheck_outbox_due", "Pending messages whose time has come that no worker holds.", nil, nil)
	outboxOldestDesc  = prometheus.NewDesc("selfcheck_outbox_oldest_due_seconds", "How long the most overdue pending message has waited.", nil, nil)
	outboxDeadDesc    = prometheus.NewDesc("selfcheck_outbox_dead", "Dead letters: messages WeChat refused for good or whose retries ran out.", nil, nil)
	outboxUpDesc      = prometheus.NewDesc("selfcheck_outbox_stats_up", "1 when the outbox statistics could be read from the database.", nil, nil)
)

var (
	outboxMetrics     = &outboxCollector{}
	outboxMetricsOnce sync.Once
)

// exportOutboxMetrics makes /metrics report the outbox of store. A process
// serves one store; the collector is registered once per process.
func exportOutboxMetrics(store *models.Store, now func() time.Time) {
	outboxMetrics.mu.Lock()
	outboxMetrics.store, outboxMetrics.now, outboxMetrics.ok = store, now, false
	outboxMetrics.mu.Unlock()
	outboxMetricsOnce.Do(func() { prometheus.MustRegister(outboxMetrics) })
}

func (c *outboxCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{outboxPendingDesc, outboxDueDesc, outboxOldestDesc, outboxDeadDesc, outboxUpDesc} {
		ch <- d
	}
}

func (c *outboxCollector) Collect(ch chan<- prometheus.Metric) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.store == nil {
		return
	}
	if now := c.now(); !c.ok || now.Sub(c.at) >= outboxStatsTTL {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		st, err := c.store.OutboxStats(ctx, now)
		cancel()
		c.stats, c.ok, c.at = st, err == nil, now
	}
	up := 0.0
	if c.ok {
		up = 1
		ch <- prometheus.MustNewConstMetric(outboxPendingDesc, prometheus.GaugeValue, float64(c.stats.Pending))
		ch <- prometheus.MustNewConstMetric(outboxDueDesc, prometheus.GaugeValue, float64(c.stats.Due))
		ch <- prometheus.MustNewConstMetric(outboxOldestDesc, prometheus.GaugeValue, c.stats.OldestDue.Seconds())
		ch <- prometheus.MustNewConstMetric(outboxDeadDesc, prometheus.GaugeValue, float64(c.stats.Dead))
	}
	ch <- prometheus.MustNewConstMetric(outboxUpDesc, prometheus.GaugeValue, up)
}
