package bot

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

// The bot's Prometheus series. They are process-wide, like /metrics itself:
// one process serves one Official Account.
var (
	webhookMessages = promauto.NewCounterVec(prometheus.CounterOpts{
		Name: "selfcheck_webhook_messages_total",
		Help: "WeChat messages handled by the webhook, by message kind and outcome (ok, late, replay, error).",
	}, []string{"kind", "outcome"})
	webhookDuration = promauto.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "selfcheck_webhook_handle_seconds",
		Help:    "Time to handle one WeChat message and compute its reply, by message kind.",
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
	}, []string{"kind"})
	dedupeHits = promauto.NewCounter(prometheus.CounterOpts{
		Name: "selfcheck_webhook_dedupe_hits_total",
		Help: "WeChat retries of a message already handled (same MsgId or event key).",
	})
	readAnswers = promauto.NewCounter(prometheus.CounterOpts{
		Name: "selfcheck_webhook_read_answers_total",
		Help: "WeChat messages answered from a read because they change nothing (help, lookups): no dedupe key or session written, only the request's nonce.",
	})
	wechatCalls = promauto.NewCounterVec(prometheus.CounterOpts{
		Name: "selfcheck_wechat_api_calls_total",
		Help: "Calls to WeChat's API by operation and answer code: 0 is success, transport a failure before any answer.",
	}, []string{"op", "code"})
	tokenRefreshes = promauto.NewCounterVec(prometheus.CounterOpts{
		Name: "selfcheck_wechat_token_refreshes_total",
		Help: "Access tokens fetched from WeChat, by outcome (ok, error).",
	}, []string{"outcome"})
	photoDownloads = promauto.NewCounterVec(prometheus.CounterOpts{
		Name: "selfcheck_photo_downloads_total",
		Help: "Photos fetched from WeChat's media API, by outcome (ok, error).",
	}, []string{"outcome"})
)

func init() {
	// Known series start at zero, so that rate() and alerts see them before
	// the first event.
	for _, o := range []string{outcomeOK, outcomeLate, outcomeReplay, outcomeError} {
		webhookMessages.WithLabelValues(string(KindText), o)
	}
	webhookDuration.WithLabelValues(string(KindText))
	for _, o := range []string{"ok", "error"} {
		tokenRefreshes.WithLabelValues(o)
		photoDownloads.WithLabelValues(o)
	}
	wechatCalls.WithLabelValues("token", "0")
}

// Outcomes of a handled webhook message.
const (
	outcomeOK     = "ok"
	outcomeLate   = "late"
	outcomeReplay = "replay"
	outcomeError  = "error"
)

// handleObserved is Handle, counted and timed by message kind and outcome.
func (b *Bot) handleObserved(ctx context.Context, in Inbound) ([]Outbound, error) {
	start := time.Now()
	out, err := b.Handle(ctx, in)
	kind := string(in.Kind)
	if kind == "" {
		kind = "unknown"
	}
	outcome := outcomeOK
	switch {
	case errors.Is(err, errReplay):
		outcome = outcomeReplay
	case errors.Is(err, ErrLate):
		outcome = outcomeLate
	case err != nil:
		outcome = outcomeError
	}
	webhookMessages.WithLabelValues(kind, outcome).Inc()
	webhookDuration.WithLabelValues(kind).Observe(time.Since(start).Seconds())
	return out, err
}

// countDedupeHit records a retried message answered from its first handling.
func countDedupeHit() { dedupeHits.Inc() }

// observeCall counts one call to WeChat's API by its answer's errcode; raw
// is the answer, err the failure to get one. Token fetches also count as
// refreshes.
func observeCall(op string, raw []byte, err error) {
	code := "transport"
	if err == nil {
		var res apiResult
		if json.Unmarshal(raw, &res) == nil {
			code = strconv.FormatInt(res.ErrCode, 10)
		} else {
			code = "malformed"
		}
	}
	wechatCalls.WithLabelValues(op, code).Inc()
	if op == "token" || op == "stable_token" {
		outcome := "ok"
		if code != "0" {
			outcome = "error"
		}
		tokenRefreshes.WithLabelValues(outcome).Inc()
	}
}

// countPhotoDownload records one media download and, as a call to WeChat's
// API, its answer code.
func countPhotoDownload(err error) {
	outcome, code := "ok", "0"
	if err != nil {
		outcome, code = "error", "transport"
		var e *APIError
		if errors.As(err, &e) {
			code = strconv.FormatInt(e.Code, 10)
		}
	}
	photoDownloads.WithLabelValues(outcome).Inc()
	wechatCalls.WithLabelValues("media get", code).Inc()
}
