package main

import (
	"context"
	"flag"
	"fmt"

	"selfcheck/models"
)

func init() {
	register(command{
		name:    "migrate",
		summary: "Apply the database migrations that are not applied yet (serve does this at start too).",
		flags: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
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
