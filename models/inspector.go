package models

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Inspector is one person on a department's roster of law-enforcement
// officers (执法人员名录库). Only an active inspector whose certificate is in
// force and who is not away is drawn (双随机), and only for the streets it
// covers.
type Inspector struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	Department string `json:"department"`
	CertNo     string `json:"cert_no"`
	// CertExpiresOn is the last day the certificate is valid (midnight in
	// SELFCHECK_TZ, stored in UTC); nil when it does not expire.
	CertExpiresOn *time.Time `json:"cert_expires_on"`
	// Streets are the street codes the inspector covers, comma-separated;
	// "" covers the whole district.
	Streets string `json:"streets"`
	// AwayDays lists the days away (leave, training), comma-separated
	// YYYY-MM-DD days or YYYY-MM-DD~YYYY-MM-DD spans.
	AwayDays  string     `json:"away_days"`
	Active    bool       `json:"active"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt *time.Time `json:"updated_at"`
}

// StreetCodes returns the streets the inspector covers; nil covers all.
func (p *Inspector) StreetCodes() []string { return splitList(p.Streets) }

// Covers reports whether the inspector works in a street.
func (p *Inspector) Covers(street string) bool {
	codes := p.StreetCodes()
	return len(codes) == 0 || street == "" || slices.Contains(codes, street)
}

// CertValid reports whether the certificate is in force on day (midnight in
// the roster's zone).
func (p *Inspector) CertValid(day time.Time) bool {
	if p.CertNo == "" {
		return false
	}
	return p.CertExpiresOn == nil || !sameOrBefore(p.CertExpiresOn.In(day.Location()), day)
}

// sameOrBefore reports whether expiry's day ends before day starts.
func sameOrBefore(expiry, day time.Time) bool {
	y, m, d := expiry.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, day.Location()).Before(day)
}

// CertExpiry returns the certificate's last day at midnight in loc, zero
// when it does not expire.
func (p *Inspector) CertExpiry(loc *time.Location) time.Time {
	if p.CertExpiresOn == nil {
		return time.Time{}
	}
	y, m, d := p.CertExpiresOn.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// Away reports whether the inspector is away on day.
func (p *Inspector) Away(day time.Time) bool {
	for _, sp := range p.AwaySpans(day.Location()) {
		if !day.Before(sp[0]) && !day.After(sp[1]) {
			return true
		}
	}
	return false
}

// Drawable reports whether the inspector may be drawn for a visit on day:
// active, certificate in force, not away.
func (p *Inspector) Drawable(day time.Time) bool {
	return p.Active && p.CertValid(day) && !p.Away(day)
}

// AwaySpans returns the days away as [first, last] days at midnight in loc;
// entries that do not parse are left out (Validate refuses them).
func (p *Inspector) AwaySpans(loc *time.Location) [][2]time.Time {
	var out [][2]time.Time
	for _, e := range splitList(p.AwayDays) {
		if sp, ok := parseSpan(e, loc); ok {
			out = append(out, sp)
		}
	}
	return out
}

func parseSpan(e string, loc *time.Location) ([2]time.Time, bool) {
	a, b, isSpan := strings.Cut(e, "~")
	from, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(a), loc)
	if err != nil {
		return [2]time.Time{}, false
	}
	to := from
	if isSpan {
		if to, err = time.ParseInLocation(time.DateOnly, strings.TrimSpace(b), loc); err != nil || to.Before(from) {
			return [2]time.Time{}, false
		}
	}
	return [2]time.Time{from, to}, true
}

// splitList splits a comma-separated list (also "，", "、", ";" and spaces),
// dropping empty entries.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == '，' || r == '、' || r == ';' || r == '；' || r == ' '
	})
}

// NormalizeList rewrites a list as its entries joined by commas.
func NormalizeList(s string) string { return strings.Join(splitList(s), ",") }

// ValidateInspector checks an inspector's fields and normalizes its lists;
// deptOK tells whether a department name exists, streetCode maps a street's
// code or name to its code ("" when unknown). It returns an EINVALID error
// giving every problem in Chinese.
func ValidateInspector(p *Inspector, deptOK func(string) bool, streetCode func(string) string) error {
	var problems []string
	p.Name, p.Department, p.CertNo = strings.TrimSpace(p.Name), strings.TrimSpace(p.Department), strings.TrimSpace(p.CertNo)
	if n := utf8.RuneCountInString(p.Name); n < 1 || n > 64 {
		problems = append(problems, "姓名应为1到64个字符")
	}
	if !deptOK(p.Department) {
		problems = append(problems, "部门「"+p.Department+"」不是有效的部门名称")
	}
	if n := len(p.CertNo); n < 4 || n > 32 {
		problems = append(problems, "执法证号应为4到32个字符")
	}
	var codes []string
	for _, st := range splitList(p.Streets) {
		c := streetCode(st)
		if c == "" {
			problems = append(problems, "镇街「"+st+"」不在本区")
			continue
		}
		if !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	p.Streets = strings.Join(codes, ",")
	var away []string
	for _, e := range splitList(p.AwayDays) {
		if _, ok := parseSpan(e, time.UTC); !ok {
			problems = append(problems, "不在岗日期「"+e+"」应写作 年-月-日 或 年-月-日~年-月-日")
			continue
		}
		away = append(away, e)
	}
	p.AwayDays = strings.Join(away, ",")
	if len(p.AwayDays) > 2000 {
		problems = append(problems, "不在岗日期过多，请删去已过去的日期")
	}
	if len(problems) > 0 {
		return Errorf(EINVALID, "%s", strings.Join(problems, "；"))
	}
	return nil
}
