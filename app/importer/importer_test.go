package importer

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"selfcheck/models"
	"selfcheck/models/modelstest"
	"selfcheck/models/uscc"
)

// Codes of made-up firms in 禅城区.
var (
	codeA = uscc.Build("91", "440604", "MA4C7WUW")
	codeB = uscc.Build("92", "440604", "MA5DD1R4")
	codeC = uscc.Build("91", "440600", "72247334")
)

const header = "企业名称,统一社会信用代码,住所,行业代码,所属镇街,网格/社区,法定代表人,联系电话\n"

func csvOf(rows ...string) string { return header + strings.Join(rows, "\n") + "\n" }

func rowA() string {
	return "佛山市禅城区好味道餐饮有限公司," + codeA + ",祖庙路1号,H6210,祖庙街道,朝安东社区,陈伟,13800138000"
}
func rowB() string {
	return "禅城区张槎莲塘阿明针织布经营部," + codeB + ",张槎街道莲塘村莲塘路3号,纺织品、针织品及原料批发(F5131),张槎,莲塘,李明,0757-82345678"
}
func rowC() string {
	return "佛山市陶瓷贸易有限公司," + codeC + ",南庄大道8号,5165,南庄镇,,黄华,+86 139 2345 6789"
}

func TestCheck(t *testing.T) {
	d := modelstest.District(t)
	tests := []struct {
		name      string
		csv       string
		wantValid []string // codes, in order
		want      []Problem
		wantErr   string
	}{
		{"OK", csvOf(rowA(), rowB(), rowC()), []string{codeA, codeB, codeC}, nil, ""},
		{"OKHeaderVariants", "名称,社会信用代码,经营场所,行业,镇（街道）,社区,经营者,手机\n" + rowA() + "\n",
			[]string{codeA}, nil, ""},
		{"OKBlankRowsKeepNumbers", csvOf(rowA(), ",,,,,,,", rowB()), []string{codeA, codeB}, nil, ""},
		{"ErrMissingColumns", "企业名称,统一社会信用代码,住所\n" + rowA() + "\n", nil, nil,
			"表头缺少必填列：「行业/行业代码」"},
		{"ErrCheckDigit", csvOf(rowA(), strings.Replace(rowB(), codeB, codeB[:17]+next(codeB[17]), 1)), []string{codeA},
			[]Problem{{Line: 3, USCC: codeB[:17] + next(codeB[17]), Reasons: []string{"统一社会信用代码校验位不正确，请核对后重新输入"}}}, ""},
		{"ErrUnknownStreet", csvOf(strings.Replace(rowA(), "祖庙街道", "天河区", 1)), nil,
			[]Problem{{Line: 2, USCC: codeA, Reasons: []string{"镇街「天河区」不是本区镇街"}}}, ""},
		{"ErrUnknownIndustry", csvOf(strings.Replace(rowA(), "H6210", "Z9999", 1)), nil,
			[]Problem{{Line: 2, USCC: codeA, Reasons: []string{"行业代码「Z9999」不在本区行业目录中"}}}, ""},
		{"ErrDuplicateCode", csvOf(rowA(), rowB(), rowA()), []string{codeB}, []Problem{
			{Line: 2, USCC: codeA, Reasons: []string{"统一社会信用代码与第 4 行重复"}},
			{Line: 4, USCC: codeA, Reasons: []string{"统一社会信用代码与第 2 行重复"}},
		}, ""},
		{"ErrPhoneAndEmpties", csvOf("佛山市禅城区某店,,,H6210,祖庙街道,,陈伟,12345"), nil, []Problem{{Line: 2, Reasons: []string{
			"统一社会信用代码为空", "住所/地址为空", "联系电话「12345」不是有效的手机号或固定电话",
		}}}, ""},
		{"ErrExcelNumber", csvOf(strings.Replace(rowA(), codeA, "9.14403E+17", 1)), nil, []Problem{{Line: 2, USCC: "9.14403E+17", Reasons: []string{
			"统一社会信用代码被 Excel 转成了数字（9.14403E+17），请把该列设为文本格式后重新导出",
		}}}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tbl, err := ReadCSV(strings.NewReader(tc.csv))
			if err != nil {
				t.Fatal(err)
			}
			res, err := Check(tbl, d, nil)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(models.ErrorMessage(err), tc.wantErr) {
					t.Fatalf("Check() error = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var valid []string
			for _, e := range res.Valid {
				valid = append(valid, e.USCC)
			}
			if diff := cmp.Diff(tc.wantValid, valid); diff != "" {
				t.Errorf("valid codes (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.want, res.Problems); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// next returns a different code character, for a wrong check digit.
func next(c byte) string {
	a := uscc.Alphabet()
	return string(a[(strings.IndexByte(a, c)+1)%len(a)])
}

func TestCheckNormalizes(t *testing.T) {
	tbl, err := ReadCSV(strings.NewReader(csvOf(rowB(), rowC())))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Check(tbl, modelstest.District(t), nil)
	if err != nil || len(res.Valid) != 2 {
		t.Fatalf("Check() = %+v, %v; want 2 valid rows", res, err)
	}
	b, c := res.Valid[0], res.Valid[1]
	got := []string{b.IndustryCode, b.StreetCode, b.GridCode, b.ContactPhone, c.IndustryCode, c.StreetCode, c.GridCode, c.ContactPhone}
	want := []string{"F5131", "440604011", "440604011200", "075782345678", "F5165", "440604100", "", "13923456789"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("normalized fields (-want +got):\n%s", diff)
	}
}

func TestReadEncodings(t *testing.T) {
	content := csvOf(rowA(), rowB())
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(content)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	xlsx := filepath.Join(dir, "firms.xlsx")
	writeXLSX(t, xlsx, "企业名录", content)
	tests := []struct {
		name string
		read func() (*Table, error)
	}{
		{"UTF8", func() (*Table, error) { return ReadCSV(strings.NewReader(content)) }},
		{"UTF8BOM", func() (*Table, error) { return ReadCSV(strings.NewReader("\ufeff" + content)) }},
		{"GB18030", func() (*Table, error) { return ReadCSV(strings.NewReader(gb)) }},
		{"Tabs", func() (*Table, error) { return ReadCSV(strings.NewReader(strings.ReplaceAll(content, ",", "\t"))) }},
		{"XLSXFirstSheet", func() (*Table, error) { return ReadFile(xlsx, Options{}) }},
		{"XLSXNamedSheet", func() (*Table, error) { return ReadFile(xlsx, Options{Sheet: "企业名录"}) }},
	}
	want, _ := ReadCSV(strings.NewReader(content))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.read()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("table (-want +got):\n%s", diff)
			}
		})
	}
	if _, err := ReadFile(xlsx, Options{Sheet: "Sheet9"}); err == nil || !strings.Contains(models.ErrorMessage(err), "没有名为「Sheet9」的工作表") {
		t.Errorf("ReadFile(unknown sheet) error = %v", err)
	}
}

// writeXLSX writes a CSV text as the only sheet of a workbook, every cell
// as text.
func writeXLSX(tb testing.TB, path, sheet, content string) {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		tb.Fatal(err)
	}
	for i, line := range strings.Split(strings.TrimSpace(content), "\n") {
		cells := strings.Split(line, ",")
		row := make([]any, len(cells))
		for j, c := range cells {
			row[j] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			tb.Fatal(err)
		}
	}
	if err := f.SaveAs(path); err != nil {
		tb.Fatal(err)
	}
}

func TestReadLimits(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"ErrEmpty", "\n\n", "文件是空的"},
		{"ErrQuote", header + "\"a,b\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(tc.text))
			if tc.want != "" && (err == nil || !strings.Contains(models.ErrorMessage(err), tc.want)) {
				t.Errorf("ReadCSV(%q) error = %v, want %q", tc.text, err, tc.want)
			}
		})
	}
	big := bytes.Repeat([]byte("x"), MaxBytes+1)
	if _, err := ReadCSV(bytes.NewReader(big)); err == nil || !strings.Contains(models.ErrorMessage(err), "50 MB") {
		t.Errorf("ReadCSV(50 MB + 1) error = %v, want the size limit", err)
	}
}

func FuzzImportCSV(f *testing.F) {
	f.Add([]byte(csvOf(rowA(), rowB(), rowC())))
	f.Add([]byte("\ufeff" + csvOf(rowA(), rowA())))
	f.Add([]byte("名称,社会信用代码\n\"x\"\"y\",z\n"))
	d := modelstest.District(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		tbl, err := ReadCSV(bytes.NewReader(data))
		if err != nil {
			return
		}
		res, err := Check(tbl, d, nil)
		if err != nil {
			return
		}
		if len(res.Valid)+len(res.Problems) != len(tbl.Rows) {
			t.Fatalf("%d valid + %d refused rows, read %d", len(res.Valid), len(res.Problems), len(tbl.Rows))
		}
		seen := map[string]bool{}
		for _, e := range res.Valid {
			if err := e.Validate(d); err != nil || seen[e.USCC] {
				t.Fatalf("valid firm %+v: %v, repeated %v", e, err, seen[e.USCC])
			}
			seen[e.USCC] = true
		}
		for _, p := range res.Problems {
			if len(p.Reasons) == 0 || p.Line < 2 {
				t.Fatalf("problem %+v: want a row number and reasons", p)
			}
		}
	})
}

// TestDuplicateReasonBounded: a file repeating one code on every row is
// refused row by row in linear time, each reason naming a few other rows.
func TestDuplicateReasonBounded(t *testing.T) {
	if got, want := duplicateReason([]int{2, 3}, 2), "统一社会信用代码与第 3 行重复"; got != want {
		t.Errorf("duplicateReason = %q, want %q", got, want)
	}
	lines := make([]int, 20000)
	for i := range lines {
		lines[i] = i + 2
	}
	got := duplicateReason(lines, 2)
	if want := "统一社会信用代码与第 3、4、5、6、7 等 19999 行重复"; got != want {
		t.Errorf("duplicateReason over 20000 rows = %q, want %q", got, want)
	}
}
