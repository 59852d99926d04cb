package bot

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/cache"
	"github.com/silenceper/wechat/v2/officialaccount"
	oaconfig "github.com/silenceper/wechat/v2/officialaccount/config"
	"github.com/silenceper/wechat/v2/officialaccount/message"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// benchClients is the concurrency of the webhook benchmark (DESIGN.md).
const benchClients = 32

// hammer posts b.N messages from benchClients clients, reports throughput
// and p50/p99 latency, and returns how long it took.
func hammer(b *testing.B, target string) time.Duration {
	b.Helper()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: benchClients}}
	var next atomic.Int64
	lat := make([][]time.Duration, benchClients)
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for c := range benchClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1)
				if i > int64(b.N) {
					return
				}
				body := textXML("o-bench-"+itoa64(i%1000), time.Now().UnixNano()+i, "帮助")
				t0 := time.Now()
				res, err := client.Post(resign(target), "text/xml", strings.NewReader(body))
				if err != nil {
					b.Error(err)
					return
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != 200 {
					b.Errorf("status %d", res.StatusCode)
					return
				}
				lat[c] = append(lat[c], time.Since(t0))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	all := slices.Concat(lat...)
	slices.Sort(all)
	if len(all) > 0 {
		b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99-ms")
	}
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), "req/s")
	return elapsed
}

// serverStatus reads counters of SHOW GLOBAL STATUS.
func serverStatus(b *testing.B, s *models.Store, names ...string) []float64 {
	b.Helper()
	out := make([]float64, len(names))
	for i, n := range names {
		var name string
		// SHOW cannot be prepared; the names are constants.
		if err := s.DB().Raw("SHOW GLOBAL STATUS LIKE '"+n+"'").Row().Scan(&name, &out[i]); err != nil {
			b.Fatal(err)
		}
	}
	return out
}

// BenchmarkWebhook measures the full path (verify, parse, dedupe, session
// load and save on MariaDB, reply) against a bare silenceper/wechat echo
// server in the same run. Run with make bench (MariaDB at default
// durability); under the test script's MariaDB commits are not flushed.
func BenchmarkWebhook(b *testing.B) {
	b.Run("echo", func(b *testing.B) {
		oa := officialaccount.NewOfficialAccount(&oaconfig.Config{
			AppID: testAppID, AppSecret: testSecret, Token: testToken, Cache: cache.NewMemory(),
		})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			s := oa.GetServer(r, w)
			s.SetMessageHandler(func(m *message.MixMessage) *message.Reply {
				return &message.Reply{MsgType: message.MsgTypeText, MsgData: message.NewText(m.Content)}
			})
			if err := s.Serve(); err == nil {
				s.Send()
			}
		}))
		defer srv.Close()
		hammer(b, signedURL(srv.URL, time.Now(), url.Values{}))
	})
	b.Run("full", func(b *testing.B) {
		s := modelstest.Open(b, "mysql")
		now := time.Now()
		bot := newTestBot(b, s, &now)
		srv := httptest.NewServer(bot)
		defer srv.Close()
		// The server's counters show what a message costs it: commits (and
		// log flushes) per second, messages per commit, statements per
		// message.
		counters := []string{"Com_commit", "Innodb_data_fsyncs", "Questions"}
		before := serverStatus(b, s, counters...)
		elapsed := hammer(b, signedURL(srv.URL, now, url.Values{}))
		after := serverStatus(b, s, counters...)
		commits := after[0] - before[0]
		b.ReportMetric(commits/elapsed.Seconds(), "commits/s")
		b.ReportMetric((after[1]-before[1])/elapsed.Seconds(), "fsyncs/s")
		// Questions counts every statement a client sent, BEGIN and COMMIT
		// included (and the two SHOW statements here).
		b.ReportMetric((after[2]-before[2])/float64(b.N), "stmts/msg")
		if commits > 0 {
			b.ReportMetric(float64(b.N)/commits, "msgs/commit")
		}
	})
}
