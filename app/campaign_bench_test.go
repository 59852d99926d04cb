package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"selfcheck/bot/wechatsim"
	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// benchPushFirms is the campaign size of DESIGN.md's target: 100,000 firms
// with one bound user each, pushed and delivered in under 30 s.
const benchPushFirms = 100_000

// The push benchmark's worker process: the test binary run again with
// pushWorkerEnv set runs TestCampaignPushWorker, the App's own outbox sender
// on the database and stand-in named in the environment, until it is killed
// or the outbox is empty.
const (
	pushWorkerEnv = "SELFCHECK_PUSH_WORKER"
	pushDBEnv     = "SELFCHECK_PUSH_DB"
	pushAPIEnv    = "SELFCHECK_PUSH_API"
	benchAppID    = "wxpushbench"
	benchSecret   = "push-bench-secret"
	// senderLease is the App sender's lease (bot.SenderConfig's default).
	senderLease = time.Minute
)

// benchPushApp opens an App on url whose WeChat calls go to the stand-in at
// api, its clock shifted by skew.
func benchPushApp(tb testing.TB, url, api string, skew time.Duration, migrate bool) *App {
	tb.Helper()
	cfg, err := LoadConfig(testEnv(map[string]string{"DATABASE_URL": url, "DATA_DIR": tb.TempDir(),
		"WECHAT_APPID": benchAppID, "WECHAT_APPSECRET": benchSecret, "WECHAT_API_BASE": api,
		"WECHAT_TEMPLATES": testTemplatesFile(tb)}))
	if err != nil {
		tb.Fatal(err)
	}
	a, err := newApp(context.Background(), cfg, assetsFS(), migrate)
	if err != nil {
		tb.Fatal(err)
	}
	a.now = func() time.Time { return time.Now().Add(skew) }
	tb.Cleanup(func() { a.Close() })
	return a
}

// TestCampaignPushWorker is the push benchmark's worker process; in a
// normal test run it does nothing.
func TestCampaignPushWorker(t *testing.T) {
	if os.Getenv(pushWorkerEnv) == "" {
		t.Skip("the push benchmark's worker process")
	}
	a := benchPushApp(t, os.Getenv(pushDBEnv), os.Getenv(pushAPIEnv), 0, false)
	out, err := a.outbound()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := out.sender.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkCampaignPush is DESIGN.md's campaign target through the product's
// path: pushCampaign gives 100,000 firms their assignments and outbox rows
// (a transaction per 5,000), a worker process running the App's sender
// drains them into the stand-in API (rate limit off) and is killed with
// SIGKILL a third of the way, and two replicas' senders finish after its
// lease. Every user must get exactly one message.
//
//	SELFCHECK_BENCH_DURABLE=1 ./scripts/services.sh go test -run '^$' -bench CampaignPush -benchtime 1x ./app/
func BenchmarkCampaignPush(b *testing.B) {
	api := wechatsim.New(benchAppID, benchSecret).Start()
	defer api.Close()
	ctx := context.Background()
	for range b.N {
		b.StopTimer()
		url := modelstest.NewURL(b, "mysql")
		a := benchPushApp(b, url, api.URL, 0, true)
		openIDs := seedBoundFirms(b, a.store, benchPushFirms)
		for _, o := range openIDs {
			api.Subscribe(o)
		}
		ts, err := loadWeChatTemplates(a.cfg.TemplatesFile, a.assets, a.cfg.Demo)
		if err != nil {
			b.Fatal(err)
		}
		api.AddTemplate(simTemplates(ts)...)
		c := &models.Campaign{Name: "燃气安全专项自查", VersionID: a.questionnaires["enterprise"], Audience: "enterprise", DeadlineDays: 5, CreatedBy: "bench"}
		if err := a.store.CreateCampaign(ctx, c, models.CampaignTarget{Streets: []string{"440604012"}}, []string{"燃气安全"}); err != nil {
			b.Fatal(err)
		}
		_, before := api.DeliveriesSince(1 << 62)
		dropped := api.Dropped()
		b.StartTimer()

		start := time.Now()
		n, err := a.reg.PushCampaign(ctx, adminNamed("bench"), c.ID)
		if err != nil || n != benchPushFirms {
			b.Fatalf("pushCampaign = %d, %v; want %d", n, err, benchPushFirms)
		}
		pushed := time.Since(start)
		killPushWorker(b, api, url, before, benchPushFirms/3)
		killed := time.Since(start)
		// The replicas' clocks are past the dead worker's lease.
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range 2 {
			r := benchPushApp(b, url, api.URL, senderLease+time.Second, false)
			out, err := r.outbound()
			if err != nil {
				b.Fatal(err)
			}
			wg.Add(1)
			go func() { defer wg.Done(); _, errs[i] = out.sender.Drain(ctx) }()
		}
		wg.Wait()
		total := time.Since(start)
		b.StopTimer()
		for _, err := range errs {
			if err != nil {
				b.Fatal(err)
			}
		}
		if cnt, err := a.store.CountOutbox(ctx, c.ID); err != nil || cnt.Sent != benchPushFirms {
			b.Fatalf("CountOutbox = %+v, %v; want %d sent", cnt, err, benchPushFirms)
		}
		counts := api.DeliveryCounts()
		bad := 0
		for _, o := range openIDs {
			if counts[o] != 1 {
				bad++
			}
		}
		if bad > 0 {
			b.Fatalf("%d of %d users did not get exactly one message", bad, benchPushFirms)
		}
		b.ReportMetric(pushed.Seconds(), "push-s")
		b.ReportMetric(killed.Seconds(), "kill-at-s")
		b.ReportMetric(total.Seconds(), "total-s")
		b.ReportMetric(float64(benchPushFirms)/total.Seconds(), "msgs/s")
		b.Logf("%d firms: pushed (assignments and outbox) in %v, worker killed at %v, all delivered exactly once in %v (%d repeats dropped by client_msg_id)",
			benchPushFirms, pushed, killed, total, api.Dropped()-dropped)
	}
}

// killPushWorker starts the worker process, sends it SIGKILL once the
// stand-in has delivered n more messages than before, and waits for it.
func killPushWorker(b *testing.B, api *wechatsim.Server, url string, before, n int) {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCampaignPushWorker$")
	cmd.Env = append(os.Environ(), pushWorkerEnv+"=1", pushDBEnv+"="+url, pushAPIEnv+"="+api.URL)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	for {
		if _, total := api.DeliveriesSince(1 << 62); total-before >= n {
			break
		}
		select {
		case err := <-exited:
			b.Fatalf("worker exited before the kill: %v", err)
		case <-time.After(time.Millisecond):
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		b.Fatal(err)
	}
	<-exited
}

// seedBoundFirms inserts n active firms in street 440604012, each with one
// bound, subscribed user, with multi-row INSERTs (setup, not measured), and
// returns the users' openids.
func seedBoundFirms(b *testing.B, s *models.Store, n int) []string {
	b.Helper()
	now := time.Now().UTC().Format("2006-01-02 15:04:05")
	prefix := fmt.Sprintf("opush%d-", time.Now().UnixNano())
	openIDs := make([]string, n)
	const chunk = 2000
	for start := 0; start < n; start += chunk {
		var es, us, bs []string
		for i := start; i < min(start+chunk, n); i++ {
			id := int64(i + 1)
			openIDs[i] = fmt.Sprintf("%s%d", prefix, id)
			es = append(es, fmt.Sprintf("(%d,'P%017d','佛山市禅城区压测企业%d有限公司','H6210','餐饮','440604012','%s','%s')", id, id, id, now, now))
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
	return openIDs
}
