package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	dto "github.com/prometheus/client_model/go"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// fakeWeChat is a test-local WeChat API whose answers a test sets per path:
// an errcode, a bare HTTP status, a dropped connection or a hang.
type fakeWeChat struct {
	*httptest.Server
	mu      sync.Mutex
	answers map[string]func(w http.ResponseWriter, r *http.Request)
	calls   map[string]int
}

const fakeToken = "FAKE-ACCESS-TOKEN-0123456789"

func newFakeWeChat(t *testing.T) *fakeWeChat {
	f := &fakeWeChat{answers: map[string]func(http.ResponseWriter, *http.Request){}, calls: map[string]int{}}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		h := f.answers[r.URL.Path]
		f.calls[r.URL.Path]++
		f.mu.Unlock()
		if h != nil {
			h(w, r)
			return
		}
		switch r.URL.Path {
		case "/cgi-bin/token", "/cgi-bin/stable_token":
			writeJSONAnswer(w, map[string]any{"access_token": fakeToken, "expires_in": 7200})
		default:
			writeJSONAnswer(w, map[string]any{"errcode": 0, "errmsg": "ok"})
		}
	}))
	t.Cleanup(f.Close)
	return f
}

func writeJSONAnswer(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// answer makes path answer errcode from now on; 0 restores the default.
func (f *fakeWeChat) answer(path string, errcode int) {
	f.set(path, func(w http.ResponseWriter, r *http.Request) {
		writeJSONAnswer(w, map[string]any{"errcode": errcode, "errmsg": "refused"})
	})
	if errcode == 0 {
		f.set(path, nil)
	}
}

func (f *fakeWeChat) set(path string, h func(http.ResponseWriter, *http.Request)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if h == nil {
		delete(f.answers, path)
	} else {
		f.answers[path] = h
	}
}

func (f *fakeWeChat) count(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[path]
}

// holdSender is a sender on f with a captured log.
func holdSender(s *models.Store, f *fakeWeChat, log *bytes.Buffer) *Sender {
	api := NewAPI(APIConfig{AppID: testAppID, AppSecret: testSecret, Base: f.URL}, NewMemoryTokenCache())
	snd := NewSender(api, s, SenderConfig{Worker: "w1", Batch: 50, Concurrency: 2, Backoff: time.Millisecond,
		MaxBackoff: time.Millisecond, CallTimeout: 500 * time.Millisecond})
	snd.Logger = slog.New(slog.NewTextHandler(log, nil))
	return snd
}

func outboxRows(t *testing.T, s *models.Store) []models.OutboxMessage {
	t.Helper()
	var rows []models.OutboxMessage
	if err := s.DB().Order("id").Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestOutboxPausesOnConfigError: a server off the IP allow-list (40164)
// and a wrong secret (40125) pause the outbox, with one log line and the
// metric, and burn no attempt; the messages go once WeChat accepts again.
func TestOutboxPausesOnConfigError(t *testing.T) {
	for _, code := range []int{40164, 40125} {
		t.Run(strconv.Itoa(code), func(t *testing.T) { testOutboxPause(t, code) })
	}
}

func testOutboxPause(t *testing.T, code int) {
	{
		modelstest.Each(t, func(t *testing.T, s *models.Store) {
			ctx := context.Background()
			ids, openIDs := boundFirms(t, newSim(t), s, 3)
			if _, err := newTestOutbox(t, s).Enqueue(ctx, campaign(ids, 9)...); err != nil {
				t.Fatal(err)
			}
			f := newFakeWeChat(t)
			f.answer("/cgi-bin/token", code)
			var log bytes.Buffer
			snd := holdSender(s, f, &log)
			for range 3 {
				if _, err := snd.Drain(ctx); err != nil {
					t.Fatal(err)
				}
			}
			if got := gauge(outboxPaused); got != 1 {
				t.Errorf("selfcheck_wechat_outbox_paused = %v, want 1", got)
			}
			for _, m := range outboxRows(t, s) {
				if m.Status != models.OutboxPending || m.Attempts != 0 {
					t.Errorf("message %d: status %s attempts %d, want pending 0", m.ID, m.Status, m.Attempts)
				}
			}
			if n := strings.Count(log.String(), "wechat outbox paused"); n != 1 {
				t.Errorf("%d pause log lines, want 1:\n%s", n, log.String())
			}
			if f.count("/cgi-bin/message/template/send") != 0 {
				t.Errorf("template sends while paused")
			}
			f.answer("/cgi-bin/token", 0)
			prev := s.Now
			s.Now = func() time.Time { return prev().Add(time.Minute) }
			drainAll(t, s, snd, 3)
			for _, m := range outboxRows(t, s) {
				if m.Status != models.OutboxSent {
					t.Errorf("message %d to %s: %s after resume", m.ID, m.OpenID, m.Status)
				}
			}
			if got := gauge(outboxPaused); got != 0 {
				t.Errorf("selfcheck_wechat_outbox_paused = %v after resume, want 0", got)
			}
			if !strings.Contains(log.String(), "wechat outbox resumed") {
				t.Errorf("no resume log line:\n%s", log.String())
			}
			_ = openIDs
		})
	}
}

// TestOutboxQuotaWaitsForTomorrow: 45009 (the day's template quota) leaves
// the campaign's messages pending until the next midnight in China, not
// dead, and stops calling WeChat for templates meanwhile.
func TestOutboxQuotaWaitsForTomorrow(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		ids, _ := boundFirms(t, newSim(t), s, 4)
		if _, err := newTestOutbox(t, s).Enqueue(ctx, campaign(ids, 10)...); err != nil {
			t.Fatal(err)
		}
		loc := shanghai()
		noon := time.Now().Add(time.Second)
		s.Now = func() time.Time { return noon }
		f := newFakeWeChat(t)
		f.answer("/cgi-bin/message/template/send", 45009)
		var log bytes.Buffer
		snd := holdSender(s, f, &log)
		snd.cfg.Concurrency = 1
		if _, err := snd.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		if got := f.count("/cgi-bin/message/template/send"); got != 1 {
			t.Errorf("%d template sends after 45009, want 1", got)
		}
		midnight := nextDay(noon, loc)
		for _, m := range outboxRows(t, s) {
			if m.Status != models.OutboxPending || !m.NextAttemptAt.Equal(midnight) || m.Attempts != 0 {
				t.Errorf("message %d: %s due %v attempts %d, want pending due %v", m.ID, m.Status, m.NextAttemptAt.In(loc), m.Attempts, midnight)
			}
		}
		f.answer("/cgi-bin/message/template/send", 0)
		s.Now = func() time.Time { return midnight.Add(time.Minute) }
		drainAll(t, s, snd, 3)
		if got := f.count("/cgi-bin/message/template/send"); got != 5 {
			t.Errorf("%d template sends in all, want 5", got)
		}
	})
}

// TestOutboxUnsubscribed: 43004 marks the user unsubscribed and ends its
// messages as unsubscribed, not dead; later notices to it are not queued.
func TestOutboxUnsubscribed(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		ids, openIDs := boundFirms(t, newSim(t), s, 1)
		o := newTestOutbox(t, s)
		if _, err := o.Enqueue(ctx, campaign(ids, 11)...); err != nil {
			t.Fatal(err)
		}
		f := newFakeWeChat(t)
		f.answer("/cgi-bin/message/template/send", 43004)
		var log bytes.Buffer
		drainAll(t, s, holdSender(s, f, &log), 3)
		rows := outboxRows(t, s)
		if len(rows) != 1 || rows[0].Status != models.OutboxUnsubscribed {
			t.Fatalf("rows = %+v, want one unsubscribed", rows)
		}
		u, err := s.WechatUserByOpenID(ctx, openIDs[0])
		if err != nil || u.Subscribed {
			t.Fatalf("user subscribed = %v, %v; want false", u.Subscribed, err)
		}
		if n, err := o.Enqueue(ctx, campaign(ids, 12)...); err != nil || n != 0 {
			t.Errorf("Enqueue to an unsubscribed user = %d, %v; want 0", n, err)
		}
	})
}

// TestSecretsStaySecret makes calls fail in every way a network and
// WeChat can and checks that neither the access token nor the AppSecret
// reaches an outbox or photo error, or the log.
func TestSecretsStaySecret(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		ids, _ := boundFirms(t, newSim(t), s, 6)
		if _, err := newTestOutbox(t, s).Enqueue(ctx, campaign(ids, 13)...); err != nil {
			t.Fatal(err)
		}
		f := newFakeWeChat(t)
		var mu sync.Mutex
		n := 0
		f.set("/cgi-bin/message/template/send", func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			n++
			i := n
			mu.Unlock()
			switch i % 5 {
			case 0:
				http.Error(w, "bad gateway", http.StatusBadGateway)
			case 1: // the connection drops
				c, _, _ := w.(http.Hijacker).Hijack()
				c.Close()
			case 2: // the call times out
				io.ReadAll(r.Body)
				select {
				case <-r.Context().Done():
				case <-time.After(2 * time.Second):
				}
			case 3: // an answer that echoes the request
				writeJSONAnswer(w, map[string]any{"errcode": 40003, "errmsg": "invalid openid " + r.URL.String()})
			case 4:
				w.Write([]byte("not json " + r.URL.RawQuery))
			}
		})
		var log bytes.Buffer
		snd := holdSender(s, f, &log)
		snd.cfg.MaxAttempts = 2
		snd.cfg.CallTimeout = 200 * time.Millisecond
		for range 4 {
			snd.Drain(ctx)
			passBackoff(s)
		}
		// Photos: the media download fails the same ways.
		api := snd.api
		f.set("/cgi-bin/media/get", func(w http.ResponseWriter, r *http.Request) {
			c, _, _ := w.(http.Hijacker).Hijack()
			c.Close()
		})
		_, mediaErr := api.media(ctx, "MEDIA1", 1<<20)
		// A wrong secret echoed by the token endpoint.
		f2 := newFakeWeChat(t)
		f2.set("/cgi-bin/token", func(w http.ResponseWriter, r *http.Request) {
			writeJSONAnswer(w, map[string]any{"errcode": 40125, "errmsg": "invalid appsecret " + r.URL.RawQuery})
		})
		api2 := NewAPI(APIConfig{AppID: testAppID, AppSecret: testSecret, Base: f2.URL}, NewMemoryTokenCache())
		_, tokErr := api2.AccessToken(ctx)
		f2.set("/cgi-bin/token", func(w http.ResponseWriter, r *http.Request) {
			c, _, _ := w.(http.Hijacker).Hijack()
			c.Close()
		})
		_, tokErr2 := api2.AccessToken(ctx)

		texts := []string{log.String(), mediaErr.Error(), tokErr.Error(), tokErr2.Error(), Diagnose(tokErr), Diagnose(tokErr2)}
		var errs []string
		s.DB().Model(&models.OutboxMessage{}).Pluck("last_error", &errs)
		texts = append(texts, errs...)
		failed := 0
		for _, e := range errs {
			if e != "" {
				failed++
			}
		}
		if failed < 4 {
			t.Errorf("only %d outbox errors recorded: %q", failed, errs)
		}
		for _, txt := range texts {
			for _, secret := range []string{fakeToken, testSecret} {
				if strings.Contains(txt, secret) {
					t.Errorf("%q leaks %q", txt, secret)
				}
			}
		}
	})
}

// gauge reads a gauge's value.
func gauge(g interface{ Write(*dto.Metric) error }) float64 {
	var m dto.Metric
	g.Write(&m)
	return m.GetGauge().GetValue()
}

// TestCampaignPacedByQuota: against the strict stand-in with a daily quota
// of 2 for the campaign's template, a campaign of 5 goes out 2 a day over
// three days, with no dead letter and no send beyond the quota.
func TestCampaignPacedByQuota(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		sim := newSim(t)
		ids, openIDs := boundFirms(t, sim, s, 5)
		if _, err := newTestOutbox(t, s).Enqueue(ctx, campaign(ids, 14)...); err != nil {
			t.Fatal(err)
		}
		tpl := testTemplates(t)[TopicAssigned].ID
		sim.SetTemplateQuota(tpl, 2)
		start := time.Now()
		s.Now = func() time.Time { return start }
		sim.Now = func() time.Time { return start }
		snd := newTestSender(s, newTestAPI(sim), "w1")
		snd.cfg.Concurrency = 1
		var sentPerDay []int64
		for day := range 3 {
			if day > 0 {
				next := nextDay(s.Now(), shanghai()).Add(time.Minute)
				s.Now = func() time.Time { return next }
				sim.Now = func() time.Time { return next }
			}
			for range 3 {
				if _, err := snd.Drain(ctx); err != nil {
					t.Fatal(err)
				}
			}
			c, err := s.CountOutbox(ctx, 14)
			if err != nil {
				t.Fatal(err)
			}
			if c.Dead != 0 {
				t.Fatalf("day %d: %d dead letters", day+1, c.Dead)
			}
			sentPerDay = append(sentPerDay, c.Sent)
		}
		if diff := cmp.Diff([]int64{2, 4, 5}, sentPerDay); diff != "" {
			t.Errorf("sent by the end of each day (-want +got):\n%s", diff)
		}
		assertOnce(t, sim, openIDs)
	})
}
