package main

import (
	"bufio"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The test binary becomes `selfcheck serve` when re-executed with this
// variable, through the real main (signals, exit code and all).
func init() {
	if os.Getenv("SELFCHECK_TEST_CHILD") == "serve" {
		main()
	}
}

// TestServeSIGTERM starts serve as a child process, sends it requests, and
// sends SIGTERM while a WeChat message is in flight (its handler has started
// reading the body, as 100-continue proves). The message must still be
// answered, and serve must exit 0.
func TestServeSIGTERM(t *testing.T) {
	const token = "shutdowntoken"
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "serve")
	cmd.Env = append(os.Environ(),
		"SELFCHECK_TEST_CHILD=serve",
		"LISTEN_ADDR=127.0.0.1:0",
		"DATA_DIR="+dir,
		"DATABASE_URL=sqlite://"+filepath.Join(dir, "selfcheck.db"),
		"WECHAT_APPID=wx0000000000000001",
		"WECHAT_APPSECRET=secret",
		"WECHAT_TOKEN="+token,
		"WECHAT_AES_KEY=",
		"WECHAT_API_BASE=http://127.0.0.1:1",
		"SELFCHECK_DEMO=",
		"REDIS_URL=",
		"LOG_FORMAT=json",
		"LOG_LEVEL=debug", // the webhook's requests are logged at debug
	)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := false
	t.Cleanup(func() {
		if !exited {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	// The log, line by line, for the test to wait on.
	logLines := make(chan string, 100)
	var logged strings.Builder
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			logLines <- sc.Text()
		}
		close(logLines)
	}()
	out := bufio.NewReader(stdout)
	banner, err := out.ReadString('\n')
	if err != nil || !strings.HasPrefix(banner, "selfcheck serving on http://") {
		t.Fatalf("serve banner = %q, %v", banner, err)
	}
	go io.Copy(io.Discard, out)
	base := strings.TrimSpace(strings.TrimPrefix(banner, "selfcheck serving on "))
	addr := strings.TrimPrefix(base, "http://")

	for _, path := range []string{"/healthz", "/readyz"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || len(resp.Header.Get("X-Request-Id")) != 32 {
			t.Errorf("GET %s = %d, X-Request-Id %q; want 200 and an id", path, resp.StatusCode, resp.Header.Get("X-Request-Id"))
		}
	}

	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{"selfcheck_outbox_pending 0\n", "selfcheck_outbox_oldest_due_seconds 0\n", "selfcheck_outbox_stats_up 1\n",
		`selfcheck_http_requests_total{code="200",method="GET",route="GET /healthz"} 1`} {
		if !strings.Contains(string(metrics), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}

	// A signed text message whose body is held back until serve is stopping.
	ts, nonce := fmt.Sprint(time.Now().Unix()), "n0nce"
	parts := []string{token, ts, nonce}
	sort.Strings(parts)
	sum := sha1.Sum([]byte(strings.Join(parts, "")))
	body := fmt.Sprintf("<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[oShutdownUser]]></FromUserName>"+
		"<CreateTime>%s</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[帮助]]></Content><MsgId>7300000000000000001</MsgId></xml>", ts)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(60 * time.Second))
	fmt.Fprintf(conn, "POST /wechat?signature=%s&timestamp=%s&nonce=%s HTTP/1.1\r\nHost: %s\r\nContent-Type: text/xml\r\n"+
		"Content-Length: %d\r\nExpect: 100-continue\r\nX-Request-Id: inflight-0001\r\n\r\n", hex.EncodeToString(sum[:]), ts, nonce, addr, len(body))
	br := bufio.NewReader(conn)
	cont, err := br.ReadString('\n')
	if err != nil || !strings.HasPrefix(cont, "HTTP/1.1 100") {
		t.Fatalf("waiting for 100 Continue: %q, %v", cont, err)
	}
	br.ReadString('\n') // the blank line after 100 Continue

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitLog := func(want string) {
		t.Helper()
		for l := range logLines {
			logged.WriteString(l + "\n")
			if strings.Contains(l, want) {
				return
			}
		}
		t.Fatalf("serve's log ended without %q:\n%s", want, logged.String())
	}
	waitLog("shutting down")
	io.WriteString(conn, body)
	resp, err = http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("the request in flight was dropped: %v", err)
	}
	reply, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	// The listener closed before the request in flight was answered.
	if c, err := net.DialTimeout("tcp", addr, 5*time.Second); err == nil {
		c.Close()
		t.Errorf("a new connection was accepted after SIGTERM")
	}
	if resp.StatusCode != 200 || !strings.Contains(string(reply), "<xml>") || resp.Header.Get("X-Request-Id") != "inflight-0001" {
		t.Errorf("the request in flight = %d %q (X-Request-Id %q), want 200, a reply and its id", resp.StatusCode, reply, resp.Header.Get("X-Request-Id"))
	}
	waitLog(`"msg":"stopped`)
	for l := range logLines {
		logged.WriteString(l + "\n")
	}
	err = cmd.Wait()
	exited = true
	var ee *exec.ExitError
	if errors.As(err, &ee) || err != nil {
		t.Fatalf("serve exited with %v after SIGTERM, want 0; log:\n%s", err, logged.String())
	}
	log := logged.String()
	if !strings.Contains(log, `"request_id":"inflight-0001"`) {
		t.Errorf("no log line carries the request's id:\n%s", log)
	}
	if strings.Contains(log, "帮助") {
		t.Errorf("message content was logged:\n%s", log)
	}
}
