package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"selfcheck/models"
)

func init() {
	register(command{
		name:    "migrate",
		summary: "Apply the database migrations that are not applied yet (serve does this at start too); --status lists them.",
		usage:   "[--status]",
		flags: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			status := fs.Bool("status", false, "list every migration, applied (with its time) or pending, and change nothing")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usagef("unexpected argument %q", args[0])
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
				if *status {
					return printMigrationStatus(ctx, e.stdout, s)
				}
				n, err := s.Migrate(ctx)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "applied %d migration(s); schema version %d (%s)\n", n, models.LatestSchemaVersion(), s.Dialect())
				return nil
			}
		},
	})
}

// printMigrationStatus writes one line per migration and a summary:
//
//	applied  001 enterprises        2026-03-01T08:00:00Z
//	pending  042 outbox_pause
func printMigrationStatus(ctx context.Context, w io.Writer, s *models.Store) error {
	list, err := s.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	applied, pending, unknown := 0, 0, 0
	for _, m := range list {
		switch {
		case m.Unknown:
			unknown++
			fmt.Fprintf(w, "newer    %03d %-28s %s (not known to this binary)\n", m.Version, m.Name, m.AppliedAt.Format("2006-01-02T15:04:05Z"))
		case m.AppliedAt != nil:
			applied++
			fmt.Fprintf(w, "applied  %03d %-28s %s\n", m.Version, m.Name, m.AppliedAt.Format("2006-01-02T15:04:05Z"))
		default:
			pending++
			fmt.Fprintf(w, "pending  %03d %s\n", m.Version, m.Name)
		}
	}
	fmt.Fprintf(w, "%d applied, %d pending (%s; this binary expects schema version %d)\n", applied, pending, s.Dialect(), models.LatestSchemaVersion())
	if unknown > 0 {
		fmt.Fprintf(w, "%d applied by a newer release: this binary is older than the database\n", unknown)
	}
	return nil
}
