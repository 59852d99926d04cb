package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"selfcheck/models/modelstest"
)

func TestLoadRetention(t *testing.T) {
	shipped, err := loadRetention(assetsFS(), "")
	if err != nil {
		t.Fatal(err)
	}
	if shipped.ReportsDays == 0 || shipped.DedupeKeysDays == 0 || shipped.ConversationsDays == 0 {
		t.Errorf("shipped retention = %+v, want every kind bounded", shipped)
	}
	dir := t.TempDir()
	for _, tc := range []struct{ name, src, err string }{
		{"ErrMissingKey", "reports_days: 10\n", "is missing"},
		{"ErrUnknownKey", strings.Replace(readRepoFile(t, "templates/retention.yaml"), "photos_days", "photo_days", 1), "photo_days"},
		{"ErrNegative", strings.Replace(readRepoFile(t, "templates/retention.yaml"), "reports_days: 1095", "reports_days: -1", 1), "negative"},
		{"OK", strings.Replace(readRepoFile(t, "templates/retention.yaml"), "reports_days: 1095", "reports_days: 0", 1), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(dir, tc.name+".yaml")
			if err := os.WriteFile(file, []byte(tc.src), 0o600); err != nil {
				t.Fatal(err)
			}
			r, err := loadRetention(assetsFS(), file)
			if tc.err == "" {
				if err != nil || r.ReportsDays != 0 || !r.Cutoffs(time.Now()).Reports.IsZero() {
					t.Errorf("loadRetention = %+v, %v, want reports kept forever", r, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("loadRetention = %v, want an error with %q", err, tc.err)
			}
		})
	}
}

// TestRetentionOncePerDay runs the daily job on two replicas of one
// database: one sweeps, the other finds the day taken, and the next day is
// swept again.
func TestRetentionOncePerDay(t *testing.T) {
	for _, dialect := range modelstest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			url := modelstest.NewURL(t, dialect)
			now := time.Date(2026, 12, 5, 2, 0, 0, 0, time.UTC)
			open := func() *App {
				cfg, err := LoadConfig(testEnv(map[string]string{"DATABASE_URL": url, "DATA_DIR": t.TempDir()}))
				if err != nil {
					t.Fatal(err)
				}
				a, err := newApp(ctx, cfg, assetsFS(), true)
				if err != nil {
					t.Fatal(err)
				}
				a.now = func() time.Time { return now }
				t.Cleanup(func() { a.Close() })
				return a
			}
			a, b := open(), open()
			policy, err := loadRetention(assetsFS(), "")
			if err != nil {
				t.Fatal(err)
			}
			var ran []bool
			for _, app := range []*App{a, b} {
				ok, err := app.retentionOnce(ctx, policy)
				if err != nil {
					t.Fatal(err)
				}
				ran = append(ran, ok)
			}
			now = now.Add(24 * time.Hour)
			ok, err := b.retentionOnce(ctx, policy)
			if err != nil {
				t.Fatal(err)
			}
			if got := append(ran, ok); got[0] != true || got[1] != false || got[2] != true {
				t.Errorf("replicas ran the sweep %v, want [true false true]", got)
			}
		})
	}
}
