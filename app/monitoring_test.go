package main

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/prometheus/client_golang/prometheus"

	"selfcheck/models/modelstest"
)

// TestMonitoringDocs checks that the alert rules and the Grafana dashboard
// in docs/ are well formed and name only metrics that /metrics exports.
func TestMonitoringDocs(t *testing.T) {
	// Make every metric family appear: one request, and an outbox to read.
	store := modelstest.Open(t, "sqlite")
	exportOutboxMetrics(store, time.Now)
	exportWorkflowMetrics(store, time.Now)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /x", func(http.ResponseWriter, *http.Request) {})
	withRequestLog(slog.New(slog.DiscardHandler), mux).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/x", nil))
	families, err := prometheus.DefaultGatherer.Gather()
	if err != nil {
		t.Fatal(err)
	}
	exported := map[string]bool{}
	for _, f := range families {
		exported[f.GetName()] = true
		if t := f.GetType().String(); t == "HISTOGRAM" || t == "SUMMARY" {
			for _, s := range []string{"_bucket", "_sum", "_count"} {
				exported[f.GetName()+s] = true
			}
		}
	}

	var rules struct {
		Groups []struct {
			Name  string
			Rules []struct {
				Alert       string
				Expr        string
				Labels      map[string]string
				Annotations map[string]string
			}
		}
	}
	alerts := readRepoFile(t, "docs/alerts.yaml")
	if err := yaml.Unmarshal([]byte(alerts), &rules); err != nil {
		t.Fatalf("docs/alerts.yaml: %v", err)
	}
	n := 0
	for _, g := range rules.Groups {
		for _, r := range g.Rules {
			n++
			if r.Alert == "" || r.Expr == "" || r.Labels["severity"] == "" || r.Annotations["summary"] == "" {
				t.Errorf("docs/alerts.yaml: rule %+v lacks alert, expr, severity or summary", r)
			}
		}
	}
	if n < 5 {
		t.Errorf("docs/alerts.yaml has %d rules", n)
	}

	var dash struct {
		Panels []struct {
			Type    string
			Targets []struct{ Expr string }
		}
	}
	board := readRepoFile(t, "docs/grafana-selfcheck.json")
	if err := json.Unmarshal([]byte(board), &dash); err != nil {
		t.Fatalf("docs/grafana-selfcheck.json: %v", err)
	}
	if len(dash.Panels) < 10 {
		t.Errorf("docs/grafana-selfcheck.json has %d panels", len(dash.Panels))
	}

	metric := regexp.MustCompile(`\b(selfcheck|go|process)_[a-z_]+\b`)
	for file, text := range map[string]string{"docs/alerts.yaml": alerts, "docs/grafana-selfcheck.json": board, "docs/deploy.md": readRepoFile(t, "docs/deploy.md")} {
		for _, name := range metric.FindAllString(text, -1) {
			if strings.HasSuffix(name, "_") || name == "selfcheck_migrate" {
				continue // a wildcard in prose (go_*), or the migration lock's name
			}
			if !exported[name] {
				t.Errorf("%s names %s, which /metrics does not export", file, name)
			}
		}
	}
}
