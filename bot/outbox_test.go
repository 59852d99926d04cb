package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"selfcheck/bot/wechatsim"
	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// eachDB runs fn on every dialect with the database's URL, for tests that
// open a second Store on the same database (a second replica).
func eachDB(t *testing.T, fn func(t *testing.T, url string)) {
	for _, d := range modelstest.Dialects {
		t.Run(d, func(t *testing.T) { fn(t, modelstest.NewURL(t, d)) })
	}
}

func openStore(t testing.TB, url string) *models.Store {
	t.Helper()
	s, err := models.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

var nonWord = regexp.MustCompile(`[^A-Za-z0-9]+`)

// openIDPrefix names the test's openids after the test.
func openIDPrefix(t testing.TB) string {
	p := nonWord.ReplaceAllString(t.Name(), "")
	if len(p) > 40 {
		p = p[len(p)-40:]
	}
	return "o" + p + "-"
}

// boundFirms creates n firms with one bound user each and returns the
// firms' ids and the users' openids.
func boundFirms(t testing.TB, sim *wechatsim.Server, s *models.Store, n int) ([]int64, []string) {
	t.Helper()
	ctx := context.Background()
	prefix := openIDPrefix(t)
	var ids []int64
	var openIDs []string
	for i := range n {
		e := modelstest.Enterprise(t, s, nil)
		u, err := s.EnsureWechatUser(ctx, fmt.Sprintf("%s%d", prefix, i))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.DB().Create(&models.Binding{WechatUserID: u.ID, EnterpriseID: e.ID, CreatedAt: time.Now()}).Error; err != nil {
			t.Fatal(err)
		}
		sim.Subscribe(u.OpenID)
		ids, openIDs = append(ids, e.ID), append(openIDs, u.OpenID)
	}
	return ids, openIDs
}

// testTemplates is the shipped mapping.
func testTemplates(t testing.TB) Templates {
	t.Helper()
	src, err := os.ReadFile("../templates/wechat_templates.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var ts Templates
	if err := yamlUnmarshal(src, &ts); err != nil {
		t.Fatal(err)
	}
	return ts
}

func newTestOutbox(t testing.TB, s *models.Store) *Outbox {
	t.Helper()
	o, err := NewOutbox(s, os.DirFS("../templates"), testTemplates(t), "https://selfcheck.example.gov.cn")
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func newTestAPI(sim *wechatsim.Server) *API {
	return NewAPI(APIConfig{AppID: testAppID, AppSecret: testSecret, Base: sim.URL}, NewMemoryTokenCache())
}

// newTestSender returns a sender with fast retries.
func newTestSender(s *models.Store, api *API, worker string) *Sender {
	return NewSender(api, s, SenderConfig{Worker: worker, Batch: 50, Concurrency: 4, Backoff: time.Millisecond,
		MaxBackoff: time.Millisecond, CallTimeout: 300 * time.Millisecond})
}

// campaign returns assigned notices for the firms.
func campaign(ids []int64, campaignID int64) []Notice {
	var ns []Notice
	for _, id := range ids {
		ns = append(ns, Notice{Topic: TopicAssigned, Ref: fmt.Sprintf("c%d:e%d", campaignID, id), EnterpriseID: id,
			CampaignID: campaignID, Fields: map[string]string{"firm": "测试企业", "title": "消防安全自查", "deadline": "2026-12-11"}})
	}
	return ns
}

// passBackoff moves the store's clock, which the sender schedules retries
// by, past the tests' millisecond backoff, instead of sleeping. Call it
// between drains, when no send is in flight.
func passBackoff(s *models.Store) {
	prev := s.Now
	s.Now = func() time.Time { return prev().Add(10 * time.Millisecond) }
}

// drainAll drains until nothing is pending, failing after tries rounds.
func drainAll(t *testing.T, s *models.Store, snd *Sender, tries int) {
	t.Helper()
	ctx := context.Background()
	for range tries {
		if _, err := snd.Drain(ctx); err != nil {
			t.Fatalf("Drain: %v", err)
		}
		c, err := s.CountOutbox(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		if c.Pending == 0 {
			return
		}
		passBackoff(s)
	}
	t.Fatalf("outbox not drained after %d rounds", tries)
}

// assertOnce checks that the stand-in delivered exactly one message to each
// openid.
func assertOnce(t *testing.T, sim *wechatsim.Server, openIDs []string) {
	t.Helper()
	for _, o := range openIDs {
		if got := sim.DeliveredTo(o); got != 1 {
			t.Errorf("DeliveredTo(%s) = %d, want 1", o, got)
		}
	}
}

func TestOutboxCampaign(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		sim := newSim(t)
		ctx := context.Background()
		ids, openIDs := boundFirms(t, sim, s, 3)
		o := newTestOutbox(t, s)
		n, err := o.Enqueue(ctx, campaign(ids, 7)...)
		if err != nil || n != 3 {
			t.Fatalf("Enqueue = %d, %v, want 3", n, err)
		}
		if n, err := o.Enqueue(ctx, campaign(ids, 7)...); err != nil || n != 0 {
			t.Fatalf("Enqueue again = %d, %v, want 0", n, err)
		}
		drainAll(t, s, newTestSender(s, newTestAPI(sim), "w1"), 3)
		assertOnce(t, sim, openIDs)
		c, err := s.CountOutbox(ctx, 7)
		if err != nil || c != (models.OutboxCounts{Sent: 3}) {
			t.Fatalf("CountOutbox = %+v, %v", c, err)
		}
		// The request the stand-in received, as WeChat documents it.
		var got map[string]any
		for _, r := range sim.Requests() {
			if r.Path == "/cgi-bin/message/template/send" && strings.Contains(r.Body, openIDs[0]) {
				if err := json.Unmarshal([]byte(r.Body), &got); err != nil {
					t.Fatal(err)
				}
			}
		}
		delete(got, "miniprogram")
		want := map[string]any{
			"touser": openIDs[0], "template_id": "demo-selfcheck-assigned",
			"client_msg_id": msgKey(TopicAssigned, fmt.Sprintf("c7:e%d", ids[0]), openIDs[0]),
			"data": map[string]any{
				"thing1": map[string]any{"value": "测试企业"}, "thing2": map[string]any{"value": "消防安全自查"},
				"date3": map[string]any{"value": "2026年12月11日"},
			},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("template send body (-want +got):\n%s", diff)
		}
	})
}

func TestOutboxWindow(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		sim := newSim(t)
		ctx := context.Background()
		prefix := openIDPrefix(t)
		recent, old, closed := prefix+"recent", prefix+"old", prefix+"closed"
		for _, id := range []string{recent, old, closed} {
			u, err := s.EnsureWechatUser(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			sim.Subscribe(id)
			if id != old {
				if err := s.TouchWechatUser(ctx, u.ID, true); err != nil {
					t.Fatal(err)
				}
				sim.UserMessage(id)
			}
		}
		sim.CloseWindow(closed)
		o := newTestOutbox(t, s)
		n := Notice{Topic: TopicReportStatus, Ref: "JB20261127-0001:handling", OpenIDs: []string{recent, old, closed},
			Fields: map[string]string{"ticket": "JB20261127-0001", "category": "消防安全", "status": "处理中", "note": ""}}
		if _, err := o.Enqueue(ctx, n); err != nil {
			t.Fatal(err)
		}
		var kinds []string
		s.DB().Model(&models.OutboxMessage{}).Order("openid").Pluck("kind", &kinds)
		if diff := cmp.Diff([]string{"custom", "template", "custom"}, kinds); diff != "" {
			t.Errorf("kinds by openid (closed, old, recent) (-want +got):\n%s", diff)
		}
		drainAll(t, s, newTestSender(s, newTestAPI(sim), "w1"), 3)
		assertOnce(t, sim, []string{recent, old, closed})
		var got []string
		for _, d := range sim.Deliveries() {
			if strings.HasPrefix(d.OpenID, prefix) {
				got = append(got, d.OpenID+" "+d.Kind)
			}
		}
		want := []string{closed + " template", old + " template", recent + " custom"}
		if diff := cmp.Diff(want, got, cmpSorted); diff != "" {
			t.Errorf("deliveries (-want +got):\n%s", diff)
		}
	})
}

var cmpSorted = cmp.Transformer("sort", func(in []string) []string {
	out := append([]string(nil), in...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
})

// TestOutboxFaults runs a campaign through a stand-in that fails in every
// way it can: each firm's user still gets exactly one message.
func TestOutboxFaults(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		sim := newSim(t)
		ctx := context.Background()
		ids, openIDs := boundFirms(t, sim, s, 8)
		if _, err := newTestOutbox(t, s).Enqueue(ctx, campaign(ids, 8)...); err != nil {
			t.Fatal(err)
		}
		const path = "/cgi-bin/message/template/send"
		dropped := sim.Dropped()
		sim.Inject(path, wechatsim.Fault500, wechatsim.FaultSlow, wechatsim.FaultLostReply, wechatsim.FaultInvalidToken, wechatsim.Fault500, wechatsim.FaultLostReply)
		defer sim.ClearFaults()
		drainAll(t, s, newTestSender(s, newTestAPI(sim), "w1"), 20)
		assertOnce(t, sim, openIDs)
		if got := sim.Dropped() - dropped; got != 2 {
			t.Errorf("repeats dropped by client_msg_id = %d, want 2 (the lost replies)", got)
		}
	})
}

// TestOutboxDownAndUp: the API goes away and comes back on the same address.
func TestOutboxDownAndUp(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		sim := newSim(t)
		ctx := context.Background()
		ids, openIDs := boundFirms(t, sim, s, 4)
		if _, err := newTestOutbox(t, s).Enqueue(ctx, campaign(ids, 9)...); err != nil {
			t.Fatal(err)
		}
		snd := newTestSender(s, newTestAPI(sim), "w1")
		snd.cfg.Backoff, snd.cfg.MaxBackoff = time.Hour, time.Hour
		sim.Down()
		if _, err := snd.Drain(ctx); err != nil {
			t.Fatalf("Drain while down: %v", err)
		}
		var failed []models.OutboxMessage
		s.DB().Where("status = ?", models.OutboxPending).Find(&failed)
		if len(failed) != 4 || failed[0].LastError == "" || failed[0].Attempts != 1 {
			t.Fatalf("after a drain while down: %d pending, first %+v", len(failed), failed[0])
		}
		if err := sim.Up(); err != nil {
			t.Fatal(err)
		}
		s.Now = func() time.Time { return time.Now().Add(2 * time.Hour) }
		drainAll(t, s, snd, 5)
		assertOnce(t, sim, openIDs)
	})
}

// TestOutboxDeadLetter: retries spent, the message is a dead letter with its
// last error; requeued, it goes out.
func TestOutboxDeadLetter(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		sim := newSim(t)
		ctx := context.Background()
		ids, openIDs := boundFirms(t, sim, s, 1)
		if _, err := newTestOutbox(t, s).Enqueue(ctx, campaign(ids, 10)...); err != nil {
			t.Fatal(err)
		}
		snd := newTestSender(s, newTestAPI(sim), "w1")
		snd.cfg.MaxAttempts = 3
		sim.Inject("/cgi-bin/message/template/send", wechatsim.Fault500, wechatsim.Fault500, wechatsim.Fault500)
		defer sim.ClearFaults()
		for range 3 {
			if _, err := snd.Drain(ctx); err != nil {
				t.Fatal(err)
			}
			passBackoff(s)
		}
		dead, err := s.DeadOutbox(ctx, 10, 0)
		if err != nil || len(dead) != 1 {
			t.Fatalf("DeadOutbox = %d, %v, want 1", len(dead), err)
		}
		if d := dead[0]; d.Attempts != 3 || !strings.Contains(d.LastError, "500") {
			t.Errorf("dead letter: attempts %d, last error %q; want 3 and a 500", d.Attempts, d.LastError)
		}
		if got := sim.DeliveredTo(openIDs[0]); got != 0 {
			t.Fatalf("delivered %d, want 0", got)
		}
		if err := s.RequeueOutbox(ctx, dead[0].ID); err != nil {
			t.Fatal(err)
		}
		drainAll(t, s, snd, 2)
		assertOnce(t, sim, openIDs)
	})
}

// TestOutboxCrashBetweenSendAndCommit: a worker dies after WeChat accepted
// its messages and before it recorded them; after the lease another worker
// sends them again. Template messages are dropped by client_msg_id; a
// customer-service message may arrive twice, at most once more per worker.
func TestOutboxCrashBetweenSendAndCommit(t *testing.T) {
	eachDB(t, func(t *testing.T, url string) {
		sim := newSim(t)
		ctx := context.Background()
		s1, s2 := openStore(t, url), openStore(t, url)
		ids, openIDs := boundFirms(t, sim, s1, 5)
		prefix := openIDPrefix(t)
		cs := prefix + "cs"
		u, err := s1.EnsureWechatUser(ctx, cs)
		if err != nil {
			t.Fatal(err)
		}
		if err := s1.TouchWechatUser(ctx, u.ID, true); err != nil {
			t.Fatal(err)
		}
		sim.UserMessage(cs)
		o := newTestOutbox(t, s1)
		ns := append(campaign(ids, 11), Notice{Topic: TopicReportStatus, Ref: "JB1:closed", OpenIDs: []string{cs},
			Fields: map[string]string{"ticket": "JB1", "category": "噪声扰民", "status": "已办结"}})
		if _, err := o.Enqueue(ctx, ns...); err != nil {
			t.Fatal(err)
		}
		dropped := sim.Dropped()
		crashing := newTestSender(s1, newTestAPI(sim), "crashing")
		crashing.cfg.Concurrency = 1
		crashing.beforeCommit = func(m *models.OutboxMessage) error {
			if m.OpenID == cs || m.OpenID == openIDs[len(openIDs)-1] {
				return errCrashed
			}
			return nil
		}
		if _, err := crashing.Drain(ctx); err != errCrashed {
			t.Fatalf("crashing Drain = %v, want errCrashed", err)
		}
		// The second worker's clock is past the first one's lease.
		s2.Now = func() time.Time { return time.Now().Add(2 * time.Minute) }
		drainAll(t, s2, newTestSender(s2, newTestAPI(sim), "survivor"), 3)
		assertOnce(t, sim, openIDs)
		if got := sim.DeliveredTo(cs); got < 1 || got > 2 {
			t.Errorf("customer-service message delivered %d times, want 1 or 2", got)
		}
		if sim.Dropped() == dropped {
			t.Errorf("no repeat dropped by client_msg_id: the crash left nothing to resend")
		}
		c, _ := s1.CountOutbox(ctx, 0)
		if c != (models.OutboxCounts{Sent: 6}) {
			t.Errorf("CountOutbox = %+v, want 6 sent", c)
		}
	})
}

// TestOutboxClaimAhead: a sender claims its next batch while it sends the
// current one; when it stops part way (a crash between send and commit), the
// batch claimed ahead is given back at once, its claim not counted as an
// attempt, and only the batch in flight waits for its lease.
func TestOutboxClaimAhead(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		sim := newSim(t)
		ctx := context.Background()
		ids, openIDs := boundFirms(t, sim, s, 6)
		if _, err := newTestOutbox(t, s).Enqueue(ctx, campaign(ids, 14)...); err != nil {
			t.Fatal(err)
		}
		crashing := newTestSender(s, newTestAPI(sim), "crashing")
		crashing.cfg.Batch, crashing.cfg.Concurrency = 2, 1
		crashing.beforeCommit = func(*models.OutboxMessage) error { return errCrashed }
		if _, err := crashing.Drain(ctx); err != errCrashed {
			t.Fatalf("crashing Drain = %v, want errCrashed", err)
		}
		// Same clock: the crashed batch is still leased, the rest is free.
		free, err := s.ClaimOutbox(ctx, "other", 10, time.Minute)
		if err != nil || len(free) != 4 {
			t.Fatalf("ClaimOutbox after the crash = %d rows, %v; want 4 (the batch claimed ahead was released)", len(free), err)
		}
		for _, m := range free {
			if m.Attempts != 1 {
				t.Errorf("message %d: attempts %d, want 1 (a released claim is not an attempt)", m.ID, m.Attempts)
			}
		}
		if err := s.ReleaseOutbox(ctx, free); err != nil {
			t.Fatal(err)
		}
		s.Now = func() time.Time { return time.Now().Add(2 * time.Minute) }
		drainAll(t, s, newTestSender(s, newTestAPI(sim), "survivor"), 3)
		assertOnce(t, sim, openIDs)
	})
}

// TestOutboxTwoWorkers: two replicas drain one database at once; nothing is
// sent twice, not even a repeat for WeChat to drop.
func TestOutboxTwoWorkers(t *testing.T) {
	eachDB(t, func(t *testing.T, url string) {
		sim := newSim(t)
		ctx := context.Background()
		s1, s2 := openStore(t, url), openStore(t, url)
		ids, openIDs := boundFirms(t, sim, s1, 60)
		if _, err := newTestOutbox(t, s1).Enqueue(ctx, campaign(ids, 12)...); err != nil {
			t.Fatal(err)
		}
		dropped := sim.Dropped()
		var wg sync.WaitGroup
		errs := make([]error, 2)
		counts := make([]int, 2)
		for i, s := range []*models.Store{s1, s2} {
			snd := newTestSender(s, newTestAPI(sim), fmt.Sprintf("replica%d", i))
			snd.cfg.Batch = 7
			wg.Add(1)
			go func() { defer wg.Done(); counts[i], errs[i] = snd.Drain(ctx) }()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("worker %d: %v", i, err)
			}
		}
		if counts[0]+counts[1] != 60 {
			t.Errorf("sent %d + %d, want 60 in all", counts[0], counts[1])
		}
		assertOnce(t, sim, openIDs)
		if got := sim.Dropped() - dropped; got != 0 {
			t.Errorf("%d messages were sent twice", got)
		}
	})
}

func TestLimiter(t *testing.T) {
	l := newLimiter(200)
	start := time.Now()
	for range 5 {
		if err := l.wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d < 20*time.Millisecond {
		t.Errorf("5 waits at 200/s took %v, want at least 20ms", d)
	}
}
