package bot

import (
	"context"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"selfcheck/bot/wechatsim"
)

// countingFetch returns a fetcher that hands out tok-1, tok-2 ... and counts
// its calls.
func countingFetch(n *atomic.Int64) TokenFetcher {
	return func(ctx context.Context) (string, time.Duration, error) {
		return fmt.Sprintf("tok-%d", n.Add(1)), 7200 * time.Second, nil
	}
}

// testCache runs the TokenCache contract on two caches that share their
// token (two replicas), or on one cache twice.
func testCache(t *testing.T, a, b TokenCache) {
	ctx := context.Background()
	var fetches atomic.Int64
	fetch := countingFetch(&fetches)
	var wg sync.WaitGroup
	got := make([]string, 16)
	for i := range got {
		c := a
		if i%2 == 1 {
			c = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			tok, err := c.Refresh(ctx, "", fetch)
			if err != nil {
				t.Error(err)
			}
			got[i] = tok
		}()
	}
	wg.Wait()
	if n := fetches.Load(); n != 1 {
		t.Fatalf("16 concurrent first refreshes fetched %d times, want 1", n)
	}
	for i, tok := range got {
		if tok != "tok-1" {
			t.Errorf("refresh %d = %q, want tok-1", i, tok)
		}
	}
	// WeChat rejected tok-1: one replica refreshes, the other sees it.
	if tok, err := a.Refresh(ctx, "tok-1", fetch); err != nil || tok != "tok-2" {
		t.Fatalf("Refresh(stale tok-1) = %q, %v, want tok-2", tok, err)
	}
	if tok, err := b.Token(ctx); err != nil || tok != "tok-2" {
		t.Fatalf("other replica's Token = %q, %v, want tok-2", tok, err)
	}
	// A late rejection of tok-1 does not refresh again.
	if tok, err := b.Refresh(ctx, "tok-1", fetch); err != nil || tok != "tok-2" || fetches.Load() != 2 {
		t.Fatalf("late Refresh(stale tok-1) = %q, %v after %d fetches, want tok-2 after 2", tok, err, fetches.Load())
	}
}

func TestMemoryTokenCache(t *testing.T) {
	c := NewMemoryTokenCache()
	testCache(t, c, c)
}

func TestRedisTokenCache(t *testing.T) {
	url := os.Getenv("REDIS_TEST_URL")
	if url == "" {
		t.Fatal("REDIS_TEST_URL is not set: run make test, which starts a throwaway redis-server")
	}
	opts, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	r1, r2 := redis.NewClient(opts), redis.NewClient(opts)
	defer r1.Close()
	defer r2.Close()
	appID := fmt.Sprintf("wxredis%d", time.Now().UnixNano())
	testCache(t, NewRedisTokenCache(r1, appID), NewRedisTokenCache(r2, appID))
	if ttl := r1.TTL(context.Background(), "selfcheck:wechat:access_token:"+appID).Val(); ttl <= 0 || ttl > 7200*time.Second-TokenMargin {
		t.Errorf("token TTL in redis = %v, want at most 7200s less the margin", ttl)
	}
}

// TestAPIRefreshesRejectedToken: a 40001 drops the token, and the call is
// retried once with a fresh one.
func TestAPIRefreshesRejectedToken(t *testing.T) {
	sim := newSim(t)
	api := newTestAPI(sim)
	ctx := context.Background()
	first, err := api.AccessToken(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sim.ExpireTokens()
	openID := openIDPrefix(t) + "u"
	sim.UserMessage(openID)
	before := sim.DeliveredTo(openID)
	if err := api.sendText(ctx, openID, "测试"); err != nil {
		t.Fatalf("send after the token expired: %v", err)
	}
	second, _ := api.AccessToken(ctx)
	if second == first {
		t.Errorf("token not refreshed after 40001")
	}
	// Two rejections in a row: one retry only, then the error.
	sim.Inject("/cgi-bin/message/custom/send", wechatsim.FaultInvalidToken, wechatsim.FaultInvalidToken)
	defer sim.ClearFaults()
	err = api.sendText(ctx, openID, "测试")
	if e, ok := err.(*APIError); !ok || e.Code != 40001 || !Temporary(err) {
		t.Errorf("send with two 40001s = %v, want a temporary 40001", err)
	}
	if got := sim.DeliveredTo(openID) - before; got != 1 {
		t.Errorf("delivered %d, want 1", got)
	}
}
