package importer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"selfcheck/models"
	"selfcheck/models/uscc"
)

// Result is the outcome of checking a table: the firms that may be stored and
// the rows that may not, in file order.
type Result struct {
	Rows     int // data rows read
	Valid    []models.Enterprise
	Problems []Problem
}

// Problem is a refused row: its spreadsheet row number, the code as written
// and every reason, in Chinese.
type Problem struct {
	Line    int
	USCC    string
	Reasons []string
}

// Reason returns the reasons joined for a report line.
func (p Problem) Reason() string { return strings.Join(p.Reasons, "；") }

// Check maps the table's columns and validates every row against the
// district: required fields, the code's check character, a known street,
// grid and industry, the phone number, and codes repeated within the file
// (every copy is refused, since the file does not say which one is right).
// progress, when not nil, is told how many rows were checked.
func Check(t *Table, d *models.District, progress func(done int)) (*Result, error) {
	cols, err := mapColumns(t.Header)
	if err != nil {
		return nil, err
	}
	res := &Result{Rows: len(t.Rows)}
	type checked struct {
		e       models.Enterprise
		line    int
		code    string
		reasons []string
	}
	all := make([]checked, len(t.Rows))
	firstLine := map[string][]int{}
	for i, row := range t.Rows {
		e, reasons := parseRow(&cols, row.Cells, d)
		all[i] = checked{e: e, line: row.Line, code: cols.cell(row.Cells, FieldUSCC), reasons: reasons}
		if e.USCC != "" {
			firstLine[e.USCC] = append(firstLine[e.USCC], row.Line)
		}
		if progress != nil && (i+1)%10_000 == 0 {
			progress(i + 1)
		}
	}
	for _, c := range all {
		if lines := firstLine[c.e.USCC]; c.e.USCC != "" && len(lines) > 1 {
			c.reasons = append(c.reasons, duplicateReason(lines, c.line))
		}
		if len(c.reasons) > 0 {
			res.Problems = append(res.Problems, Problem{Line: c.line, USCC: c.code, Reasons: c.reasons})
			continue
		}
		res.Valid = append(res.Valid, c.e)
	}
	if progress != nil {
		progress(len(t.Rows))
	}
	return res, nil
}

// maxListedDuplicates bounds the other rows a duplicate's reason names, so
// that a file repeating one code on every row is checked in linear time.
const maxListedDuplicates = 5

// duplicateReason names the other rows (up to maxListedDuplicates) that carry
// the same code as row line.
func duplicateReason(lines []int, line int) string {
	var others []string
	for _, l := range lines {
		if l == line {
			continue
		}
		if len(others) == maxListedDuplicates {
			return fmt.Sprintf("统一社会信用代码与第 %s 等 %d 行重复", strings.Join(others, "、"), len(lines)-1)
		}
		others = append(others, strconv.Itoa(l))
	}
	return "统一社会信用代码与第 " + strings.Join(others, "、") + " 行重复"
}

var (
	industryCode = regexp.MustCompile(`(?i)\b([A-T]?)(\d{4})\b`)
	mobileRe     = regexp.MustCompile(`^1[3-9]\d{9}$`)
	landlineRe   = regexp.MustCompile(`^(0\d{2,3})?[2-9]\d{6,7}$`)
)

// parseRow turns one row into a firm and the reasons it cannot be stored.
func parseRow(c *columns, row []string, d *models.District) (models.Enterprise, []string) {
	var reasons []string
	e := models.Enterprise{
		Name:         c.cell(row, FieldName),
		USCC:         uscc.Normalize(c.cell(row, FieldUSCC)),
		Address:      c.cell(row, FieldAddress),
		LegalRep:     c.cell(row, FieldLegalRep),
		ContactPhone: c.cell(row, FieldPhone),
		Size:         c.cell(row, FieldSize),
	}
	raw := c.cell(row, FieldUSCC)
	excelNumber := strings.ContainsAny(raw, "Ee") && strings.Contains(raw, "+")
	switch {
	case raw == "":
		reasons = append(reasons, "统一社会信用代码为空")
	case excelNumber:
		reasons = append(reasons, "统一社会信用代码被 Excel 转成了数字（"+raw+"），请把该列设为文本格式后重新导出")
	}
	for _, req := range []struct {
		f     Field
		value string
	}{{FieldAddress, e.Address}, {FieldLegalRep, e.LegalRep}, {FieldIndustry, c.cell(row, FieldIndustry)}, {FieldStreet, c.cell(row, FieldStreet)}} {
		if req.value == "" {
			reasons = append(reasons, req.f.Label()+"为空")
		}
	}
	e.IndustryCode = industryOf(c.cell(row, FieldIndustry), d)
	e.StreetCode = streetOf(c.cell(row, FieldStreet), d)
	if st, ok := d.Street(e.StreetCode); ok {
		e.GridCode = gridOf(c.cell(row, FieldGrid), st, d)
	} else {
		e.GridCode = c.cell(row, FieldGrid)
	}
	if e.Size != "" && !strings.HasSuffix(e.Size, "型") {
		e.Size += "型"
	}
	phone, ok := normalizePhone(e.ContactPhone)
	switch {
	case e.ContactPhone == "":
		reasons = append(reasons, "联系电话为空")
	case !ok:
		reasons = append(reasons, "联系电话「"+e.ContactPhone+"」不是有效的手机号或固定电话")
	default:
		e.ContactPhone = phone
	}
	if e.IndustryCode == "" {
		e.IndustryCode = c.cell(row, FieldIndustry)
	}
	if e.StreetCode == "" {
		e.StreetCode = c.cell(row, FieldStreet)
	}
	if err := e.Validate(d); err != nil {
		if models.ErrorCode(err) != models.EINVALID {
			return e, append(reasons, err.Error())
		}
		for _, p := range strings.Split(models.ErrorMessage(err), "；") {
			if (raw == "" || excelNumber) && strings.HasPrefix(p, "统一社会信用代码") {
				continue // said above, better
			}
			if strings.Contains(p, "「」") {
				continue // an empty cell, said above
			}
			reasons = append(reasons, p)
		}
	}
	return e, reasons
}

// industryOf finds the district's class from a cell such as "H6210",
// "6210", "正餐服务" or "正餐服务(H6210)".
func industryOf(cell string, d *models.District) string {
	if cell == "" {
		return ""
	}
	if in, ok := d.Industry(strings.ToUpper(cell)); ok {
		return in.Code
	}
	if m := industryCode.FindStringSubmatch(cell); m != nil {
		if in, ok := d.Industry(strings.ToUpper(m[1]) + m[2]); ok {
			return in.Code
		}
		if in, ok := d.Industry(m[2]); ok {
			return in.Code
		}
	}
	name := strings.TrimSpace(strings.Split(strings.Split(cell, "(")[0], "（")[0])
	if in, ok := d.Industry(name); ok {
		return in.Code
	}
	return ""
}

// streetOf finds the street from its code, full name or short name
// ("张槎" for 张槎街道).
func streetOf(cell string, d *models.District) string {
	if cell == "" {
		return ""
	}
	if st, ok := d.Street(cell); ok {
		return st.Code
	}
	short := strings.TrimPrefix(strings.TrimPrefix(cell, "佛山市"), "禅城区")
	for i := range d.Streets {
		st := &d.Streets[i]
		if short != "" && (st.Name == short || strings.HasPrefix(st.Name, short) && len([]rune(short)) >= 2) {
			return st.Code
		}
	}
	return ""
}

// gridOf finds the grid of st from its code or name, with or without 村/社区.
func gridOf(cell string, st *models.Street, d *models.District) string {
	if cell == "" {
		return ""
	}
	for _, v := range []string{cell, cell + "村", strings.TrimSuffix(cell, "居委会") + "社区", strings.TrimSuffix(cell, "村委会") + "村"} {
		if g, ok := d.GridByName(st, v); ok {
			return g.Code
		}
	}
	return cell
}

// normalizePhone keeps the first of several numbers and drops separators and
// the +86 prefix; it reports whether the result is a mobile or landline
// number.
func normalizePhone(s string) (string, bool) {
	if parts := strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("/、;；,，", r) }); len(parts) > 0 {
		s = parts[0]
	}
	s = strings.NewReplacer(" ", "", "-", "", "－", "", "(", "", ")", "", "（", "", "）", "").Replace(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "+86"), "0086")
	return s, mobileRe.MatchString(s) || landlineRe.MatchString(s)
}
