package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"

	"selfcheck/models"
)

// Log lines carry no message content and no personal data at info level:
// paths without their query (WeChat puts the openid there), never bodies.

// errKey is the one attribute key for errors.
const errKey = "err"

// newLogger returns the process logger writing to w: JSON lines for log
// collectors unless w is a terminal, where people read text. LOG_FORMAT
// (json|text) and LOG_LEVEL (debug|info|warn|error) override. Every line
// logged with a request's context carries its request_id, and an error
// logged as "error" is renamed "err", so one key finds them all.
func newLogger(w io.Writer, getenv func(string) string) (*slog.Logger, []error) {
	var problems []error
	opts := &slog.HandlerOptions{Level: slog.LevelInfo, ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
		if a.Key == "error" && len(groups) == 0 {
			a.Key = errKey
		}
		return a
	}}
	if v := getenv("LOG_LEVEL"); v != "" {
		var l slog.Level
		if err := l.UnmarshalText([]byte(v)); err != nil {
			problems = append(problems, fmt.Errorf("LOG_LEVEL %q: want debug, info, warn or error", v))
		} else {
			opts.Level = l
		}
	}
	jsonOut := !isTerminal(w)
	switch v := strings.ToLower(getenv("LOG_FORMAT")); v {
	case "":
	case "json":
		jsonOut = true
	case "text":
		jsonOut = false
	default:
		problems = append(problems, fmt.Errorf("LOG_FORMAT %q: want json or text", v))
	}
	var h slog.Handler
	if jsonOut {
		h = slog.NewJSONHandler(w, opts)
	} else {
		h = slog.NewTextHandler(w, opts)
	}
	return slog.New(contextHandler{h}), problems
}

// isTerminal reports whether w is a character device (a terminal) rather
// than a pipe, a file or journald's socket.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// contextHandler adds the request id of the context to each record.
type contextHandler struct{ slog.Handler }

func (h contextHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := models.RequestID(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h contextHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return contextHandler{h.Handler.WithAttrs(as)}
}

func (h contextHandler) WithGroup(name string) slog.Handler {
	return contextHandler{h.Handler.WithGroup(name)}
}

// The HTTP metrics, labelled by the route pattern that served the request
// (a bounded set), never by the raw path.
var (
	httpRequests = promauto.NewCounterVec(prometheus.CounterOpts{
		Name: "selfcheck_http_requests_total",
		Help: "HTTP requests served, by route pattern, method and status code.",
	}, []string{"route", "method", "code"})
	httpDuration = promauto.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "selfcheck_http_request_duration_seconds",
		Help:    "Time to serve an HTTP request, by route pattern.",
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"route"})
	httpInFlight = promauto.NewGauge(prometheus.GaugeOpts{
		Name: "selfcheck_http_requests_in_flight",
		Help: "HTTP requests being served.",
	})
)

// requestIDHeader is the header a request id arrives and leaves in.
const requestIDHeader = "X-Request-Id"

// validRequestID accepts the ids proxies and clients commonly send (UUIDs,
// hex, nginx's $request_id) and nothing that could forge a log line.
func validRequestID(id string) bool {
	if len(id) < 8 || len(id) > 64 {
		return false
	}
	for _, c := range id {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '.', c == ':':
		default:
			return false
		}
	}
	return true
}

// newRequestID returns 16 random bytes in hex.
func newRequestID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// withRequestLog gives every request an id (the caller's X-Request-Id when it
// is sane, else a new one), echoes it in the response, puts it in the
// request's context for every log line and outbound call, counts the request
// and logs one line when it ends. Probes and scrapes log at debug level.
func withRequestLog(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(requestIDHeader)
		if !validRequestID(id) {
			id = newRequestID()
		}
		w.Header().Set(requestIDHeader, id)
		r = r.WithContext(models.WithRequestID(r.Context(), id))
		rec := &statusRecorder{ResponseWriter: w}
		start := time.Now()
		httpInFlight.Inc()
		defer func() {
			httpInFlight.Dec()
			elapsed := time.Since(start)
			if rec.status == 0 {
				rec.status = http.StatusOK
			}
			route := r.Pattern // set by the mux that served the request
			if route == "" {
				route = "unmatched"
			}
			httpRequests.WithLabelValues(route, r.Method, strconv.Itoa(rec.status)).Inc()
			httpDuration.WithLabelValues(route).Observe(elapsed.Seconds())
			level := slog.LevelInfo
			switch {
			case rec.status >= 500:
				level = slog.LevelError
			case r.URL.Path == "/healthz" || r.URL.Path == "/readyz" || r.URL.Path == "/metrics":
				level = slog.LevelDebug
			case r.URL.Path == "/wechat" && rec.status < 400:
				// One line per follower's message is the bulk of the log
				// and a share of the webhook's CPU; the bot logs what goes
				// wrong and /metrics counts the messages.
				level = slog.LevelDebug
			}
			log.LogAttrs(r.Context(), level, "http request",
				slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.String("route", route),
				slog.Int("status", rec.status), slog.Int64("bytes", rec.bytes),
				slog.Float64("duration_ms", float64(elapsed.Microseconds())/1000))
		}()
		next.ServeHTTP(rec, r)
	})
}

// statusRecorder remembers the status and size of a response. Unwrap lets
// http.ResponseController reach the writer's Flush and deadlines.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += int64(n)
	return n, err
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// Flush passes streaming responses through.
func (s *statusRecorder) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
