package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

func TestNewLogger(t *testing.T) {
	tests := []struct {
		name, format, level string
		wantPrefix          string
		wantProblems        int
	}{
		{"OK", "", "", `{"time":`, 0},
		{"JSON", "json", "", `{"time":`, 0},
		{"Text", "TEXT", "", "time=", 0},
		{"Debug", "", "debug", `{"time":`, 0},
		{"ErrFormat", "xml", "", `{"time":`, 1},
		{"ErrLevel", "", "loud", `{"time":`, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			log, problems := newLogger(&buf, testEnv(map[string]string{"LOG_FORMAT": tc.format, "LOG_LEVEL": tc.level}))
			if len(problems) != tc.wantProblems {
				t.Errorf("newLogger problems = %v, want %d", problems, tc.wantProblems)
			}
			log.Info("hello", "error", errors.New("boom"))
			if got := buf.String(); !strings.HasPrefix(got, tc.wantPrefix) || strings.Contains(got, "error") || !strings.Contains(got, "err") {
				t.Errorf("a line = %q, want prefix %q and the error under \"err\"", got, tc.wantPrefix)
			}
		})
	}
}

func TestRunRefusesBadLogFormat(t *testing.T) {
	code, _, stderr := runCmd(t, map[string]string{"LOG_FORMAT": "xml"}, "version")
	if code != 2 || !strings.Contains(stderr, `LOG_FORMAT "xml"`) {
		t.Errorf("run with LOG_FORMAT=xml = %d %q, want 2 and the variable named", code, stderr)
	}
}

func TestRequestLog(t *testing.T) {
	var buf bytes.Buffer
	log, _ := newLogger(&buf, testEnv(map[string]string{"LOG_FORMAT": "json"}))
	mux := http.NewServeMux()
	mux.HandleFunc("GET /status", func(w http.ResponseWriter, r *http.Request) {
		log.InfoContext(r.Context(), "inside")
		w.Write([]byte("ok"))
	})
	srv := httptest.NewServer(withRequestLog(log, mux))
	defer srv.Close()
	before := counterValue(httpRequests.WithLabelValues("GET /status", "GET", "200"))

	tests := []struct {
		name, sent string
		echoed     bool
	}{
		{"OK", "3f1c6a3e-5d9b-4c4b-9c1e-7d1f0f2a9b10", true},
		{"Missing", "", false},
		{"ErrTooShort", "abc", false},
		{"ErrForged", "abcdefgh\" level=ERROR", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			buf.Reset()
			req, _ := http.NewRequest("GET", srv.URL+"/status?openid=oSECRET&signature=x", nil)
			if tc.sent != "" {
				req.Header.Set("X-Request-Id", tc.sent)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			id := resp.Header.Get("X-Request-Id")
			if tc.echoed && id != tc.sent {
				t.Errorf("X-Request-Id = %q, want %q echoed", id, tc.sent)
			}
			if !tc.echoed && (len(id) != 32 || id == tc.sent) {
				t.Errorf("X-Request-Id = %q, want a new 32-digit id", id)
			}
			var lines []map[string]any
			for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
				var m map[string]any
				if err := json.Unmarshal([]byte(l), &m); err != nil {
					t.Fatalf("log line %q: %v", l, err)
				}
				lines = append(lines, m)
			}
			var got []string
			for _, m := range lines {
				got = append(got, m["msg"].(string)+" "+m["request_id"].(string))
			}
			if diff := cmp.Diff([]string{"inside " + id, "http request " + id}, got); diff != "" {
				t.Errorf("log lines (-want +got):\n%s", diff)
			}
			if strings.Contains(buf.String(), "oSECRET") {
				t.Errorf("the query string was logged: %s", buf.String())
			}
			if route := lines[len(lines)-1]["route"]; route != "GET /status" {
				t.Errorf("route = %v, want the mux pattern", route)
			}
		})
	}
	if got := counterValue(httpRequests.WithLabelValues("GET /status", "GET", "200")) - before; got != float64(len(tests)) {
		t.Errorf("selfcheck_http_requests_total grew by %v, want %d", got, len(tests))
	}
}

// TestRequestLogWebhook: a follower's message answered by the webhook is
// logged at debug, not one info line per message; a refused one is.
func TestRequestLogWebhook(t *testing.T) {
	var buf bytes.Buffer
	log, _ := newLogger(&buf, testEnv(map[string]string{"LOG_FORMAT": "json"}))
	mux := http.NewServeMux()
	mux.HandleFunc("POST /wechat", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("signature") == "" {
			http.Error(w, "invalid signature", http.StatusForbidden)
		}
	})
	srv := httptest.NewServer(withRequestLog(log, mux))
	defer srv.Close()
	for _, tc := range []struct {
		query  string
		logged bool
	}{{"?signature=x", false}, {"", true}} {
		buf.Reset()
		resp, err := http.Post(srv.URL+"/wechat"+tc.query, "text/xml", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := strings.Contains(buf.String(), `"msg":"http request"`); got != tc.logged {
			t.Errorf("POST /wechat%s answered %d: logged at info %v, want %v: %s", tc.query, resp.StatusCode, got, tc.logged, buf.String())
		}
	}
}

func TestRequestLogDebugForProbes(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(contextHandler{slog.NewJSONHandler(&buf, nil)})
	h := withRequestLog(log, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/healthz", nil))
	if buf.Len() != 0 {
		t.Errorf("a probe was logged at info: %s", buf.String())
	}
}

// counterValue reads a counter's current value.
func counterValue(c prometheus.Counter) float64 {
	var m dto.Metric
	c.Write(&m)
	return m.GetCounter().GetValue()
}
