package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"selfcheck/models"
)

// Limits of one import: a district's whole registry fits, a runaway file does
// not.
const (
	MaxBytes = 50 << 20
	MaxRows  = 1_000_000
)

// Table is a read file: its header row and the data rows after it.
type Table struct {
	Header []string
	Rows   []Row
}

// Row is one data row with its number as the spreadsheet shows it (the
// header is row 1). Blank rows are dropped but keep their numbers counted.
type Row struct {
	Line  int
	Cells []string
}

// Options tune ReadFile.
type Options struct {
	// Sheet is the XLSX sheet to read; the first one when empty.
	Sheet string
}

// ReadFile reads a .csv or .xlsx file, refusing files over MaxBytes or
// MaxRows data rows.
func ReadFile(path string, opt Options) (*Table, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if fi.Size() > MaxBytes {
		return nil, models.Errorf(models.EINVALID, "文件 %s 有 %.1f MB，超过 %d MB 的上限，请拆分后分批导入", filepath.Base(path), float64(fi.Size())/(1<<20), MaxBytes>>20)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm":
		return ReadXLSX(f, opt.Sheet)
	case ".csv", ".txt":
		return ReadCSV(f)
	case ".xls":
		return nil, models.Errorf(models.EINVALID, "不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV")
	}
	return nil, models.Errorf(models.EINVALID, "不认识的文件类型「%s」：请提供 .csv 或 .xlsx 文件", filepath.Ext(path))
}

// ReadCSV reads a CSV export. The text may be UTF-8 (with or without BOM) or
// GB18030; fields may be separated by commas or, as some exports do, tabs.
func ReadCSV(r io.Reader) (*Table, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read csv: %w", err)
	}
	if len(raw) > MaxBytes {
		return nil, models.Errorf(models.EINVALID, "文件超过 %d MB 的上限，请拆分后分批导入", MaxBytes>>20)
	}
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(raw) {
		if raw, err = simplifiedchinese.GB18030.NewDecoder().Bytes(raw); err != nil {
			return nil, models.Errorf(models.EINVALID, "文件编码无法识别：请另存为 UTF-8 或 GB18030 编码的 CSV")
		}
	}
	cr := csv.NewReader(bytes.NewReader(raw))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	if first, _, _ := bytes.Cut(raw, []byte("\n")); bytes.Count(first, []byte("\t")) > bytes.Count(first, []byte(",")) {
		cr.Comma = '\t'
	}
	t := &Table{}
	for line := 1; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, models.Errorf(models.EINVALID, "第 %d 行不是有效的 CSV：%s", line, csvProblem(err))
		}
		if err := t.add(line, rec); err != nil {
			return nil, err
		}
	}
	return t.done()
}

func csvProblem(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrQuote) {
		return "引号不成对"
	}
	return "格式错误"
}

// ReadXLSX reads the named sheet (the first when empty) of a workbook.
func ReadXLSX(r io.Reader, sheet string) (*Table, error) {
	f, err := excelize.OpenReader(io.LimitReader(r, MaxBytes+1), excelize.Options{UnzipSizeLimit: 20 * MaxBytes})
	if err != nil {
		return nil, models.Errorf(models.EINVALID, "无法读取 Excel 文件：请确认是 .xlsx 格式且未加密")
	}
	defer f.Close()
	if sheet == "" {
		sheet = f.GetSheetName(0)
	} else if idx, err := f.GetSheetIndex(sheet); err != nil || idx < 0 {
		return nil, models.Errorf(models.EINVALID, "工作簿中没有名为「%s」的工作表（有：%s）", sheet, strings.Join(f.GetSheetList(), "、"))
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("read sheet %s: %w", sheet, err)
	}
	defer rows.Close()
	t := &Table{}
	for line := 1; rows.Next(); line++ {
		cells, err := rows.Columns()
		if err != nil {
			return nil, fmt.Errorf("read sheet %s row %d: %w", sheet, line, err)
		}
		if err := t.add(line, cells); err != nil {
			return nil, err
		}
	}
	if err := rows.Error(); err != nil {
		return nil, fmt.Errorf("read sheet %s: %w", sheet, err)
	}
	return t.done()
}

// add appends a record: the first non-blank one is the header.
func (t *Table) add(line int, cells []string) error {
	blank := true
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			blank = false
			break
		}
	}
	if blank {
		return nil
	}
	if t.Header == nil {
		t.Header = cells
		return nil
	}
	if len(t.Rows) >= MaxRows {
		return models.Errorf(models.EINVALID, "文件超过 %d 行数据的上限，请拆分后分批导入", MaxRows)
	}
	t.Rows = append(t.Rows, Row{Line: line, Cells: cells})
	return nil
}

func (t *Table) done() (*Table, error) {
	if t.Header == nil {
		return nil, models.Errorf(models.EINVALID, "文件是空的：第一行应是列名，其后每行一家企业")
	}
	return t, nil
}
