package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// migration is one numbered, append-only schema step. Shipped migrations are
// never edited: a change to the schema is a new migration at the end of the list.
// Statements are written once for both databases; the placeholders below expand
// per dialect so that SQLite and MySQL/MariaDB get the same tables and indexes.
type migration struct {
	version int
	name    string
	stmts   []string
}

// dialect expansions of the placeholders used in migrations.
var dialects = map[string]*strings.Replacer{
	"mysql": strings.NewReplacer(
		"{{pk}}", "BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY",
		"{{ts}}", "DATETIME(3)",
		"{{bin}}", "CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
		"{{opts}}", "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
		"{{mysql}}", "", // a statement only MySQL runs (see Migrate)
	),
	"sqlite": strings.NewReplacer(
		"{{pk}}", "INTEGER PRIMARY KEY AUTOINCREMENT",
		"{{ts}}", "DATETIME",
		"{{bin}}", "",
		"{{opts}}", "",
		"{{mysql}}", "",
	),
}

// Migrate applies every migration not yet recorded in schema_migrations, in
// order, and returns how many it applied. On MySQL a named lock keeps several
// replicas starting at once from migrating concurrently.
func (s *Store) Migrate(ctx context.Context) (int, error) {
	db := s.db.WithContext(ctx)
	if s.dialect == "mysql" {
		conn, err := s.sqlDB.Conn(ctx)
		if err != nil {
			return 0, fmt.Errorf("migrate: connect: %w", err)
		}
		defer conn.Close()
		var got int
		if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK('selfcheck_migrate', 120)").Scan(&got); err != nil || got != 1 {
			return 0, fmt.Errorf("migrate: take lock (got %d): %w", got, err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT RELEASE_LOCK('selfcheck_migrate')")
	}
	rep := dialects[s.dialect]
	if err := db.Exec(rep.Replace(`CREATE TABLE IF NOT EXISTS schema_migrations (
		version INT NOT NULL PRIMARY KEY,
		name VARCHAR(100) NOT NULL,
		applied_at {{ts}} NOT NULL
	) {{opts}}`)).Error; err != nil {
		return 0, fmt.Errorf("migrate: create schema_migrations: %w", err)
	}
	var done []int
	if err := db.Raw("SELECT version FROM schema_migrations").Scan(&done).Error; err != nil {
		return 0, fmt.Errorf("migrate: read applied versions: %w", err)
	}
	applied := make(map[int]bool, len(done))
	for _, v := range done {
		applied[v] = true
	}
	n := 0
	for _, m := range migrations {
		if applied[m.version] {
			continue
		}
		// SQLite runs a migration atomically; MySQL commits DDL implicitly, so
		// there every statement is written to be safe to re-run after a crash.
		err := db.Transaction(func(tx *gorm.DB) error {
			for i, stmt := range m.stmts {
				if rest, ok := strings.CutPrefix(stmt, "{{mysql}}"); ok {
					if s.dialect != "mysql" {
						continue // SQLite ignores column widths
					}
					stmt = rest
				}
				if err := tx.Exec(rep.Replace(stmt)).Error; err != nil {
					return fmt.Errorf("statement %d: %w", i+1, err)
				}
			}
			return tx.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
				m.version, m.name, s.Now().UTC()).Error
		})
		if err != nil {
			return n, fmt.Errorf("migrate %03d_%s: %w", m.version, m.name, err)
		}
		n++
	}
	return n, nil
}

// SchemaVersion returns the highest applied migration, 0 for an empty database.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v *int
	err := s.db.WithContext(ctx).Raw("SELECT MAX(version) FROM schema_migrations").Scan(&v).Error
	if err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	if v == nil {
		return 0, nil
	}
	return *v, nil
}

// LatestSchemaVersion is the version the code expects after Migrate.
func LatestSchemaVersion() int { return migrations[len(migrations)-1].version }

// MigrationState is one migration as the database sees it: applied (with
// when) or pending. Unknown marks a version the database has but this binary
// does not know: a newer release migrated it, which is normal for the old
// replicas of a rolling upgrade.
type MigrationState struct {
	Version   int
	Name      string
	AppliedAt *time.Time
	Unknown   bool
}

// MigrationStatus lists every migration this binary knows, in order, plus any
// applied version it does not know. It reads only: an empty database lists
// every migration as pending.
func (s *Store) MigrationStatus(ctx context.Context) ([]MigrationState, error) {
	var rows []struct {
		Version   int
		Name      string
		AppliedAt time.Time
	}
	db := s.db.WithContext(ctx)
	if db.Migrator().HasTable("schema_migrations") {
		if err := db.Raw("SELECT version, name, applied_at FROM schema_migrations ORDER BY version").Scan(&rows).Error; err != nil {
			return nil, fmt.Errorf("migration status: %w", err)
		}
	}
	applied := make(map[int]time.Time, len(rows))
	for _, r := range rows {
		applied[r.Version] = r.AppliedAt
	}
	out := make([]MigrationState, 0, len(migrations))
	known := make(map[int]bool, len(migrations))
	for _, m := range migrations {
		known[m.version] = true
		st := MigrationState{Version: m.version, Name: m.name}
		if at, ok := applied[m.version]; ok {
			at := at.UTC()
			st.AppliedAt = &at
		}
		out = append(out, st)
	}
	for _, r := range rows {
		if !known[r.Version] {
			at := r.AppliedAt.UTC()
			out = append(out, MigrationState{Version: r.Version, Name: r.Name, AppliedAt: &at, Unknown: true})
		}
	}
	return out, nil
}
