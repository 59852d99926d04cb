package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"selfcheck/models/uscc"
)

func init() {
	register(command{
		name:    "bindcode",
		usage:   "--uscc CODE [--days N]",
		summary: "Print a fresh one-time code that binds a WeChat user to the firm (typed in the chat or used as a QR scene).",
		flags: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			code := fs.String("uscc", "", "the firm's 统一社会信用代码")
			days := fs.Int("days", 30, "days the code stays valid")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usagef("unexpected argument %q", args[0])
				}
				if *code == "" {
					return usagef("--uscc is required")
				}
				if *days < 1 || *days > 365 {
					return usagef("--days must be between 1 and 365")
				}
				a, err := openApp(ctx, e, true)
				if err != nil {
					return err
				}
				defer a.Close()
				firm, err := a.store.EnterpriseByUSCC(ctx, uscc.Normalize(*code))
				if err != nil {
					return err
				}
				bc, err := a.store.CreateBindCode(ctx, firm.ID, time.Duration(*days)*24*time.Hour, "cli")
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "%s\n", bc)
				fmt.Fprintf(e.stderr, "bind code for %s %s, valid %d days: send 绑定企业 in the chat, then the code\n", firm.USCC, firm.Name, *days)
				return nil
			}
		},
	})
}
