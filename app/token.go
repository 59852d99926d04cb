package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"selfcheck/models"
)

func init() {
	register(command{
		name:    "token",
		summary: "Manage JSON API tokens: `token create --user N [--expires 90d|2027-06-30]` prints a new token once (only its hash is stored); list; revoke ID.",
		usage:   "create --user N [--label L] [--expires 90d|12h|YYYY-MM-DD] | list [--user N] | revoke ID",
		flags: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			user := fs.String("user", "", "login name of the user the token acts as (create), or whose tokens to list")
			label := fs.String("label", "", "create: what the token is for, e.g. the calling system")
			expires := fs.String("expires", "", "create: lifetime in days (90d) or hours (12h), or the last day (2027-06-30); default never")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) == 0 {
					return usagef("want: token create|list|revoke")
				}
				// The verb comes first, so its flags follow it: parse them now.
				verb := args[0]
				if err := fs.Parse(args[1:]); err != nil {
					return usagef("%s", err.Error())
				}
				switch verb {
				case "create":
					if fs.NArg() > 0 {
						return usagef("unexpected argument %q", fs.Arg(0))
					}
					if *user == "" {
						return usagef("--user is required")
					}
					if len(*label) > 64 {
						return usagef("--label is at most 64 characters")
					}
					return tokenCreate(ctx, e, *user, *label, *expires)
				case "list":
					if fs.NArg() > 0 {
						return usagef("unexpected argument %q", fs.Arg(0))
					}
					return tokenList(ctx, e, *user)
				case "revoke":
					if fs.NArg() != 1 {
						return usagef("want: token revoke ID (see token list)")
					}
					id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
					if err != nil || id <= 0 {
						return usagef("%q is not a token id (see token list)", fs.Arg(0))
					}
					return tokenRevoke(ctx, e, id)
				}
				return usagef("want: token create|list|revoke, not %q", verb)
			}
		},
	})
}

func tokenCreate(ctx context.Context, e *env, username, label, expires string) error {
	a, err := openApp(ctx, e, true)
	if err != nil {
		return err
	}
	defer a.Close()
	exp, err := models.ParseTokenExpiry(expires, a.now(), a.cfg.TZ)
	if err != nil {
		return cliError(err)
	}
	u, err := a.store.UserByUsername(ctx, username)
	if err != nil {
		return cliError(err)
	}
	token, err := a.store.IssueAPIToken(ctx, u.ID, label, exp, "cli")
	if err != nil {
		return cliError(err)
	}
	fmt.Fprintln(e.stdout, token)
	until := "it does not expire"
	if exp != nil {
		until = "it expires at " + exp.In(a.cfg.TZ).Format("2006-01-02 15:04")
	}
	fmt.Fprintf(e.stderr, "API token for %s (%s): send it as `Authorization: Bearer TOKEN`; it is shown only this once\n", u.Username, until)
	return nil
}

// tokenList prints the tokens of one user or of everyone, never the tokens
// themselves.
func tokenList(ctx context.Context, e *env, username string) error {
	a, err := openApp(ctx, e, true)
	if err != nil {
		return err
	}
	defer a.Close()
	var userID int64
	if username != "" {
		u, err := a.store.UserByUsername(ctx, username)
		if err != nil {
			return cliError(err)
		}
		userID = u.ID
	}
	rows, err := a.store.ListAPITokens(ctx, userID)
	if err != nil {
		return err
	}
	now := a.now()
	at := func(t *time.Time) string {
		if t == nil {
			return "-"
		}
		return t.In(a.cfg.TZ).Format("2006-01-02 15:04")
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tUSER\tLABEL\tCREATED\tEXPIRES\tLAST USED\tSTATE")
	for _, r := range rows {
		t := models.APIToken{RevokedAt: r.RevokedAt, ExpiresAt: r.ExpiresAt}
		state := "active"
		switch {
		case r.RevokedAt != nil:
			state = "revoked"
		case !t.Active(now):
			state = "expired"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Username, orDefault(r.Name, "-"), at(&r.CreatedAt), at(r.ExpiresAt), at(r.LastUsedAt), state)
	}
	return tw.Flush()
}

func tokenRevoke(ctx context.Context, e *env, id int64) error {
	a, err := openApp(ctx, e, true)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.store.RevokeAPIToken(ctx, id, "cli"); err != nil {
		return cliError(err)
	}
	fmt.Fprintf(e.stdout, "revoked token %d\n", id)
	return nil
}
