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

	"golang.org/x/term"

	"selfcheck/app/web"
	"selfcheck/models"
)

func init() {
	register(command{
		name:    "user",
		summary: "Manage dashboard users: `user add` creates one; the password is read from the terminal or stdin.",
		usage:   "add --name N [--username U] --role admin|department|street|inspector [--scope S]",
		flags: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			name := fs.String("name", "", "the user's name; also the login name unless --username is given")
			username := fs.String("username", "", "the login name (default: --name)")
			role := fs.String("role", "", "admin, department, street or inspector")
			scope := fs.String("scope", "", "department code (templates/departments.yaml), street code (templates/district.yaml) or an inspector's id on the roster")
			return func(ctx context.Context, e *env, args []string) error {
				// The verb comes first, so its flags follow it: parse them now.
				if len(args) == 0 || args[0] != "add" {
					return usagef("want: user add --name N --role ROLE [--scope S]")
				}
				if err := fs.Parse(args[1:]); err != nil {
					return usagef("%s", err.Error())
				}
				if fs.NArg() > 0 {
					return usagef("unexpected argument %q", fs.Arg(0))
				}
				u := &models.User{Username: strings.TrimSpace(*username), Name: strings.TrimSpace(*name), Role: *role, Scope: *scope}
				if u.Username == "" {
					u.Username = u.Name
				}
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
					if models.ErrorCode(err) != models.EINTERNAL {
						return errors.New(models.ErrorMessage(err))
					}
					return err
				}
				fmt.Fprintf(e.stdout, "created user %s (%s, %s%s)\n", u.Username, u.Name, u.Role, map[bool]string{true: " " + u.Scope}[u.Scope != ""])
				return nil
			}
		},
	})
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
