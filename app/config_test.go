package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLoadConfigDefaults(t *testing.T) {
	c, err := LoadConfig(testEnv(nil))
	if err != nil {
		t.Fatal(err)
	}
	got := []string{c.DatabaseURL, c.ListenAddr, c.DataDir, c.TZ.String(), c.WeChat.AppID}
	want := []string{"sqlite://data/selfcheck.db", "127.0.0.1:8080", "./data", "Asia/Shanghai", ""}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("defaults (-want +got):\n%s", diff)
	}
	if err := c.RequireWeChat(); err == nil || strings.Count(err.Error(), "\n") != 2 {
		t.Errorf("RequireWeChat() = %v, want three lines naming WECHAT_ variables", err)
	}
}

func TestLoadConfigDemo(t *testing.T) {
	c, err := LoadConfig(testEnv(map[string]string{"SELFCHECK_DEMO": "1", "LISTEN_ADDR": ":9090"}))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.RequireWeChat(); err != nil {
		t.Errorf("RequireWeChat() in demo mode = %v, want nil", err)
	}
	if c.PublicBaseURL != "http://127.0.0.1:9090" {
		t.Errorf("PublicBaseURL = %q, want http://127.0.0.1:9090", c.PublicBaseURL)
	}
}

func TestLoadConfigProxiesAndMetrics(t *testing.T) {
	c, err := LoadConfig(testEnv(map[string]string{"TRUSTED_PROXIES": "127.0.0.1, 10.1.2.3/8,::1", "METRICS_ADDR": "127.0.0.1:9100"}))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range c.TrustedProxies {
		got = append(got, p.String())
	}
	if diff := cmp.Diff([]string{"127.0.0.1/32", "10.0.0.0/8", "::1/128"}, got); diff != "" {
		t.Errorf("TrustedProxies (-want +got):\n%s", diff)
	}
	if c.MetricsAddr != "127.0.0.1:9100" {
		t.Errorf("MetricsAddr = %q", c.MetricsAddr)
	}
}

func TestLoadConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		vars map[string]string
		want []string
	}{
		{"ErrDatabaseURL", map[string]string{"DATABASE_URL": "postgres://x/y"}, []string{"DATABASE_URL: want sqlite://PATH or mysql://user:pass@host:3306/db, got scheme \"postgres\""}},
		{"ErrListenAddr", map[string]string{"LISTEN_ADDR": "8080"}, []string{"LISTEN_ADDR: \"8080\" is not host:port (for example 127.0.0.1:8080 or :8080)"}},
		{"ErrTZ", map[string]string{"SELFCHECK_TZ": "Asia/Beijing"}, []string{"SELFCHECK_TZ: unknown time zone \"Asia/Beijing\""}},
		{"ErrAESKey", map[string]string{"WECHAT_AES_KEY": "short"}, []string{"WECHAT_AES_KEY: the EncodingAESKey must be 43 characters of base64 (32 bytes)"}},
		{"ErrAPIBase", map[string]string{"WECHAT_API_BASE": "api.weixin.qq.com"}, []string{"WECHAT_API_BASE: \"api.weixin.qq.com\" is not an http(s) URL"}},
		{"ErrRedis", map[string]string{"REDIS_URL": "localhost:6379"}, []string{"REDIS_URL: \"localhost:6379\" is not a redis:// URL"}},
		{"ErrTrustedProxies", map[string]string{"TRUSTED_PROXIES": "10.0.0.0/8, proxy.local"}, []string{"TRUSTED_PROXIES: \"proxy.local\" is not an address or CIDR (want a comma-separated list of CIDRs or addresses, e.g. 127.0.0.1/32,10.0.0.0/8)"}},
		{"ErrMetricsAddr", map[string]string{"METRICS_ADDR": "9100"}, []string{"METRICS_ADDR: \"9100\" is not host:port (for example 127.0.0.1:9100)"}},
		{"ErrMetricsAddrIsListenAddr", map[string]string{"METRICS_ADDR": "127.0.0.1:8080"}, []string{"METRICS_ADDR: \"127.0.0.1:8080\" is LISTEN_ADDR; give /metrics an address of its own"}},
		{"ErrDemo", map[string]string{"SELFCHECK_DEMO": "maybe"}, []string{"SELFCHECK_DEMO: \"maybe\" is not 1 or 0"}},
		{"ErrSeveral", map[string]string{"LISTEN_ADDR": "x", "PUBLIC_BASE_URL": "ftp://a"}, []string{
			"LISTEN_ADDR: \"x\" is not host:port (for example 127.0.0.1:8080 or :8080)",
			"PUBLIC_BASE_URL: \"ftp://a\" is not an http(s) URL",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadConfig(testEnv(tc.vars))
			if err == nil {
				t.Fatal("LoadConfig() = nil error")
			}
			if diff := cmp.Diff(tc.want, strings.Split(err.Error(), "\n")); diff != "" {
				t.Errorf("LoadConfig error lines (-want +got):\n%s", diff)
			}
		})
	}
}

func TestServeRefusesWithoutWeChat(t *testing.T) {
	code, _, stderr := runCmd(t, map[string]string{"DATA_DIR": t.TempDir()}, "serve")
	if code != 1 || !strings.Contains(stderr, "selfcheck serve: WECHAT_APPID: required outside demo mode") {
		t.Errorf("serve without WeChat settings = %d, %q; want 1 and a line naming WECHAT_APPID", code, stderr)
	}
}

func TestHelp(t *testing.T) {
	for name := range commands {
		t.Run(name, func(t *testing.T) {
			code, out, _ := runCmd(t, nil, name, "--help")
			if code != 0 || !strings.Contains(out, "usage: selfcheck "+name) {
				t.Errorf("%s --help = %d, %q", name, code, out)
			}
		})
	}
	for _, args := range [][]string{{"user", "add", "--help"}, {"token", "create", "-h"}, {"campaign", "push", "--help"}} {
		if code, out, _ := runCmd(t, nil, args...); code != 0 || !strings.Contains(out, "usage: selfcheck "+args[0]) {
			t.Errorf("%v = %d, %q; want the usage and 0", args, code, out)
		}
	}
	if code, _, _ := runCmd(t, nil, "nosuch"); code != 2 {
		t.Errorf("unknown command exit = %d, want 2", code)
	}
}
