package importer

import (
	"strings"

	"selfcheck/models"
)

// Field is a column the importer understands.
type Field int

// The fields of a registry export. The first seven are required.
const (
	FieldName Field = iota
	FieldUSCC
	FieldAddress
	FieldIndustry
	FieldStreet
	FieldLegalRep
	FieldPhone
	FieldGrid
	FieldSize
	numFields
)

// fieldNames are the accepted header names of each field, the canonical one
// first; headers are compared after normalizeHeader.
var fieldNames = [numFields][]string{
	FieldName:     {"企业名称", "名称", "主体名称", "市场主体名称", "企业(机构)名称", "单位名称", "字号名称", "个体户名称"},
	FieldUSCC:     {"统一社会信用代码", "社会信用代码", "信用代码", "统一代码", "统一社会信用代码/注册号", "USCC"},
	FieldAddress:  {"住所/地址", "住所", "地址", "经营场所", "住所(经营场所)", "住所/经营场所", "经营地址", "注册地址", "详细地址"},
	FieldIndustry: {"行业/行业代码", "行业代码", "行业", "国民经济行业代码", "行业类别", "所属行业", "国民经济行业"},
	FieldStreet:   {"所属镇街", "镇街", "镇(街道)", "所属镇(街道)", "街道", "所属街道", "镇街名称"},
	FieldLegalRep: {"法定代表人", "法定代表人/负责人", "法定代表人(负责人)", "负责人", "经营者", "法人代表", "经营者姓名"},
	FieldPhone:    {"联系电话", "电话", "手机", "手机号码", "联系方式", "联系手机"},
	FieldGrid:     {"网格/社区", "网格", "社区", "村(社区)", "所属社区", "所属网格", "村居", "社区(村)"},
	FieldSize:     {"企业规模", "规模"},
}

// Label returns the canonical Chinese column name of f.
func (f Field) Label() string { return fieldNames[f][0] }

func (f Field) required() bool { return f < FieldGrid }

// normalizeHeader folds the ways people write the same header: surrounding
// and inner spaces, full-width brackets and slashes, a BOM, a trailing "*"
// that marks required columns in templates.
func normalizeHeader(s string) string {
	return strings.ToUpper(strings.TrimSpace(headerFolds.Replace(s)))
}

// headerFolds is built once: a Replacer builds its lookup on first use.
var headerFolds = strings.NewReplacer("\ufeff", "", " ", "", "\u3000", "", "（", "(", "）", ")", "／", "/", "*", "", "＊", "")

// columns maps each field to its column index (-1: absent).
type columns [numFields]int

// mapColumns finds the fields in a header row. It fails with an EINVALID
// error naming every missing required column.
func mapColumns(header []string) (columns, error) {
	var c columns
	for f := range c {
		c[f] = -1
	}
	for i, h := range header {
		h = normalizeHeader(h)
		for f := Field(0); f < numFields; f++ {
			if c[f] >= 0 {
				continue
			}
			for _, name := range fieldNames[f] {
				if h == normalizeHeader(name) {
					c[f] = i
					break
				}
			}
		}
	}
	var missing []string
	for f := Field(0); f < numFields; f++ {
		if f.required() && c[f] < 0 {
			missing = append(missing, "「"+f.Label()+"」（也可写作 "+strings.Join(fieldNames[f][1:min(4, len(fieldNames[f]))], "、")+"）")
		}
	}
	if len(missing) > 0 {
		return c, models.Errorf(models.EINVALID, "表头缺少必填列：%s。请确认第一行是列名", strings.Join(missing, "；"))
	}
	return c, nil
}

// cell returns the trimmed value of field f in row, "" when absent.
func (c *columns) cell(row []string, f Field) string {
	i := c[f]
	if i < 0 || i >= len(row) {
		return ""
	}
	return strings.TrimSpace(strings.ReplaceAll(row[i], "\u3000", " "))
}
