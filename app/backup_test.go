package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

func TestBackupSQLite(t *testing.T) {
	ctx := context.Background()
	url := modelstest.NewURL(t, "sqlite")
	src, err := models.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	firm := modelstest.Enterprise(t, src, nil)
	// The source stays open (and in WAL mode) while the backup runs, as
	// under a serving process.
	out := filepath.Join(t.TempDir(), "backup.db")
	vars := map[string]string{"DATABASE_URL": url, "DATA_DIR": t.TempDir()}
	code, stdout, stderr := runCmd(t, vars, "backup", "--out", out)
	if code != 0 || !strings.HasPrefix(stdout, "wrote "+out) {
		t.Fatalf("backup --out = %d %q %q, want 0 and a wrote line", code, stdout, stderr)
	}
	copy, err := models.Open(ctx, "sqlite://"+out)
	if err != nil {
		t.Fatal(err)
	}
	defer copy.Close()
	if got, err := copy.EnterpriseByUSCC(ctx, firm.USCC); err != nil || got.Name != firm.Name {
		t.Errorf("the backup's firm %s = %+v, %v; want %q", firm.USCC, got, err, firm.Name)
	}
	if v, err := copy.SchemaVersion(ctx); err != nil || v != models.LatestSchemaVersion() {
		t.Errorf("the backup's schema version = %d, %v; want %d", v, err, models.LatestSchemaVersion())
	}
	// An existing file is never overwritten.
	if code, _, stderr := runCmd(t, vars, "backup", "--out", out); code != 1 || !strings.Contains(stderr, "exists") {
		t.Errorf("backup over an existing file = %d %q, want 1 and a message", code, stderr)
	}
	if code, _, _ := runCmd(t, vars, "backup"); code != 2 {
		t.Errorf("backup without --out = %d, want 2", code)
	}
}

func TestBackupMySQLPrintsRecipe(t *testing.T) {
	out := filepath.Join(t.TempDir(), "backup.db")
	code, _, stderr := runCmd(t, map[string]string{"DATABASE_URL": modelstest.NewURL(t, "mysql")}, "backup", "--out", out)
	if code != 1 || !strings.Contains(stderr, "mysqldump --single-transaction") || !strings.Contains(stderr, "mariabackup") {
		t.Errorf("backup on MySQL = %d %q, want 1 and the recipe", code, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("backup on MySQL wrote %s (%v)", out, err)
	}
}

func TestMigrateStatus(t *testing.T) {
	for _, dialect := range modelstest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, map[string]string{"DATABASE_URL": modelstest.NewURL(t, dialect)}, "migrate", "--status")
			if code != 0 {
				t.Fatalf("migrate --status = %d %q", code, stderr)
			}
			lines := strings.Split(strings.TrimSpace(stdout), "\n")
			if !strings.HasPrefix(lines[0], "applied  001 enterprises") || strings.Contains(stdout, "pending  ") ||
				!strings.HasPrefix(lines[len(lines)-1], fmt.Sprintf("%d applied, 0 pending", len(lines)-1)) {
				t.Errorf("migrate --status:\n%s", stdout)
			}
		})
	}
	code, stdout, _ := runCmd(t, map[string]string{"DATABASE_URL": "sqlite://" + filepath.Join(t.TempDir(), "new.db")}, "migrate", "--status")
	if code != 0 || !strings.HasPrefix(stdout, "pending  001 enterprises\n") || !strings.Contains(stdout, "0 applied") {
		t.Errorf("migrate --status on an empty database = %d:\n%s", code, stdout)
	}
}
