package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"

	"selfcheck/bot"
)

func init() {
	register(command{
		name:    "wechat",
		usage:   "menu --print|--apply | check",
		summary: "The Official Account: print or create its custom menu (templates/wechat/menu.json), or check that WeChat accepts its settings (AppID, AppSecret, IP allow-list).",
		flags: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			printMenu := fs.Bool("print", false, "menu: print the menu as /cgi-bin/menu/create takes it")
			apply := fs.Bool("apply", false, "menu: create the menu on the account through WECHAT_API_BASE")
			return func(ctx context.Context, e *env, args []string) error {
				// Flags may follow the verb: wechat menu --apply.
				if len(args) > 1 {
					if err := fs.Parse(args[1:]); err != nil {
						return usagef("%v", err)
					}
					args = append(args[:1], fs.Args()...)
				}
				if len(args) != 1 {
					return usagef("want: wechat menu --print|--apply, or wechat check")
				}
				switch args[0] {
				case "menu":
					if *printMenu == *apply {
						return usagef("want one of --print and --apply")
					}
					return wechatMenu(ctx, e, *apply)
				case "check":
					return wechatCheck(ctx, e)
				}
				return usagef("unknown verb %q: want menu or check", args[0])
			}
		},
	})
}

// wechatMenu prints the shipped menu or creates it on the account.
func wechatMenu(ctx context.Context, e *env, apply bool) error {
	a, err := openApp(ctx, e, false)
	if err != nil {
		return err
	}
	defer a.Close()
	m, err := bot.LoadMenu(a.assets)
	if err != nil {
		return err
	}
	if !apply {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(m)
	}
	out, err := a.outbound()
	if err != nil {
		return err
	}
	if err := out.api.CreateMenu(ctx, m); err != nil {
		return fmt.Errorf("create menu: %s", bot.Diagnose(err))
	}
	n := 0
	for _, b := range m.Button {
		n += max(1, len(b.SubButton))
	}
	fmt.Fprintf(e.stdout, "menu created: %d top-level buttons, %d actions\n", len(m.Button), n)
	return nil
}

// wechatCheck fetches a token (through the shared cache) and proves it,
// then says in one line what is wrong, or OK. It never prints the secret
// or the token.
func wechatCheck(ctx context.Context, e *env) error {
	a, err := openApp(ctx, e, false)
	if err != nil {
		return err
	}
	defer a.Close()
	out, err := a.outbound()
	if err != nil {
		return err
	}
	err = out.api.Check(ctx)
	fmt.Fprintf(e.stdout, "wechat %s: %s\n", a.cfg.WeChat.AppID, bot.Diagnose(err))
	if err != nil {
		return fmt.Errorf("WeChat refuses the account's settings")
	}
	return nil
}

// oneShotEnv is the environment of the command name. A command other than
// serve that runs without a shared token cache (REDIS_URL) takes its token
// from /cgi-bin/stable_token: a token of its own from /cgi-bin/token would
// retire the one the running service holds.
func oneShotEnv(name string, getenv func(string) string) func(string) string {
	if name == "serve" || getenv("REDIS_URL") != "" || getenv("WECHAT_STABLE_TOKEN") != "" {
		return getenv
	}
	return func(k string) string {
		if k == "WECHAT_STABLE_TOKEN" {
			return "1"
		}
		return getenv(k)
	}
}
