package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"selfcheck/app/web"
	"selfcheck/models"
)

func init() {
	register(command{
		name: "user",
		summary: "Manage dashboard users: add, list, disable, enable, passwd (reset a password, e.g. a lost admin's); " +
			"passwords are read from the terminal or stdin.",
		usage: "add --name N [--username U] --role admin|department|street|inspector [--scope S] | list | disable U | enable U | passwd U",
		flags: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			name := fs.String("name", "", "user add: the user's name; also the login name unless --username is given")
			username := fs.String("username", "", "user add: the login name (default: --name)")
			role := fs.String("role", "", "user add: admin, department, street or inspector")
			scope := fs.String("scope", "", "user add: department code (templates/departments.yaml), street code (templates/district.yaml) or an inspector's id on the roster")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) == 0 {
					return usagef("want: user add|list|disable|enable|passwd")
				}
				// The verb comes first, so its flags follow it: parse them now.
				verb := args[0]
				if err := fs.Parse(args[1:]); err != nil {
					return usagef("%s", err.Error())
				}
				switch verb {
				case "add":
					if fs.NArg() > 0 {
						return usagef("unexpected argument %q", fs.Arg(0))
					}
					u := &models.User{Username: strings.TrimSpace(*username), Name: strings.TrimSpace(*name), Role: *role, Scope: *scope}
					if u.Username == "" {
						u.Username = u.Name
					}
					return userAdd(ctx, e, u)
				case "list":
					if fs.NArg() > 0 {
						return usagef("unexpected argument %q", fs.Arg(0))
					}
					return userList(ctx, e)
				case "disable", "enable", "passwd":
					if fs.NArg() != 1 {
						return usagef("want: user %s USERNAME", verb)
					}
					return userChange(ctx, e, verb, fs.Arg(0))
				}
				return usagef("want: user add|list|disable|enable|passwd, not %q", verb)
			}
		},
	})
}

func userAdd(ctx context.Context, e *env, u *models.User) error {
	a, err := openApp(ctx, e, true)
	if err != nil {
		return err
	}
	defer a.Close()
	depts, err := web.LoadDepartments(a.assets, "departments.yaml")
	if err != nil {
		return fmt.Errorf("templates: %w", err)
	}
	if err := models.ValidateUser(u, a.scopeChecker(ctx, depts)); err != nil {
		return errors.New(models.ErrorMessage(err))
	}
	password, err := readPassword(e, "密码（至少10个字符）：")
	if err != nil {
		return err
	}
	if err := u.SetPassword(password); err != nil {
		return errors.New(models.ErrorMessage(err))
	}
	if err := a.store.CreateUser(ctx, u, "cli"); err != nil {
		return cliError(err)
	}
	fmt.Fprintf(e.stdout, "created user %s (%s, %s%s)\n", u.Username, u.Name, u.Role, map[bool]string{true: " " + u.Scope}[u.Scope != ""])
	return nil
}

// userList prints every user with its role, scope, state and last sign-in.
func userList(ctx context.Context, e *env) error {
	a, err := openApp(ctx, e, true)
	if err != nil {
		return err
	}
	defer a.Close()
	users, err := a.store.ListUsers(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "USERNAME\tNAME\tROLE\tSCOPE\tSTATE\tLAST SIGN-IN")
	for _, u := range users {
		state, last := "enabled", "-"
		if u.Disabled {
			state = "disabled"
		}
		if u.LastLoginAt != nil {
			last = u.LastLoginAt.In(a.cfg.TZ).Format("2006-01-02 15:04")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", u.Username, u.Name, u.Role, orDefault(u.Scope, "-"), state, last)
	}
	return tw.Flush()
}

// userChange disables, enables or resets the password of a user. Each ends
// the user's dashboard sessions at once; disabling stops its API tokens too.
func userChange(ctx context.Context, e *env, verb, username string) error {
	a, err := openApp(ctx, e, true)
	if err != nil {
		return err
	}
	defer a.Close()
	u, err := a.store.UserByUsername(ctx, username)
	if err != nil {
		return cliError(err)
	}
	switch verb {
	case "disable", "enable":
		if err := a.store.SetUserDisabled(ctx, u.ID, verb == "disable", "cli"); err != nil {
			return cliError(err)
		}
		fmt.Fprintf(e.stdout, "%sd user %s\n", verb, u.Username)
		return nil
	}
	password, err := readPassword(e, "新密码（至少10个字符）：")
	if err != nil {
		return err
	}
	if err := u.SetPassword(password); err != nil {
		return errors.New(models.ErrorMessage(err))
	}
	if err := a.store.SetUserPassword(ctx, u.ID, u.PasswordHash, "cli"); err != nil {
		return cliError(err)
	}
	fmt.Fprintf(e.stdout, "password of %s reset; its dashboard sessions have ended\n", u.Username)
	if u.Disabled {
		fmt.Fprintf(e.stdout, "note: %s is disabled; `selfcheck user enable %s` lets it sign in\n", u.Username, u.Username)
	}
	return nil
}

// cliError turns a coded error into its message for the terminal and keeps
// an unexpected one whole.
func cliError(err error) error {
	if models.ErrorCode(err) != models.EINTERNAL {
		return errors.New(models.ErrorMessage(err))
	}
	return err
}

// readPassword reads a password without echo from a terminal (asking twice),
// or the first line of stdin when it is not a terminal. It is never a flag,
// so it stays out of shell history and process listings.
func readPassword(e *env, prompt string) (string, error) {
	if f, ok := e.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(e.stderr, prompt)
		p1, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		fmt.Fprint(e.stderr, "再次输入密码：")
		p2, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		if string(p1) != string(p2) {
			return "", errors.New("两次输入的密码不一致")
		}
		return string(p1), nil
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password from stdin: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("no password on stdin: pipe it in, e.g. `printf '%s\\n' \"$PW\" | selfcheck user add ...`")
	}
	return line, nil
}
