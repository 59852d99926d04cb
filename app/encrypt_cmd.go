package main

import (
	"context"
	"flag"
	"fmt"
)

func init() {
	register(command{
		name:    "encrypt",
		usage:   "[--batch N]",
		summary: "Encrypt the personal data still stored in plaintext (written before SELFCHECK_DATA_KEY was set) with the key and SELFCHECK_CIPHER; safe to run again and while serve runs.",
		flags: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			batch := fs.Int("batch", 1000, "rows per transaction")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usagef("unexpected argument %q", args[0])
				}
				if *batch < 1 {
					return usagef("--batch must be at least 1")
				}
				if e.getenv("SELFCHECK_DATA_KEY") == "" && e.getenv("SELFCHECK_DEMO") != "1" {
					return fmt.Errorf("SELFCHECK_DATA_KEY is not set: nothing to encrypt with")
				}
				a, err := openApp(ctx, e, true)
				if err != nil {
					return err
				}
				defer a.Close()
				n, err := a.store.EncryptPII(ctx, *batch, func(n int64) { fmt.Fprintf(e.stderr, "\rencrypted %d rows", n) })
				if n > 0 {
					fmt.Fprintln(e.stderr)
				}
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "encrypted personal data of %d firms\n", n)
				return nil
			}
		},
	})
}
