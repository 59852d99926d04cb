// Package modelstest opens real databases for tests: a temporary SQLite file,
// and a fresh MariaDB/MySQL database on the server named by MYSQL_TEST_DSN
// (which `make test` provides, starting a throwaway server when needed). The
// schema is migrated once per test binary into a template and copied per test,
// so every test starts from an empty, fully migrated database.
package modelstest

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"selfcheck/models"
)

// Dialects lists the databases every storage test runs on.
var Dialects = []string{"sqlite", "mysql"}

// Each runs fn once per database as a subtest named after the dialect.
func Each(t *testing.T, fn func(t *testing.T, s *models.Store)) {
	t.Helper()
	for _, d := range Dialects {
		t.Run(d, func(t *testing.T) { fn(t, Open(t, d)) })
	}
}

// Open returns a Store on an empty, migrated database of the given dialect
// that is dropped when the test ends.
func Open(tb testing.TB, dialect string) *models.Store {
	tb.Helper()
	ctx := context.Background()
	s, err := models.Open(ctx, NewURL(tb, dialect))
	if err != nil {
		tb.Fatalf("modelstest: open %s: %v", dialect, err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// NewURL creates an empty, migrated database of the given dialect, dropped
// when the test ends, and returns its DATABASE_URL.
func NewURL(tb testing.TB, dialect string) string {
	tb.Helper()
	switch dialect {
	case "sqlite":
		return "sqlite://" + sqliteCopy(tb)
	case "mysql":
		return mysqlCopy(tb)
	}
	tb.Fatalf("modelstest: unknown dialect %q", dialect)
	return ""
}

var (
	sqliteOnce     sync.Once
	sqliteTemplate string
	sqliteErr      error
)

// sqliteCopy copies a migrated template file into the test's temp dir.
func sqliteCopy(tb testing.TB) string {
	tb.Helper()
	sqliteOnce.Do(func() {
		dir, err := os.MkdirTemp("", "selfcheck-sqlite-template-")
		if err != nil {
			sqliteErr = err
			return
		}
		sqliteTemplate = filepath.Join(dir, "template.db")
		sqliteErr = migrateTemplate("sqlite://" + sqliteTemplate)
		if sqliteErr == nil {
			// A checkpoint folds the WAL into the main file, so copying the
			// main file alone copies the whole database.
			sqliteErr = checkpoint(sqliteTemplate)
		}
	})
	if sqliteErr != nil {
		tb.Fatalf("modelstest: sqlite template: %v", sqliteErr)
	}
	path := filepath.Join(tb.TempDir(), "test.db")
	if err := copyFile(sqliteTemplate, path); err != nil {
		tb.Fatalf("modelstest: copy sqlite template: %v", err)
	}
	return path
}

func checkpoint(path string) error {
	s, err := models.Open(context.Background(), "sqlite://"+path)
	if err != nil {
		return err
	}
	defer s.Close()
	return s.DB().Exec("PRAGMA wal_checkpoint(TRUNCATE)").Error
}

func migrateTemplate(url string) error {
	ctx := context.Background()
	s, err := models.Open(ctx, url)
	if err != nil {
		return err
	}
	defer s.Close()
	_, err = s.Migrate(ctx)
	return err
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

var (
	mysqlOnce     sync.Once
	mysqlAdmin    *sql.DB
	mysqlCfg      *mysql.Config
	mysqlTemplate string
	mysqlTables   []string
	mysqlErr      error
	mysqlSeq      atomic.Int64
)

// MySQLDSN returns MYSQL_TEST_DSN or fails the test: storage tests never skip.
func MySQLDSN(tb testing.TB) string {
	tb.Helper()
	dsn := os.Getenv("MYSQL_TEST_DSN")
	if dsn == "" {
		tb.Fatal("MYSQL_TEST_DSN is not set: run make test, which starts a throwaway MariaDB")
	}
	return dsn
}

// mysqlCopy creates a fresh database with the template's tables and returns
// its mysql:// URL; the database is dropped when the test ends.
func mysqlCopy(tb testing.TB) string {
	tb.Helper()
	dsn := MySQLDSN(tb)
	mysqlOnce.Do(func() { mysqlErr = setupMySQLTemplate(dsn) })
	if mysqlErr != nil {
		tb.Fatalf("modelstest: mysql template: %v", mysqlErr)
	}
	name := fmt.Sprintf("selfcheck_t%d_%d", os.Getpid(), mysqlSeq.Add(1))
	ctx := context.Background()
	if _, err := mysqlAdmin.ExecContext(ctx, "CREATE DATABASE "+name+" CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
		tb.Fatalf("modelstest: create database: %v", err)
	}
	tb.Cleanup(func() {
		if _, err := mysqlAdmin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name); err != nil {
			tb.Errorf("modelstest: drop database %s: %v", name, err)
		}
	})
	for _, t := range mysqlTables {
		if _, err := mysqlAdmin.ExecContext(ctx, fmt.Sprintf("CREATE TABLE %s.%s LIKE %s.%s", name, t, mysqlTemplate, t)); err != nil {
			tb.Fatalf("modelstest: copy table %s: %v", t, err)
		}
	}
	if _, err := mysqlAdmin.ExecContext(ctx, fmt.Sprintf("INSERT INTO %s.schema_migrations SELECT * FROM %s.schema_migrations", name, mysqlTemplate)); err != nil {
		tb.Fatalf("modelstest: copy schema_migrations: %v", err)
	}
	return URL(mysqlCfg, name)
}

// URL returns the mysql:// DATABASE_URL for database db on the server of cfg.
func URL(cfg *mysql.Config, db string) string {
	auth := cfg.User
	if cfg.Passwd != "" {
		auth += ":" + cfg.Passwd
	}
	return fmt.Sprintf("mysql://%s@%s/%s", auth, cfg.Addr, db)
}

func setupMySQLTemplate(dsn string) error {
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return fmt.Errorf("parse MYSQL_TEST_DSN: %w", err)
	}
	cfg.DBName = ""
	cfg.MultiStatements = false
	mysqlCfg = cfg
	mysqlAdmin, err = sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		return err
	}
	mysqlAdmin.SetConnMaxLifetime(time.Minute)
	ctx := context.Background()
	mysqlTemplate = fmt.Sprintf("selfcheck_tpl%d", os.Getpid())
	if _, err := mysqlAdmin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+mysqlTemplate); err != nil {
		return err
	}
	if _, err := mysqlAdmin.ExecContext(ctx, "CREATE DATABASE "+mysqlTemplate+" CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
		return fmt.Errorf("create template database: %w", err)
	}
	if err := migrateTemplate(URL(cfg, mysqlTemplate)); err != nil {
		return err
	}
	rows, err := mysqlAdmin.QueryContext(ctx, "SELECT table_name FROM information_schema.tables WHERE table_schema = ?", mysqlTemplate)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return err
		}
		mysqlTables = append(mysqlTables, t)
	}
	return rows.Err()
}

// Root returns the module's root directory, found by walking up to go.mod.
func Root(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("modelstest: go.mod not found above the working directory")
		}
		dir = parent
	}
}

// District loads the shipped templates/district.yaml.
func District(tb testing.TB) *models.District {
	tb.Helper()
	d, err := models.LoadDistrict(os.DirFS(filepath.Join(Root(tb), "templates")), "district.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// DropTemplates removes the per-binary template databases; call it from
// TestMain after m.Run.
func DropTemplates() {
	if mysqlAdmin != nil && strings.HasPrefix(mysqlTemplate, "selfcheck_tpl") {
		mysqlAdmin.Exec("DROP DATABASE IF EXISTS " + mysqlTemplate)
	}
	if sqliteTemplate != "" {
		os.RemoveAll(filepath.Dir(sqliteTemplate))
	}
}
