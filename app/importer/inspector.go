package importer

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"selfcheck/models"
)

// The columns of a roster file (执法人员名录): name, department and
// certificate number are required.
var inspectorFields = [][]string{
	{"姓名", "执法人员", "执法人员姓名", "人员姓名"},
	{"部门", "执法部门", "所属部门", "单位", "所属单位"},
	{"执法证号", "执法证编号", "证件号", "证件编号", "执法证件号"},
	{"证件有效期至", "有效期至", "有效期", "证件到期日", "到期日期", "执法证有效期"},
	{"负责镇街", "镇街", "所属镇街", "负责片区", "片区"},
	{"不在岗日期", "请假日期", "离岗日期"},
	{"状态", "在岗状态"},
}

// Indexes of inspectorFields.
const (
	iName = iota
	iDept
	iCert
	iExpiry
	iStreets
	iAway
	iStatus
	iRequired = iExpiry // the first optional column
)

// InspectorResult is the outcome of checking a roster file: the people that
// may be stored and the rows that may not, in file order.
type InspectorResult struct {
	Rows     int
	Valid    []models.Inspector
	Problems []Problem // Problem.USCC holds the certificate number
}

// CheckInspectors maps a roster file's columns and validates every row:
// required fields, a known department, the streets of the district, the
// certificate's expiry date (a certificate expired by today is refused),
// the days away, and certificate numbers repeated within the file. deptOK
// tells a department name; today, midnight in the dates' zone, is the first
// day a certificate must still be valid.
func CheckInspectors(t *Table, d *models.District, deptOK func(string) bool, today time.Time) (*InspectorResult, error) {
	cols, err := mapInspectorColumns(t.Header)
	if err != nil {
		return nil, err
	}
	res := &InspectorResult{Rows: len(t.Rows)}
	type checked struct {
		p       models.Inspector
		line    int
		reasons []string
	}
	all := make([]checked, len(t.Rows))
	lines := map[string][]int{}
	cell := func(row []string, f int) string {
		if i := cols[f]; i >= 0 && i < len(row) {
			return strings.TrimSpace(strings.ReplaceAll(row[i], "\u3000", " "))
		}
		return ""
	}
	for i, row := range t.Rows {
		c := checked{line: row.Line, p: models.Inspector{
			Name: cell(row.Cells, iName), Department: cell(row.Cells, iDept), CertNo: cell(row.Cells, iCert),
			Streets: cell(row.Cells, iStreets), Active: true,
		}}
		for f := range iRequired {
			if cell(row.Cells, f) == "" {
				c.reasons = append(c.reasons, inspectorFields[f][0]+"为空")
			}
		}
		if v := cell(row.Cells, iExpiry); v != "" {
			if exp, ok := parseDate(v, today.Location()); !ok {
				c.reasons = append(c.reasons, "证件有效期「"+v+"」应写作 年-月-日")
			} else if exp.Before(today) {
				c.reasons = append(c.reasons, "执法证已于 "+exp.Format(time.DateOnly)+" 过期，不能列入名录")
			} else {
				u := exp.UTC()
				c.p.CertExpiresOn = &u
			}
		}
		var away []string
		for _, e := range strings.FieldsFunc(cell(row.Cells, iAway), func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == ';' || r == '；' }) {
			from, to, isSpan := strings.Cut(strings.ReplaceAll(e, "至", "~"), "~")
			a, ok1 := parseDate(from, today.Location())
			b, ok2 := a, true
			if isSpan {
				b, ok2 = parseDate(to, today.Location())
			}
			if !ok1 || !ok2 || b.Before(a) {
				c.reasons = append(c.reasons, "不在岗日期「"+e+"」应写作 年-月-日 或 年-月-日~年-月-日")
				continue
			}
			away = append(away, a.Format(time.DateOnly)+"~"+b.Format(time.DateOnly))
		}
		c.p.AwayDays = strings.Join(away, ",")
		switch st := cell(row.Cells, iStatus); st {
		case "", "在岗", "正常", "启用", "是":
		case "停用", "离岗", "调离", "否", "退休":
			c.p.Active = false
		default:
			c.reasons = append(c.reasons, "状态「"+st+"」应为 在岗 或 停用")
		}
		streetCode := func(s string) string {
			if st, ok := d.Street(s); ok {
				return st.Code
			}
			return ""
		}
		if err := models.ValidateInspector(&c.p, deptOK, streetCode); err != nil {
			for _, m := range strings.Split(models.ErrorMessage(err), "；") {
				// An empty cell was reported above, in the file's words.
				empty := strings.Contains(m, "「」") || (c.p.Name == "" && strings.HasPrefix(m, "姓名")) || (c.p.CertNo == "" && strings.HasPrefix(m, "执法证号"))
				if !empty {
					c.reasons = append(c.reasons, m)
				}
			}
		}
		if c.p.CertNo != "" {
			lines[c.p.CertNo] = append(lines[c.p.CertNo], row.Line)
		}
		all[i] = c
	}
	for _, c := range all {
		if l := lines[c.p.CertNo]; c.p.CertNo != "" && len(l) > 1 {
			c.reasons = append(c.reasons, strings.Replace(duplicateReason(l, c.line), "统一社会信用代码", "执法证号", 1))
		}
		if len(c.reasons) > 0 {
			res.Problems = append(res.Problems, Problem{Line: c.line, USCC: c.p.CertNo, Reasons: c.reasons})
			continue
		}
		res.Valid = append(res.Valid, c.p)
	}
	return res, nil
}

// mapInspectorColumns finds the roster's columns; it fails with an EINVALID
// error naming every missing required column.
func mapInspectorColumns(header []string) ([]int, error) {
	cols := make([]int, len(inspectorFields))
	for f := range cols {
		cols[f] = -1
	}
	for i, h := range header {
		h = normalizeHeader(h)
		for f, names := range inspectorFields {
			for _, n := range names {
				if cols[f] < 0 && h == normalizeHeader(n) {
					cols[f] = i
				}
			}
		}
	}
	var missing []string
	for f := range iRequired {
		if cols[f] < 0 {
			missing = append(missing, "「"+inspectorFields[f][0]+"」（也可写作 "+strings.Join(inspectorFields[f][1:3], "、")+"）")
		}
	}
	if len(missing) > 0 {
		return nil, models.Errorf(models.EINVALID, "表头缺少必填列：%s。请确认第一行是列名", strings.Join(missing, "；"))
	}
	return cols, nil
}

var dateRe = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$`)

// parseDate reads a day as people write it (2027-06-30, 2027/6/30,
// 2027年6月30日, 20270630) or as Excel stores it (a serial number).
func parseDate(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if m := dateRe.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, loc)
		if t.Month() != time.Month(mo) || t.Day() != d {
			return time.Time{}, false
		}
		return t, true
	}
	if len(s) == 8 {
		if t, err := time.ParseInLocation("20060102", s, loc); err == nil {
			return t, true
		}
	}
	if n, err := strconv.Atoi(s); err == nil && n > 20000 && n < 80000 {
		return time.Date(1899, 12, 30, 0, 0, 0, 0, loc).AddDate(0, 0, n), true
	}
	return time.Time{}, false
}

// InspectorTemplate is the header row of a roster file, for help texts.
func InspectorTemplate() string {
	var names []string
	for _, f := range inspectorFields {
		names = append(names, f[0])
	}
	return strings.Join(names, ",")
}
