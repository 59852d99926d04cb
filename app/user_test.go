package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

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
