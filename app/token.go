package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"selfcheck/models"
)

func init() {
	register(command{
		name:    "token",
		summary: "Manage JSON API tokens: `token create --user N` prints a new token once (only its hash is stored).",
		usage:   "create --user N [--label L]",
		flags: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			user := fs.String("user", "", "login name of the user the token acts as")
			label := fs.String("label", "", "what the token is for, e.g. the calling system")
			return func(ctx context.Context, e *env, args []string) error {
				// The verb comes first, so its flags follow it: parse them now.
				if len(args) == 0 || args[0] != "create" {
					return usagef("want: token create --user N")
				}
				if err := fs.Parse(args[1:]); err != nil {
					return usagef("%s", err.Error())
				}
				if fs.NArg() > 0 {
					return usagef("unexpected argument %q", fs.Arg(0))
				}
				if *user == "" {
					return usagef("--user is required")
				}
				if len(*label) > 64 {
					return usagef("--label is at most 64 characters")
				}
				a, err := openApp(ctx, e, true)
				if err != nil {
					return err
				}
				defer a.Close()
				u, err := a.store.UserByUsername(ctx, *user)
				if err != nil {
					if models.ErrorCode(err) == models.ENOTFOUND {
						return errors.New(models.ErrorMessage(err))
					}
					return err
				}
				token, err := a.store.CreateAPIToken(ctx, u.ID, *label, "cli")
				if err != nil {
					return err
				}
				fmt.Fprintln(e.stdout, token)
				fmt.Fprintf(e.stderr, "API token for %s: send it as `Authorization: Bearer TOKEN`; it is shown only this once\n", u.Username)
				return nil
			}
		},
	})
}
