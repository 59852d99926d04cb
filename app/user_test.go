package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"selfcheck/app/web"
	"selfcheck/models/modelstest"
)

// runWithStdin runs the command line with stdin and returns the exit code,
// stdout and stderr.
func runWithStdin(vars map[string]string, stdin string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(context.Background(), args, testEnv(vars), strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestUserAddAndToken(t *testing.T) {
	vars := map[string]string{"DATABASE_URL": modelstest.NewURL(t, "sqlite"), "DATA_DIR": t.TempDir()}
	tests := []struct {
		name, stdin string
		args        []string
		code        int
		out         string
	}{
		{"OKStreet", "a-good-password\n", []string{"user", "add", "--name", "zumiao", "--role", "street", "--scope", "440604012"}, 0, "created user zumiao"},
		{"OKDepartment", "a-good-password\n", []string{"user", "add", "--name", "消防员甲", "--username", "fire1", "--role", "department", "--scope", "xfjy"}, 0, "created user fire1"},
		{"ErrScope", "a-good-password\n", []string{"user", "add", "--name", "x1", "--role", "department", "--scope", "nope"}, 1, "数据范围「nope」不是有效的部门代码"},
		{"ErrShortPassword", "short\n", []string{"user", "add", "--name", "x2", "--role", "admin"}, 1, "密码至少需要10个字符"},
		{"ErrNoPassword", "", []string{"user", "add", "--name", "x3", "--role", "admin"}, 1, "no password on stdin"},
		{"ErrDuplicate", "a-good-password\n", []string{"user", "add", "--name", "zumiao", "--role", "street", "--scope", "440604012"}, 1, "已被使用"},
		{"ErrUsage", "", []string{"user", "remove"}, 2, "want: user add"},
		{"ErrTokenUser", "", []string{"token", "create", "--user", "nobody"}, 1, "未找到用户"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runWithStdin(vars, tc.stdin, tc.args...)
			if code != tc.code || !strings.Contains(out+errOut, tc.out) {
				t.Errorf("%v = %d %q %q, want %d containing %q", tc.args, code, out, errOut, tc.code, tc.out)
			}
		})
	}
	code, out, errOut := runWithStdin(vars, "", "token", "create", "--user", "zumiao")
	if code != 0 || !strings.HasPrefix(out, "sc_") || len(strings.TrimSpace(out)) != 67 {
		t.Fatalf("token create = %d %q %q", code, out, errOut)
	}
}

// TestUserAndTokenLifecycle resets a lost first admin's password, disables
// and enables a user, and lists, expires and revokes tokens from the
// command line.
func TestUserAndTokenLifecycle(t *testing.T) {
	vars := map[string]string{"DATABASE_URL": modelstest.NewURL(t, "sqlite"), "DATA_DIR": t.TempDir()}
	ctx := context.Background()
	a, err := openApp(ctx, &env{getenv: testEnv(vars)}, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, created, err := web.EnsureFirstAdmin(ctx, a.store); err != nil || !created {
		t.Fatalf("EnsureFirstAdmin = %v %v", created, err)
	}
	a.Close()
	steps := []struct {
		name, stdin string
		args        []string
		code        int
		out         string
	}{
		{"PasswdLostAdmin", "a-new-admin-pw\n", []string{"user", "passwd", "admin"}, 0, "password of admin reset"},
		{"ErrPasswdShort", "short\n", []string{"user", "passwd", "admin"}, 1, "密码至少需要10个字符"},
		{"ErrPasswdUnknown", "a-new-admin-pw\n", []string{"user", "passwd", "nobody"}, 1, "未找到用户「nobody」"},
		{"ErrPasswdNoName", "", []string{"user", "passwd"}, 2, "want: user passwd USERNAME"},
		{"AddStreet", "a-good-password\n", []string{"user", "add", "--name", "zumiao", "--role", "street", "--scope", "440604012"}, 0, "created user zumiao"},
		{"Disable", "", []string{"user", "disable", "zumiao"}, 0, "disabled user zumiao"},
		{"ListDisabled", "", []string{"user", "list"}, 0, "street  440604012  disabled"},
		{"Enable", "", []string{"user", "enable", "zumiao"}, 0, "enabled user zumiao"},
		{"ErrExpires", "", []string{"token", "create", "--user", "zumiao", "--expires", "soon"}, 1, "有效期「soon」应为天数"},
		{"ErrRevokeID", "", []string{"token", "revoke", "x"}, 2, "\"x\" is not a token id"},
		{"ErrRevokeUnknown", "", []string{"token", "revoke", "99"}, 1, "未找到 API 令牌 99"},
		{"ErrVerb", "", []string{"token", "delete"}, 2, "want: token create|list|revoke"},
	}
	for _, tc := range steps {
		code, out, errOut := runWithStdin(vars, tc.stdin, tc.args...)
		if code != tc.code || !strings.Contains(out+errOut, tc.out) {
			t.Errorf("%s: %v = %d %q %q, want %d containing %q", tc.name, tc.args, code, out, errOut, tc.code, tc.out)
		}
	}
	a, err = openApp(ctx, &env{getenv: testEnv(vars)}, true)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.store.Authenticate(ctx, "admin", "a-new-admin-pw", "127.0.0.1"); err != nil {
		t.Errorf("admin sign-in with the reset password = %v", err)
	}
	code, out, errOut := runWithStdin(vars, "", "token", "create", "--user", "zumiao", "--expires", "90d", "--label", "对接")
	if code != 0 || !strings.HasPrefix(out, "sc_") || !strings.Contains(errOut, "it expires at") {
		t.Fatalf("token create --expires 90d = %d %q %q", code, out, errOut)
	}
	token := strings.TrimSpace(out)
	if _, err := a.store.UserByAPIToken(ctx, token); err != nil {
		t.Errorf("new token = %v", err)
	}
	if code, out, _ := runWithStdin(vars, "", "token", "list", "--user", "zumiao"); code != 0 || !strings.Contains(out, "对接") || !strings.Contains(out, "active") || strings.Contains(out, token) {
		t.Errorf("token list = %d %q", code, out)
	}
	if code, out, _ := runWithStdin(vars, "", "token", "revoke", "1"); code != 0 || !strings.Contains(out, "revoked token 1") {
		t.Errorf("token revoke 1 = %d %q", code, out)
	}
	if _, err := a.store.UserByAPIToken(ctx, token); err == nil {
		t.Errorf("a revoked token still works")
	}
	if code, out, _ := runWithStdin(vars, "", "token", "list"); code != 0 || !strings.Contains(out, "revoked") {
		t.Errorf("token list after revoke = %d %q", code, out)
	}
}
