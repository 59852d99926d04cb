package main

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeDemo starts the server as `make run` does (demo mode, embedded
// SQLite under DATA_DIR) on a free port and checks the endpoints of DESIGN.md.
func TestServeDemo(t *testing.T) {
	dir := t.TempDir()
	m, _ := startServe(t, map[string]string{"SELFCHECK_DEMO": "1", "LISTEN_ADDR": "127.0.0.1:0", "DATA_DIR": dir})
	get := func(path string) (int, string) {
		resp, err := http.Get(m.URL() + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	checks := []struct {
		path     string
		status   int
		contains string
	}{
		{"/healthz", 200, "ok"},
		{"/readyz", 200, "ready"},
		{"/metrics", 200, "go_goroutines"},
		{"/simulator", 200, "<html"},
		{"/wechat", 403, "invalid signature"},
		{"/", 200, "企业自查自报与信用监管服务"},
		{"/static/admin.css", 200, ""},
		{"/static/", 404, ""},
		{"/static/.", 404, ""},
		{"/static/nope.css", 404, ""},
	}
	for _, c := range checks {
		status, body := get(c.path)
		if status != c.status || !strings.Contains(body, c.contains) {
			t.Errorf("GET %s = %d %.80q, want %d containing %q", c.path, status, body, c.status, c.contains)
		}
	}
	if _, body := get("/"); strings.Contains(body, "sqlite") || strings.Contains(body, "版本") || strings.Contains(body, "企业数") {
		t.Errorf("GET / tells about the database: %s", body)
	}
	resp, err := http.Post(m.URL()+"/wechat", "text/xml", strings.NewReader("<xml/>"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("unsigned POST /wechat = %d, want 403", resp.StatusCode)
	}
	if fi, err := os.Stat(filepath.Join(dir, "selfcheck.db")); err != nil || fi.Size() == 0 {
		t.Errorf("the SQLite file under DATA_DIR: %v", err)
	}
}

// TestServeMetricsAddr binds /metrics to METRICS_ADDR: it answers there and
// only there.
func TestServeMetricsAddr(t *testing.T) {
	m, _ := startServe(t, map[string]string{"SELFCHECK_DEMO": "1", "LISTEN_ADDR": "127.0.0.1:0",
		"METRICS_ADDR": "127.0.0.1:0", "DATA_DIR": demoDataDir(t)})
	for _, c := range []struct {
		url    string
		status int
	}{
		{m.URL() + "/metrics", 404},
		{m.MetricsURL() + "/metrics", 200},
		{m.MetricsURL() + "/admin/login", 404},
	} {
		resp, err := http.Get(c.url)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.status {
			t.Errorf("GET %s = %d, want %d", c.url, resp.StatusCode, c.status)
		}
	}
}
