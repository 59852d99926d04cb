package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Store is the one handle on the database. Every query of the product is a
// method of Store; tests use the real thing on SQLite and MariaDB.
type Store struct {
	db      *gorm.DB
	sqlDB   *sql.DB
	dialect string

	// Now is the clock. It defaults to time.Now; tests pin it.
	Now func() time.Time
}

// Open connects to databaseURL, which is sqlite://PATH or
// mysql://user:pass@host:port/db?params. It does not migrate.
func Open(ctx context.Context, databaseURL string) (*Store, error) {
	dialector, dialect, err := dialectorFor(databaseURL)
	if err != nil {
		return nil, err
	}
	s := &Store{dialect: dialect, Now: time.Now}
	s.db, err = gorm.Open(dialector, &gorm.Config{
		TranslateError:         true,
		SkipDefaultTransaction: true,
		Logger:                 logger.Discard,
		NowFunc:                func() time.Time { return s.Now().UTC() },
	})
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", dialect, err)
	}
	if err := installWriteGuard(s.db); err != nil {
		return nil, err
	}
	if s.sqlDB, err = s.db.DB(); err != nil {
		return nil, fmt.Errorf("open %s database: %w", dialect, err)
	}
	if dialect == "mysql" {
		// gotify's pool settings: MariaDB closes idle connections after
		// wait_timeout, so recycle them before it does.
		s.sqlDB.SetMaxOpenConns(32)
		s.sqlDB.SetMaxIdleConns(16)
		s.sqlDB.SetConnMaxLifetime(9 * time.Minute)
	} else {
		// One writer at a time is SQLite's rule; a small pool with WAL lets
		// readers proceed while busy_timeout queues the writers.
		s.sqlDB.SetMaxOpenConns(4)
	}
	if err := s.sqlDB.PingContext(ctx); err != nil {
		s.sqlDB.Close()
		return nil, fmt.Errorf("connect to %s database: %w", dialect, err)
	}
	return s, nil
}

// dialectorFor turns a DATABASE_URL into a GORM dialector.
func dialectorFor(databaseURL string) (gorm.Dialector, string, error) {
	scheme, rest, ok := strings.Cut(databaseURL, "://")
	if !ok {
		return nil, "", fmt.Errorf("DATABASE_URL %q: want sqlite://PATH or mysql://user:pass@host:port/db", databaseURL)
	}
	switch scheme {
	case "sqlite":
		path := rest
		if path == "" {
			return nil, "", fmt.Errorf("DATABASE_URL %q: sqlite needs a file path", databaseURL)
		}
		if dir := filepath.Dir(path); dir != "" {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, "", fmt.Errorf("create database directory: %w", err)
			}
		}
		if err := checkWritable(path); err != nil {
			return nil, "", err
		}
		dsn := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
			"&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)&_txlock=immediate"
		return sqlite.Open(dsn), "sqlite", nil
	case "mysql":
		dsn, err := MySQLDSN(rest)
		if err != nil {
			return nil, "", fmt.Errorf("DATABASE_URL: %w", err)
		}
		return mysql.Open(dsn), "mysql", nil
	default:
		return nil, "", fmt.Errorf("DATABASE_URL %q: unknown scheme %q (want sqlite or mysql)", databaseURL, scheme)
	}
}

// checkWritable reports, naming the path, a SQLite database that could not
// be written: its directory (SQLite writes its journal beside the file) or
// the file itself on a read-only disk or without permission. SQLite would
// otherwise fail later, and less clearly ("out of memory (14)").
func checkWritable(path string) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".selfcheck-write-check-*")
	if err != nil {
		return fmt.Errorf("sqlite database %s: directory %s is not writable (%v): check DATA_DIR or DATABASE_URL, the disk and its permissions", path, dir, rootCause(err))
	}
	f.Close()
	os.Remove(f.Name())
	if f, err := os.OpenFile(path, os.O_WRONLY, 0); err == nil {
		f.Close()
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("sqlite database %s is not writable (%v): check DATA_DIR or DATABASE_URL, the disk and its permissions", path, rootCause(err))
	}
	return nil
}

// rootCause is the system error under a path error ("read-only file
// system", "permission denied").
func rootCause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// MySQLDSN converts the part of a mysql:// URL after the scheme into a
// go-sql-driver DSN with the settings the schema needs: utf8mb4 for Chinese and
// emoji, parsed times in UTC. Arguments are interpolated by the driver
// (interpolateParams, safe with utf8mb4), so a statement costs one round
// trip instead of a prepare, an execute and a close. Query parameters in the
// URL are kept, except clientFoundRows, which is always off: the webhook
// counts the rows an insert created from the rows it changed, and with it on
// MySQL would count an existing row left alone as changed.
func MySQLDSN(rest string) (string, error) {
	u, err := url.Parse("mysql://" + rest)
	if err != nil {
		return "", fmt.Errorf("parse mysql url: %w", err)
	}
	db := strings.TrimPrefix(u.Path, "/")
	if u.Host == "" || db == "" {
		return "", fmt.Errorf("mysql url needs host and database name, as mysql://user:pass@host:3306/db")
	}
	host := u.Host
	if u.Port() == "" {
		host += ":3306"
	}
	q := u.Query()
	for k, v := range map[string]string{
		"charset": "utf8mb4", "collation": "utf8mb4_unicode_ci", "parseTime": "true", "loc": "UTC",
		"interpolateParams": "true",
	} {
		if q.Get(k) == "" {
			q.Set(k, v)
		}
	}
	q.Del("clientFoundRows")
	user := ""
	if u.User != nil {
		user = u.User.Username()
		if p, ok := u.User.Password(); ok {
			user += ":" + p
		}
		user += "@"
	}
	return fmt.Sprintf("%stcp(%s)/%s?%s", user, host, db, q.Encode()), nil
}

// Dialect returns "sqlite" or "mysql".
func (s *Store) Dialect() string { return s.dialect }

// Ping checks the database answers; /readyz uses it.
func (s *Store) Ping(ctx context.Context) error { return s.sqlDB.PingContext(ctx) }

// Close releases the connection pool.
func (s *Store) Close() error { return s.sqlDB.Close() }

// DB returns the GORM handle for code in this module's tests and benchmarks
// that needs raw SQL; product code calls Store methods.
func (s *Store) DB() *gorm.DB { return s.db }

// now returns the store's clock in UTC, the zone every timestamp is stored in.
func (s *Store) now() time.Time { return s.Now().UTC() }
