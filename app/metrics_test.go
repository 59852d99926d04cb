package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestMetricsAfterTraffic scrapes /metrics after one WeChat message and one
// call to WeChat's API and expects the bot's and the workflows' series.
func TestMetricsAfterTraffic(t *testing.T) {
	m, ctx := startServe(t, map[string]string{"SELFCHECK_DEMO": "1", "LISTEN_ADDR": "127.0.0.1:0", "DATA_DIR": demoDataDir(t)})
	f := &flowChat{t: t, m: m}
	f.say("o_metrics", "帮助")
	f.say("o_metrics", "帮助")
	if _, err := m.bindQR(ctx, "metrics-scene", time.Hour); err != nil {
		t.Fatal(err)
	}

	resp, err := http.Get(m.URL() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	text := string(body)
	for _, want := range []string{
		`selfcheck_webhook_messages_total{kind="text",outcome="ok"}`,
		`selfcheck_webhook_handle_seconds_bucket{kind="text",le="0.005"}`,
		`selfcheck_webhook_dedupe_hits_total `,
		`selfcheck_wechat_api_calls_total{code="0",op="qrcode create"}`,
		`selfcheck_wechat_api_calls_total{code="0",op="token"}`,
		`selfcheck_wechat_token_refreshes_total{outcome="ok"}`,
		`selfcheck_photo_downloads_total{outcome="ok"}`,
		`selfcheck_scoring_runs_total{kind="due",outcome="ok"}`,
		`selfcheck_reports_overdue `,
		`selfcheck_workflow_stats_up 1`,
		`selfcheck_outbox_stats_up 1`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	// The first message and the call to WeChat were counted, not only
	// declared.
	for _, series := range []string{
		`selfcheck_webhook_messages_total{kind="text",outcome="ok"} 0`,
		`selfcheck_wechat_api_calls_total{code="0",op="qrcode create"} 0`,
	} {
		if strings.Contains(text, series+"\n") {
			t.Errorf("/metrics has %s after traffic", series)
		}
	}
}
