package main

import (
	"context"
	"html/template"
	"io/fs"
	"net/http"
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
	mux.Handle("GET /metrics", promhttp.Handler())
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
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
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
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		n, _ := a.store.CountEnterprises(r.Context())
		v, _ := a.store.SchemaVersion(r.Context())
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		pages.ExecuteTemplate(w, "home", map[string]any{
			"Enterprises": n, "Dialect": a.store.Dialect(), "SchemaVersion": v, "Demo": a.cfg.Demo,
		})
	})
	return mux, nil
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
