package bot

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// benchFirms is the campaign size of DESIGN.md's target: 100,000 firms with
// one bound user each, pushed in under 30 s.
const benchFirms = 100_000

// BenchmarkCampaignPush pushes a campaign to benchFirms firms through the
// outbox to the stand-in API on MariaDB, rate limit off: the notices are
// enqueued, a worker process drains them and is killed with SIGKILL a third
// of the way, and two workers (replicas) finish after its lease. Every user
// must get exactly one message. It measures the outbox alone, with notices
// built by hand; app's BenchmarkCampaignPush is the same through the
// product's push (pushCampaign: assignments and notices) and the App's own
// sender settings.
func BenchmarkCampaignPush(b *testing.B) {
	for range b.N {
		b.StopTimer()
		sim := newSim(b)
		url := modelstest.NewURL(b, "mysql")
		s := openStore(b, url)
		ids, openIDs := benchSeed(b, s, benchFirms)
		for _, o := range openIDs {
			sim.Subscribe(o)
		}
		o := newTestOutbox(b, s)
		ctx := context.Background()
		_, before := sim.DeliveriesSince(1 << 62)
		b.StartTimer()

		start := time.Now()
		ns := campaign(ids, 1)
		for i := 0; i < len(ns); i += 5000 {
			if _, err := o.Enqueue(ctx, ns[i:min(i+5000, len(ns))]...); err != nil {
				b.Fatal(err)
			}
		}
		enqueued := time.Since(start)
		killWhenDelivered(b, sim, startChild(b, sim, url), before, benchFirms/3)
		killed := time.Since(start)
		// The survivors' clocks are past the dead worker's lease.
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range 2 {
			st := openStore(b, url)
			st.Now = func() time.Time { return time.Now().Add(childLease + time.Second) }
			snd := NewSender(newTestAPI(sim), st, SenderConfig{Worker: fmt.Sprintf("replica%d", i), Batch: 1000, Concurrency: 64})
			wg.Add(1)
			go func() { defer wg.Done(); _, errs[i] = snd.Drain(ctx) }()
		}
		wg.Wait()
		total := time.Since(start)
		b.StopTimer()
		for _, err := range errs {
			if err != nil {
				b.Fatal(err)
			}
		}
		c, err := s.CountOutbox(ctx, 1)
		if err != nil || c.Sent != benchFirms {
			b.Fatalf("CountOutbox = %+v, %v, want %d sent", c, err, benchFirms)
		}
		counts := sim.DeliveryCounts()
		bad := 0
		for _, o := range openIDs {
			if counts[o] != 1 {
				bad++
			}
		}
		if bad > 0 {
			b.Fatalf("%d of %d users did not get exactly one message", bad, benchFirms)
		}
		b.ReportMetric(enqueued.Seconds(), "enqueue-s")
		b.ReportMetric(killed.Seconds(), "kill-at-s")
		b.ReportMetric(total.Seconds(), "total-s")
		b.ReportMetric(float64(benchFirms)/total.Seconds(), "msgs/s")
		b.Logf("%d firms: enqueued in %v, worker killed at %v, all delivered exactly once in %v (%d repeats dropped by client_msg_id)",
			benchFirms, enqueued, killed, total, sim.Dropped())
	}
}

// benchSeed inserts n firms, n users and their bindings with multi-row
// INSERTs (setup, not measured).
func benchSeed(b *testing.B, s *models.Store, n int) ([]int64, []string) {
	b.Helper()
	now := time.Now().UTC().Format("2006-01-02 15:04:05")
	prefix := fmt.Sprintf("obench%d-", time.Now().UnixNano())
	ids := make([]int64, n)
	openIDs := make([]string, n)
	const chunk = 2000
	for start := 0; start < n; start += chunk {
		var es, us, bs []string
		for i := start; i < min(start+chunk, n); i++ {
			id := int64(i + 1)
			ids[i], openIDs[i] = id, fmt.Sprintf("%s%d", prefix, id)
			es = append(es, fmt.Sprintf("(%d,'B%017d','压测企业%d','H6210','餐饮','440604012','%s','%s')", id, id, id, now, now))
			us = append(us, fmt.Sprintf("(%d,'%s','%s','%s')", id, openIDs[i], now, now))
			bs = append(bs, fmt.Sprintf("(%d,%d,'%s')", id, id, now))
		}
		for _, q := range []string{
			"INSERT INTO enterprises (id, uscc, name, industry_code, industry, street_code, created_at, updated_at) VALUES " + strings.Join(es, ","),
			"INSERT INTO wechat_users (id, openid, created_at, updated_at) VALUES " + strings.Join(us, ","),
			"INSERT INTO bindings (wechat_user_id, enterprise_id, created_at) VALUES " + strings.Join(bs, ","),
		} {
			if err := s.DB().Exec(q).Error; err != nil {
				b.Fatal(err)
			}
		}
	}
	return ids, openIDs
}
