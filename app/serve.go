package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"sync"
	"time"

	"selfcheck/app/web"
)

func init() {
	register(command{
		name:    "serve",
		summary: "Run the HTTP server: the WeChat webhook, the dashboard, the JSON API and the workers.",
		flags: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usagef("unexpected argument %q", args[0])
				}
				cfg, err := LoadConfig(e.getenv)
				if err != nil {
					return err
				}
				if err := cfg.RequireWeChat(); err != nil {
					return err
				}
				tuneGC(e.getenv)
				m, err := NewMain(ctx, cfg)
				if err != nil {
					return err
				}
				defer m.Close()
				b := readBuildInfo()
				m.log.Info("serving", "url", m.URL(), "version", b.Version, "commit", b.Commit, "dialect", m.store.Dialect())
				fmt.Fprintf(e.stdout, "selfcheck serving on %s\n", m.URL())
				if u := m.MetricsURL(); u != "" {
					fmt.Fprintf(e.stdout, "metrics on %s/metrics only\n", u)
				}
				if cfg.Demo {
					fmt.Fprintf(e.stdout, "demo mode: WeChat simulator at %s/simulator\n", m.URL())
					m.demo.print(e.stdout, m.URL())
					if m.demo.AdminPassword == "" {
						fmt.Fprintf(e.stdout, "dashboard: %s/admin/  user %s (created at the first start)\n", m.URL(), web.FirstAdminUsername)
					}
					fmt.Fprintf(e.stdout, "dashboard: %s\n", web.ResetHint(web.FirstAdminUsername))
				}
				return m.Run(ctx)
			}
		},
	})
}

// tuneGC trades memory the server has for CPU it lacks, unless GOGC or
// GOMEMLIMIT say otherwise: the collector runs when the heap has grown
// fourfold since the last collection instead of twofold (under webhook load
// the live heap is some 15 MB and the collector took a tenth of the CPU),
// and works harder as the process nears 320 MiB, so the fourfold growth
// never costs more than that.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(320 << 20)
	}
}

// Main is a running server: the App, its HTTP handler and listener. End-to-end
// tests start one on 127.0.0.1:0 the same way serve does.
type Main struct {
	*App
	server   *http.Server
	listener net.Listener
	// metrics serves /metrics on METRICS_ADDR when that is set.
	metrics         *http.Server
	metricsListener net.Listener
	demo            *demoInfo
}

// NewMain wires the server and opens its listener. The database is migrated
// and, in demo mode, seeded before the listener opens, so /readyz is true as
// soon as /healthz answers.
func NewMain(ctx context.Context, cfg Config) (*Main, error) {
	a, err := newApp(ctx, cfg, assetsFS(), true)
	if err != nil {
		return nil, err
	}
	m := &Main{App: a}
	// The listener opens first (it serves nothing until Run), so that in
	// demo mode the simulator's stand-in API is addressed on the port
	// actually bound, LISTEN_ADDR=...:0 included, before anything is sent.
	m.listener, err = net.Listen("tcp", cfg.ListenAddr)
	if err != nil {
		a.Close()
		return nil, fmt.Errorf("listen on %s: %w", cfg.ListenAddr, err)
	}
	if cfg.demoAPIBase {
		a.cfg.WeChat.APIBase = m.URL() + "/simulator/api"
		if cfg.demoPublicURL {
			a.cfg.PublicBaseURL = m.URL()
		}
	}
	if cfg.Demo {
		if m.demo, err = a.seedDemo(ctx); err != nil {
			m.listener.Close()
			a.Close()
			return nil, fmt.Errorf("seed demo data: %w", err)
		}
		if m.demo.AdminUser, m.demo.AdminPassword, _, err = web.EnsureFirstAdmin(ctx, a.store); err != nil {
			m.listener.Close()
			a.Close()
			return nil, fmt.Errorf("create the first administrator: %w", err)
		}
	}
	if _, err := a.outbound(); err != nil {
		m.listener.Close()
		a.Close()
		return nil, err
	}
	handler, err := a.routes()
	if err != nil {
		m.listener.Close()
		a.Close()
		return nil, err
	}
	if cfg.MetricsAddr != "" {
		if m.metricsListener, err = net.Listen("tcp", cfg.MetricsAddr); err != nil {
			m.listener.Close()
			a.Close()
			return nil, fmt.Errorf("listen on METRICS_ADDR %s: %w", cfg.MetricsAddr, err)
		}
		m.metrics = &http.Server{Handler: metricsHandler(), ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second}
	}
	exportOutboxMetrics(a.store, a.now)
	exportWorkflowMetrics(a.store, a.now)
	m.server = &http.Server{
		Handler:           withRequestLog(a.log, handler),
		ErrorLog:          slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	return m, nil
}

// URL is the base URL the server answers on.
func (m *Main) URL() string { return "http://" + displayAddr(m.listener.Addr().String()) }

// MetricsURL is the base URL of the METRICS_ADDR listener, "" without one.
func (m *Main) MetricsURL() string {
	if m.metricsListener == nil {
		return ""
	}
	return "http://" + displayAddr(m.metricsListener.Addr().String())
}

// shutdownGrace bounds how long a stopping server waits for its requests in
// flight: WeChat gives up on a reply after 5 s, dashboard exports take longer.
// Process managers must allow more (systemd TimeoutStopSec, compose
// stop_grace_period).
const shutdownGrace = 25 * time.Second

// Run serves until ctx ends (SIGTERM or SIGINT under serve), then shuts down
// gracefully: the listener closes, requests in flight run to completion, and
// only then do the workers stop, so a webhook that enqueued a notice still
// has a live sender. A stopping sender leaves nothing behind: a batch it
// claimed ahead is released, a message whose call it abandoned stays pending
// and is sent again when its lease ends (template messages carry their
// client_msg_id, so WeChat drops the repeat).
func (m *Main) Run(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() { errc <- m.server.Serve(m.listener) }()
	if m.metrics != nil {
		go func() {
			if err := m.metrics.Serve(m.metricsListener); err != nil && !errors.Is(err, http.ErrServerClosed) {
				m.log.Error("metrics listener", "err", err)
			}
		}()
		defer m.metrics.Close()
	}
	// Workers stop after the server, and before Run returns, so none
	// outlives the store.
	workers, stopWorkers := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	defer func() { stopWorkers(); wg.Wait() }()
	wg.Add(1)
	go func() { defer wg.Done(); m.runHousekeeping(workers, 15*time.Minute) }()
	wg.Add(1)
	go func() { defer wg.Done(); m.runOutbound(workers) }()
	wg.Add(1)
	go func() { defer wg.Done(); m.runRetention(workers, 5*time.Minute, time.Hour) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	m.log.Info("shutting down: finishing requests in flight", "grace", shutdownGrace.String())
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	if err := m.server.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	stopWorkers()
	wg.Wait()
	m.log.Info("stopped: requests finished, workers stopped")
	return nil
}
