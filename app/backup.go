package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"selfcheck/models"
)

// mysqlBackupRecipe is printed by `selfcheck backup` on MySQL-compatible
// databases, where the database server's own tools make consistent online
// copies; docs/deploy.md explains it at length.
const mysqlBackupRecipe = `selfcheck backup copies SQLite databases only. For MySQL, MariaDB or TiDB use the server's tools:

  # logical, consistent online copy of InnoDB tables (MySQL 8 / MariaDB):
  mysqldump --single-transaction --routines --triggers --hex-blob \
    --default-character-set=utf8mb4 -h HOST -u USER -p DB | gzip > selfcheck-$(date +%F).sql.gz
  # restore into an empty database:
  gunzip < selfcheck-DATE.sql.gz | mysql -h HOST -u USER -p DB

  # physical hot backup (MariaDB; Percona XtraBackup for MySQL 8):
  mariabackup --backup --target-dir=/backup/selfcheck-$(date +%F) --user=USER --password=...
  mariabackup --prepare --target-dir=/backup/selfcheck-DATE

  # TiDB: BR (br backup db --db DB --storage ...) or Dumpling.

Photos live under DATA_DIR/photos: copy them too (rsync, or the shared storage's snapshots).`

func init() {
	register(command{
		name:    "backup",
		summary: "Copy the SQLite database online into a file (for MySQL it prints the mysqldump/mariabackup recipe).",
		usage:   "--out FILE",
		flags: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			out := fs.String("out", "", "the backup file to write; it must not exist")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usagef("unexpected argument %q", args[0])
				}
				if *out == "" {
					return usagef("--out FILE is required")
				}
				cfg, err := LoadConfig(e.getenv)
				if err != nil {
					return err
				}
				s, err := models.Open(ctx, cfg.DatabaseURL)
				if err != nil {
					return err
				}
				defer s.Close()
				if s.Dialect() != "sqlite" {
					io.WriteString(e.stderr, mysqlBackupRecipe+"\n")
					return errors.New("the database is MySQL-compatible: back it up with mysqldump or mariabackup as shown above; nothing was written")
				}
				if err := backupSQLite(ctx, s, *out); err != nil {
					return err
				}
				fi, err := os.Stat(*out)
				if err != nil {
					return err
				}
				v, err := s.SchemaVersion(ctx)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "wrote %s (%d bytes, schema version %d); photos under %s are not included\n", *out, fi.Size(), v, filepath.Join(cfg.DataDir, "photos"))
				return nil
			}
		},
	})
}

// backupSQLite writes a consistent copy of the open database to path with
// VACUUM INTO: one read transaction, so the service keeps serving and writing
// (WAL) meanwhile. The copy is written beside path and renamed into place, so
// path is either absent or a whole backup.
func backupSQLite(ctx context.Context, s *models.Store, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s exists; choose a new file", path)
	}
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".partial")
	os.Remove(tmp)
	if err := s.DB().WithContext(ctx).Exec("VACUUM INTO ?", tmp).Error; err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup: vacuum into %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}
