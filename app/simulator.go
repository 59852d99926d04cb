package main

import (
	"html/template"
	"net/http"
)

// handleSimulator serves the WeChat simulator's chat page (demo mode only).
func (a *App) handleSimulator(pages *template.Template) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		pages.ExecuteTemplate(w, "simulator", nil)
	}
}
