package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

func TestMain(m *testing.M) {
	// Hashing at bcrypt's default cost dominates the suite under -race.
	models.PasswordCost = bcrypt.MinCost
	code := m.Run()
	modelstest.DropTemplates()
	dropDemoTemplate()
	os.Exit(code)
}

// testEnv returns a getenv over vars and nothing else.
func testEnv(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// runCmd runs the selfcheck command line with vars as the environment and
// returns its exit code, stdout and stderr.
func runCmd(t *testing.T, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, testEnv(vars), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// newTestApp opens an App on a fresh database of the given dialect, with the
// shipped templates and the clock pinned to now.
func newTestApp(t testing.TB, dialect string, now time.Time) *App {
	t.Helper()
	cfg, err := LoadConfig(testEnv(map[string]string{"DATABASE_URL": modelstest.NewURL(t, dialect), "DATA_DIR": t.TempDir(),
		"WECHAT_TEMPLATES": testTemplatesFile(t)}))
	if err != nil {
		t.Fatal(err)
	}
	a, err := newApp(context.Background(), cfg, assetsFS(), true)
	if err != nil {
		t.Fatal(err)
	}
	a.now = func() time.Time { return now }
	t.Cleanup(func() { a.Close() })
	return a
}
