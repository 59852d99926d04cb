package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"selfcheck/models/uscc"
)

func init() {
	register(command{
		name:    "bindcode",
		usage:   "--uscc CODE [--days N] [--qr FILE.png]",
		summary: "Print a fresh one-time code that binds a WeChat user to the firm (typed in the chat or used as a QR scene); --qr also writes the firm's binding QR code.",
		flags: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			code := fs.String("uscc", "", "the firm's 统一社会信用代码")
			days := fs.Int("days", 30, "days the code stays valid (at most 30 with --qr, WeChat's limit for a temporary QR code)")
			qrFile := fs.String("qr", "", "also create a parametric QR code with the code as its scene (through /cgi-bin/qrcode/create) and write it to this PNG file")
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
				if *qrFile != "" && *days > 30 {
					return usagef("--days must be at most 30 with --qr")
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
				if *qrFile == "" {
					return nil
				}
				qr, err := a.bindQR(ctx, bc, time.Duration(*days)*24*time.Hour)
				if err != nil {
					return err
				}
				if err := os.WriteFile(*qrFile, qr.PNG, 0o644); err != nil {
					return fmt.Errorf("write QR code: %w", err)
				}
				fmt.Fprintf(e.stderr, "QR code written to %s (encodes %s, valid until %s): scanning it binds the scanner\n",
					*qrFile, qr.URL, qr.Expires.In(a.cfg.TZ).Format("2006-01-02 15:04"))
				return nil
			}
		},
	})
}
