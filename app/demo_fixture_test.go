package main

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// demoTemplate is a DATA_DIR whose SQLite database holds the demo district,
// seeded once per test binary: seeding and scoring it is the slowest part
// of every demo-mode test. TestServeDemo still seeds an empty one itself.
var demoTemplate struct {
	once sync.Once
	dir  string
	err  error
}

// demoDataDir returns a fresh DATA_DIR holding a copy of the seeded demo
// district: serve in demo mode finds it filled and only issues the demo
// firm's binding code, as on any restart.
func demoDataDir(t *testing.T) string {
	t.Helper()
	demoTemplate.once.Do(func() {
		dir, err := os.MkdirTemp("", "selfcheck-demo-")
		if err != nil {
			demoTemplate.err = err
			return
		}
		demoTemplate.dir = dir
		cfg, err := LoadConfig(testEnv(map[string]string{"SELFCHECK_DEMO": "1", "LISTEN_ADDR": "127.0.0.1:0", "DATA_DIR": dir}))
		if err != nil {
			demoTemplate.err = err
			return
		}
		// What serve does to an empty database in demo mode, short of
		// creating the first administrator, which each test's serve does.
		a, err := newApp(context.Background(), cfg, assetsFS(), true)
		if err != nil {
			demoTemplate.err = err
			return
		}
		if _, err := a.seedDemo(context.Background()); err != nil {
			a.Close()
			demoTemplate.err = err
			return
		}
		demoTemplate.err = a.Close()
	})
	if demoTemplate.err != nil {
		t.Fatalf("seed the demo template: %v", demoTemplate.err)
	}
	dst := t.TempDir()
	err := filepath.WalkDir(demoTemplate.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(demoTemplate.dir, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o750)
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), raw, 0o600)
	})
	if err != nil {
		t.Fatalf("copy the demo template: %v", err)
	}
	return dst
}

// dropDemoTemplate removes the demo template; TestMain calls it.
func dropDemoTemplate() {
	if demoTemplate.dir != "" {
		os.RemoveAll(demoTemplate.dir)
	}
}

// startServe runs serve in-process with the settings env, as the serve
// command does, and stops it when the test ends: Run must then return
// without an error. It returns the server and the context it runs under.
func startServe(t *testing.T, env map[string]string) (*Main, context.Context) {
	t.Helper()
	cfg, err := LoadConfig(testEnv(env))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	m, err := NewMain(ctx, cfg)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
		m.Close()
	})
	return m, ctx
}
