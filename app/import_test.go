package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"selfcheck/models/modelstest"
)

// sampleCSV is app/testdata/enterprises.csv: four valid firms.
func sampleCSV(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "enterprises.csv"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// writeXLSXFile writes CSV text as a workbook's first sheet, cells as text.
func writeXLSXFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "firms.xlsx")
	f := excelize.NewFile()
	defer f.Close()
	for i, line := range strings.Split(strings.TrimSpace(content), "\n") {
		cells := strings.Split(line, ",")
		row := make([]any, len(cells))
		for j := range cells {
			row[j] = cells[j]
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestImportEnterprises(t *testing.T) {
	now := time.Date(2025, 6, 30, 2, 0, 0, 0, time.UTC)
	good := sampleCSV(t)
	badCheck := strings.Replace(good, "91440604MADA47NG8W", "91440604MADA47NG8X", 1)
	badStreet := strings.Replace(badCheck, ",石湾镇街道,澜石社区,", ",天河区,澜石社区,", 1)
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(good)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		file       func(t *testing.T) string
		opts       importOptions
		wantErr    string
		wantReport []string // lines of the report that must appear
		wantFirms  int
	}{
		{"OKCSV", func(t *testing.T) string { return writeFile(t, "a.csv", good) }, importOptions{}, "",
			[]string{"共 4 行数据，有效 4 行，有问题 0 行", "导入完成：新增 4 家，更新 0 家"}, 4},
		{"OKBOM", func(t *testing.T) string { return writeFile(t, "a.csv", "\ufeff"+good) }, importOptions{}, "", nil, 4},
		{"OKGB18030", func(t *testing.T) string { return writeFile(t, "a.csv", gb) }, importOptions{}, "", nil, 4},
		{"OKXLSX", func(t *testing.T) string { return writeXLSXFile(t, good) }, importOptions{}, "", nil, 4},
		{"OKDryRun", func(t *testing.T) string { return writeFile(t, "a.csv", good) }, importOptions{DryRun: true}, "",
			[]string{"试运行（--dry-run）：未写入数据库，可导入 4 行"}, 0},
		{"ErrRowsImportNothing", func(t *testing.T) string { return writeFile(t, "a.csv", badStreet) }, importOptions{},
			"2 行有问题，未导入任何数据", []string{
				"第 4 行\t91440604MADA47NG8X\t统一社会信用代码校验位不正确，请核对后重新输入",
				"第 5 行\t91440604MA50PUGKX7\t镇街「天河区」不是本区镇街",
			}, 0},
		{"OKSkipInvalid", func(t *testing.T) string { return writeFile(t, "a.csv", badStreet) }, importOptions{SkipInvalid: true}, "",
			[]string{"导入完成：新增 2 家，更新 0 家，跳过 2 行"}, 2},
		{"ErrDuplicate", func(t *testing.T) string {
			return writeFile(t, "a.csv", good+strings.Split(good, "\n")[1]+"\n")
		}, importOptions{}, "未导入任何数据", []string{"第 2 行\t91440604MA4C7WUW3J\t统一社会信用代码与第 6 行重复"}, 0},
		{"ErrMissingColumns", func(t *testing.T) string {
			return writeFile(t, "a.csv", strings.Replace(good, "法定代表人,联系电话", "负责人姓名,电话号码", 1))
		}, importOptions{}, "表头缺少必填列：「法定代表人」（也可写作 法定代表人/负责人、法定代表人(负责人)、负责人）；「联系电话」", nil, 0},
		{"ErrFileType", func(t *testing.T) string { return writeFile(t, "a.xls", good) }, importOptions{}, "不支持旧版 .xls 文件", nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, dialect := range modelstest.Dialects {
				t.Run(dialect, func(t *testing.T) {
					a := newTestApp(t, dialect, now)
					var out, progress strings.Builder
					opts := tc.opts
					opts.File = tc.file(t)
					err := a.importEnterprises(context.Background(), opts, &out, &progress)
					if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
						t.Fatalf("import error = %v, want %q\nreport:\n%s", err, tc.wantErr, out.String())
					}
					for _, line := range tc.wantReport {
						if !strings.Contains(out.String(), line) {
							t.Errorf("report lacks %q:\n%s", line, out.String())
						}
					}
					if n, err := a.store.CountEnterprises(context.Background()); err != nil || int(n) != tc.wantFirms {
						t.Errorf("%d firms stored (%v), want %d", n, err, tc.wantFirms)
					}
				})
			}
		})
	}
}

func TestImportUpserts(t *testing.T) {
	modelstestEach(t, func(t *testing.T, a *App) {
		ctx := context.Background()
		good := sampleCSV(t)
		var out strings.Builder
		if err := a.importEnterprises(ctx, importOptions{File: writeFile(t, "a.csv", good)}, &out, &out); err != nil {
			t.Fatal(err)
		}
		renamed := strings.Replace(good, "佛山市禅城区好味道餐饮有限公司", "佛山市禅城区好味道餐饮管理有限公司", 1)
		out.Reset()
		if err := a.importEnterprises(ctx, importOptions{File: writeFile(t, "b.csv", renamed)}, &out, &out); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), "新增 0 家，更新 4 家") {
			t.Errorf("re-import report:\n%s\nwant 4 updated", out.String())
		}
		e, err := a.store.EnterpriseByUSCC(ctx, "91440604MA4C7WUW3J")
		if err != nil {
			t.Fatal(err)
		}
		got := []string{e.Name, e.Industry, e.StreetCode, e.GridCode, e.ContactPhone}
		want := []string{"佛山市禅城区好味道餐饮管理有限公司", "餐饮", "440604012", "440604012001", "13800138000"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("firm after re-import (-want +got):\n%s", diff)
		}
		if n, _ := a.store.CountEnterprises(ctx); n != 4 {
			t.Errorf("%d firms after re-import, want 4", n)
		}
	})
}

// modelstestEach runs fn on an App over each database.
func modelstestEach(t *testing.T, fn func(t *testing.T, a *App)) {
	for _, d := range modelstest.Dialects {
		t.Run(d, func(t *testing.T) { fn(t, newTestApp(t, d, time.Date(2025, 6, 30, 2, 0, 0, 0, time.UTC))) })
	}
}

func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{"DATABASE_URL": "sqlite://" + filepath.Join(dir, "t.db"), "DATA_DIR": dir}
	code, _, stderr := runCmd(t, vars, "import")
	if code != 2 || !strings.Contains(stderr, "--enterprises FILE is required") {
		t.Errorf("import without a file: exit %d, stderr %q; want 2 and the missing flag", code, stderr)
	}
	code, stdout, stderr := runCmd(t, vars, "import", "--enterprises", filepath.Join("testdata", "enterprises.csv"))
	if code != 0 || !strings.Contains(stdout, "新增 4 家") {
		t.Errorf("import: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}
