package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
)

func init() {
	register(command{
		name:    "campaign",
		usage:   "push ID",
		summary: "Push a campaign of self-checks now: every target gets its assignment and one notice through the outbox (safe to run again after an interruption).",
		flags: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) != 2 || args[0] != "push" {
					return usagef("want: campaign push ID")
				}
				id, err := strconv.ParseInt(args[1], 10, 64)
				if err != nil || id <= 0 {
					return usagef("campaign id %q is not a positive number", args[1])
				}
				a, err := openApp(ctx, e, true)
				if err != nil {
					return err
				}
				defer a.Close()
				fmt.Fprintf(e.stderr, "pushing campaign %d...\n", id)
				n, err := a.reg.PushCampaign(ctx, cliActor, id)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "campaign %d pushed to %d targets; the outbox worker of selfcheck serve delivers the notices\n", id, n)
				return nil
			}
		},
	})
}
