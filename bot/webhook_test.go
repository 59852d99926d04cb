package bot

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount/message"
	"github.com/silenceper/wechat/v2/util"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// signedURL returns base?signature=…&timestamp=…&nonce=… for ts, plus extra.
func signedURL(base string, ts time.Time, extra url.Values) string {
	q := url.Values{}
	t := strconv.FormatInt(ts.Unix(), 10)
	q.Set("timestamp", t)
	q.Set("nonce", "n123")
	q.Set("signature", signature(testToken, t, "n123"))
	for k, v := range extra {
		q[k] = v
	}
	return base + "?" + q.Encode()
}

func textXML(openID string, msgID int64, content string) string {
	return fmt.Sprintf(`<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName>`+
		`<CreateTime>%d</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[%s]]></Content><MsgId>%d</MsgId></xml>`,
		openID, testNow.Unix(), content, msgID)
}

// nonces makes every request the tests sign unique, as WeChat's are.
var nonces atomic.Int64

// resign gives a plaintext-mode signed URL a fresh nonce and its signature,
// so that a test may post several messages to one URL without being taken
// for a replay. Safe-mode URLs, whose msg_signature covers the nonce, are
// left as they are.
func resign(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	q := p.Query()
	if q.Get("signature") == "" || q.Get("msg_signature") != "" {
		return u
	}
	nonce := "n" + strconv.FormatInt(nonces.Add(1), 10)
	q.Set("nonce", nonce)
	q.Set("signature", signature(testToken, q.Get("timestamp"), nonce))
	p.RawQuery = q.Encode()
	return p.String()
}

// post sends body to u with a fresh nonce (see resign).
func post(t *testing.T, u, body string) (int, string) {
	t.Helper()
	return postExact(t, resign(u), body)
}

// postExact sends body to u as it is.
func postExact(t *testing.T, u, body string) (int, string) {
	t.Helper()
	res, err := http.Post(u, "text/xml", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func replyContent(t *testing.T, raw string) string {
	t.Helper()
	var m message.MixMessage
	if err := xml.Unmarshal([]byte(raw), &m); err != nil {
		t.Fatalf("reply %q: %v", raw, err)
	}
	return m.Content
}

func countProcessed(t *testing.T, s *models.Store) int64 {
	var n int64
	if err := s.DB().Table("processed_messages").Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// countNonces counts the signed requests on record: every message
// accepted, whether it changed anything or not.
func countNonces(t *testing.T, s *models.Store) int64 {
	var n int64
	if err := s.DB().Table("webhook_nonces").Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestWebhook(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		now := testNow
		b := newTestBot(t, s, &now)
		srv := httptest.NewServer(b)
		defer srv.Close()
		good := signedURL(srv.URL, now, nil)
		tests := []struct {
			name, method, url, body string
			wantStatus              int
			wantBody                string
		}{
			{"OKEcho", "GET", signedURL(srv.URL, now, url.Values{"echostr": {"hello"}}), "", 200, "hello"},
			{"ErrNoSignature", "POST", srv.URL + "?timestamp=1&nonce=2", textXML("o1", 1, "帮助"), 403, ""},
			{"ErrBadSignature", "POST", strings.Replace(good, "signature=", "signature=0", 1), textXML("o1", 1, "帮助"), 403, ""},
			{"ErrStale", "POST", signedURL(srv.URL, now.Add(-6*time.Minute), nil), textXML("o1", 1, "帮助"), 403, ""},
			{"ErrFuture", "POST", signedURL(srv.URL, now.Add(6*time.Minute), nil), textXML("o1", 1, "帮助"), 403, ""},
			{"ErrTooLarge", "POST", good, textXML("o1", 1, strings.Repeat("a", MaxBody)), 413, ""},
			{"ErrMalformed", "POST", good, "<xml><FromUserName>", 400, ""},
			{"ErrNotXML", "POST", good, "{}", 400, ""},
			{"ErrMethod", "PUT", good, "", 405, ""},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				req, _ := http.NewRequest(tc.method, tc.url, strings.NewReader(tc.body))
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != tc.wantStatus {
					t.Fatalf("%s: status %d, want %d (%s)", tc.name, res.StatusCode, tc.wantStatus, body)
				}
				if tc.wantBody != "" && string(body) != tc.wantBody {
					t.Errorf("body %q, want %q", body, tc.wantBody)
				}
			})
		}
		if n := countProcessed(t, s); n != 0 {
			t.Errorf("refused requests recorded %d messages, want 0", n)
		}

		// Plaintext message, then WeChat's retry of it: same reply, once.
		code, first := post(t, good, textXML("o1", 42, "我要举报"))
		if code != 200 || !strings.Contains(replyContent(t, first), "请选择举报类别") {
			t.Fatalf("report: %d %q", code, first)
		}
		_, retry := post(t, good, textXML("o1", 42, "我要举报"))
		if replyContent(t, retry) != replyContent(t, first) {
			t.Errorf("retry reply %q, want %q", retry, first)
		}
		post(t, good, textXML("o1", 43, "1"))
		// A retry of an older message is acknowledged without effect.
		if _, old := post(t, good, textXML("o1", 42, "我要举报")); old != "success" {
			t.Errorf("old retry = %q, want success", old)
		}
		if n := countProcessed(t, s); n != 2 {
			t.Errorf("processed %d messages, want 2", n)
		}
	})
}

func TestWebhookSafeMode(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		now := testNow
		b := newTestBot(t, s, &now)
		srv := httptest.NewServer(b)
		defer srv.Close()
		random := []byte("0123456789abcdef")
		cipher, err := util.EncryptMsg(random, []byte(textXML("o-safe", 7, "帮助")), testAppID, testAESKey)
		if err != nil {
			t.Fatal(err)
		}
		ts := strconv.FormatInt(now.Unix(), 10)
		body := `<xml><ToUserName><![CDATA[gh_test]]></ToUserName><Encrypt><![CDATA[` + string(cipher) + `]]></Encrypt></xml>`
		u := signedURL(srv.URL, now, url.Values{"encrypt_type": {"aes"}, "msg_signature": {signature(testToken, ts, "n123", string(cipher))}})
		code, raw := post(t, u, body)
		if code != 200 {
			t.Fatalf("safe mode: %d %s", code, raw)
		}
		var enc message.ResponseEncryptedXMLMsg
		if err := xml.Unmarshal([]byte(raw), &enc); err != nil {
			t.Fatalf("encrypted reply %q: %v", raw, err)
		}
		if want := signature(testToken, ts, "n123", enc.EncryptedMsg); enc.MsgSignature != want {
			t.Errorf("reply MsgSignature = %s, want %s", enc.MsgSignature, want)
		}
		_, plain, err := util.DecryptMsg(testAppID, enc.EncryptedMsg, testAESKey)
		if err != nil {
			t.Fatalf("decrypt reply: %v", err)
		}
		if got := replyContent(t, string(plain)); !strings.Contains(got, "绑定企业") {
			t.Errorf("decrypted reply = %q, want the help text", got)
		}
		// A wrong msg_signature is refused and touches nothing.
		bad := signedURL(srv.URL, now, url.Values{"encrypt_type": {"aes"}, "msg_signature": {"00"}})
		cipher2, _ := util.EncryptMsg(random, []byte(textXML("o-safe", 8, "帮助")), testAppID, testAESKey)
		if code, _ := post(t, bad, `<xml><Encrypt>`+string(cipher2)+`</Encrypt></xml>`); code != 403 {
			t.Errorf("bad msg_signature: status %d, want 403", code)
		}
		if n := countProcessed(t, s); n != 1 {
			t.Errorf("processed %d, want 1", n)
		}
	})
}

// TestConcurrentRetries sends the same message from many clients at once, as
// WeChat's retries can overlap a slow first attempt: it is handled once.
func TestConcurrentRetries(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		now := testNow
		b := newTestBot(t, s, &now)
		srv := httptest.NewServer(b)
		defer srv.Close()
		u := signedURL(srv.URL, now, nil)
		var wg sync.WaitGroup
		replies := make([]string, 8)
		for i := range replies {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := http.Post(u, "text/xml", strings.NewReader(textXML("o-race", 99, "我要举报")))
				if err != nil {
					t.Error(err)
					return
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				replies[i] = string(body)
			}()
		}
		wg.Wait()
		for i, r := range replies {
			if !strings.Contains(r, "请选择举报类别") {
				t.Errorf("reply %d = %q, want the category prompt", i, r)
			}
		}
		if n := countProcessed(t, s); n != 1 {
			t.Errorf("processed %d, want 1", n)
		}
	})
}

// twoReplicas serves two bots on one migrated database, each with its own
// store, as two replicas would; the servers close when the test ends.
func twoReplicas(t *testing.T, dbURL string, now *time.Time) (*models.Store, *httptest.Server, *httptest.Server) {
	t.Helper()
	s1, s2 := openStore(t, dbURL), openStore(t, dbURL)
	if _, err := s1.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	one, two := httptest.NewServer(newTestBot(t, s1, now)), httptest.NewServer(newTestBot(t, s2, now))
	t.Cleanup(one.Close)
	t.Cleanup(two.Close)
	return s1, one, two
}

// TestWebhookReplay: a signed request seen once is refused when it comes
// again with another message, on any replica; the identical request (as
// WeChat resends it) still gets the stored reply.
func TestWebhookReplay(t *testing.T) {
	eachDB(t, func(t *testing.T, dbURL string) {
		now := testNow
		s1, one, two := twoReplicas(t, dbURL, &now)
		q := resign(signedURL(one.URL, now, nil))[len(one.URL):]
		code, first := postExact(t, one.URL+q, textXML("oReplay", 501, "我要举报"))
		if code != 200 || !strings.Contains(replyContent(t, first), "请选择举报类别") {
			t.Fatalf("first request: %d %q", code, first)
		}
		for _, tc := range []struct {
			name, base, body string
			want             int
		}{
			{"another message", one.URL, textXML("oReplay", 502, "2"), 403},
			{"another replica", two.URL, textXML("oReplay", 503, "2"), 403},
			{"another user", two.URL, textXML("oOther", 504, "我要举报"), 403},
			{"identical retry", two.URL, textXML("oReplay", 501, "我要举报"), 200},
		} {
			if code, body := postExact(t, tc.base+q, tc.body); code != tc.want {
				t.Errorf("%s: status %d (%q), want %d", tc.name, code, body, tc.want)
			}
		}
		if n := countProcessed(t, s1); n != 1 {
			t.Errorf("processed %d messages, want 1", n)
		}
		if code, _ := post(t, one.URL+q, textXML("oReplay", 505, "2")); code != 200 {
			t.Errorf("a fresh request: status %d", code)
		}
	})
}

// TestWebhookReplayOfAMessageThatChangedNothing: a message answered without
// a write (help, from a known user) still puts its request on record, so the
// request cannot come back with a message that would change something, on
// any replica; WeChat's identical retry gets the answer again.
func TestWebhookReplayOfAMessageThatChangedNothing(t *testing.T) {
	eachDB(t, func(t *testing.T, dbURL string) {
		now := testNow
		s1, one, two := twoReplicas(t, dbURL, &now)
		if code, _ := post(t, signedURL(one.URL, now, nil), textXML("oQuiet", 601, "你好")); code != 200 {
			t.Fatalf("first contact: %d", code)
		}
		processed := countProcessed(t, s1)
		q := resign(signedURL(one.URL, now, nil))[len(one.URL):]
		code, help := postExact(t, one.URL+q, textXML("oQuiet", 602, "帮助"))
		if code != 200 || replyContent(t, help) == "" {
			t.Fatalf("help: %d %q", code, help)
		}
		if n := countProcessed(t, s1); n != processed {
			t.Errorf("help recorded as processed (%d, was %d): it changed nothing", n, processed)
		}
		for _, tc := range []struct {
			name, base, body string
			want             int
		}{
			{"another message", one.URL, textXML("oQuiet", 603, "我要举报"), 403},
			{"another replica", two.URL, textXML("oQuiet", 604, "我要举报"), 403},
			{"identical retry", two.URL, textXML("oQuiet", 602, "帮助"), 200},
		} {
			code, body := postExact(t, tc.base+q, tc.body)
			if code != tc.want {
				t.Errorf("%s: status %d (%q), want %d", tc.name, code, body, tc.want)
			}
			if code == 200 && replyContent(t, body) != replyContent(t, help) {
				t.Errorf("%s: reply %q, want the first one %q", tc.name, replyContent(t, body), replyContent(t, help))
			}
		}
		// The refused report was not started: "2" is not taken as a category.
		if code, body := post(t, signedURL(one.URL, now, nil), textXML("oQuiet", 605, "2")); code != 200 || strings.Contains(replyContent(t, body), "描述") {
			t.Errorf("after the refused replays: %d %q, want no report in progress", code, replyContent(t, body))
		}
	})
}
