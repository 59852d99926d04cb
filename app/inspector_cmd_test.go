package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"selfcheck/models/modelstest"
)

// TestImportInspectorsAndUser imports a roster through the CLI, with its
// row-by-row report, and gives one inspector a dashboard account.
func TestImportInspectorsAndUser(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{"DATABASE_URL": modelstest.NewURL(t, "sqlite"), "DATA_DIR": dir}
	bad := filepath.Join(dir, "bad.csv")
	good := filepath.Join(dir, "good.csv")
	os.WriteFile(bad, []byte("姓名,部门,执法证号,有效期至\n陈伟,消防救援,44060001,2030-01-01\n李静,税务,44060002,2030-01-01\n"), 0o600)
	os.WriteFile(good, []byte("姓名,部门,执法证号,有效期至,负责镇街\n陈伟,消防救援,44060001,2030-01-01,祖庙街道\n李静,市场监管,44060002,2030-01-01,\n"), 0o600)
	tests := []struct {
		name  string
		stdin string
		args  []string
		code  int
		out   string
	}{
		{"ErrRow", "", []string{"import", "--inspectors", bad}, 1, "第 3 行\t44060002\t部门「税务」不是有效的部门名称"},
		{"OK", "", []string{"import", "--inspectors", good}, 0, "新增执法人员 2 人"},
		{"OKAgain", "", []string{"import", "--inspectors", good}, 0, "更新 2 人"},
		{"ErrBoth", "", []string{"import", "--inspectors", good, "--enterprises", good}, 2, "one of the two"},
		{"OKUser", "a-good-password\n", []string{"user", "add", "--name", "陈伟", "--username", "chenwei", "--role", "inspector", "--scope", "1"}, 0, "created user chenwei"},
		{"ErrUserScope", "a-good-password\n", []string{"user", "add", "--name", "某人", "--role", "inspector", "--scope", "99"}, 1, "数据范围「99」不是有效的执法人员编号"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runWithStdin(vars, tc.stdin, tc.args...)
			if code != tc.code || !strings.Contains(out+errOut, tc.out) {
				t.Errorf("%v = %d %q %q, want %d containing %q", tc.args, code, out, errOut, tc.code, tc.out)
			}
		})
	}
}
