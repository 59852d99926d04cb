package main

import (
	"context"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"selfcheck/bot"
	"selfcheck/templates"
)

// assetsFS is the embedded templates directory; a variable so tests can see
// exactly what ships.
func assetsFS() fs.FS { return templates.FS }

// routes builds the whole HTTP handler.
func (a *App) routes() (http.Handler, error) {
	pages, err := template.ParseFS(a.assets, "html/*.html")
	if err != nil {
		return nil, err
	}
	static, err := fs.Sub(a.assets, "static")
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", a.handleReady)
	if a.cfg.MetricsAddr == "" {
		mux.Handle("GET /metrics", promhttp.Handler())
	}
	wechat := bot.New(bot.Config{
		AppID:     a.cfg.WeChat.AppID,
		AppSecret: a.cfg.WeChat.AppSecret,
		Token:     a.cfg.WeChat.Token,
		AESKey:    a.cfg.WeChat.AESKey,
		APIBase:   a.cfg.WeChat.APIBase,
		Location:  a.cfg.TZ,
		District:  a.district,
		Calendar:  a.calendar,
		Explain:   a.reg.ExplainCredit,
	}, a.store, a.assets)
	mux.Handle("/wechat", wechat)
	mux.Handle("GET /static/", http.StripPrefix("/static/", staticFiles(static)))
	dash, err := a.dashboard()
	if err != nil {
		return nil, err
	}
	a.dash = dash
	mux.Handle("/admin/", dash.Handler())
	mux.Handle("/api/v1/", dash.Handler())
	mux.Handle("/public/", dash.Handler())
	if a.cfg.Demo {
		a.mountSimulator(mux, pages, wechat)
	}
	// The landing page is public: it links the entry points and says
	// nothing about the database behind them.
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		pages.ExecuteTemplate(w, "home", map[string]any{"Demo": a.cfg.Demo})
	})
	return mux, nil
}

// metricsHandler serves /metrics alone, for the METRICS_ADDR listener.
func metricsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.Handler())
	return mux
}

// staticFiles serves the files of dir and answers 404 for a directory,
// so that no listing of what ships is ever shown.
func staticFiles(dir fs.FS) http.Handler {
	files := http.FileServerFS(dir)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if name == "" {
			name = "."
		}
		if fi, err := fs.Stat(dir, name); err != nil || fi.IsDir() || strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r)
			return
		}
		files.ServeHTTP(w, r)
	})
}

// handleReady answers 200 when the database answers within a second.
func (a *App) handleReady(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), time.Second)
	defer cancel()
	if err := a.store.Ping(ctx); err != nil {
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ready\n"))
}
