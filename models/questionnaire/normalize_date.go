package questionnaire

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// DateLayout is how date answers are stored and compared in expressions.
const DateLayout = "2006-01-02"

var (
	fullDate  = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$`)
	compact   = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)
	monthDay  = regexp.MustCompile(`^(\d{1,2})\s*[月/-]\s*(\d{1,2})\s*[日号]?$`)
	relatives = map[string]int{"今天": 0, "今日": 0, "昨天": -1, "昨日": -1, "前天": -2}
)

// ParseDate reads a date as people type it: 2026-11-27, 2026/11/27,
// 2026.11.27, 20261127, 2026年11月27日, 11月27日 (this year), 今天, 昨天,
// 前天. now and loc give "today"; the result is YYYY-MM-DD.
func ParseDate(text string, now time.Time, loc *time.Location) (string, error) {
	if loc == nil {
		loc = time.UTC
	}
	today := now.In(loc)
	s := strings.ReplaceAll(trimChat(Fold(text)), " ", "")
	if d, ok := relatives[s]; ok {
		return today.AddDate(0, 0, d).Format(DateLayout), nil
	}
	var y, m, d int
	if g := fullDate.FindStringSubmatch(s); g != nil {
		y, m, d = atoi(g[1]), atoi(g[2]), atoi(g[3])
	} else if g := compact.FindStringSubmatch(s); g != nil {
		y, m, d = atoi(g[1]), atoi(g[2]), atoi(g[3])
	} else if g := monthDay.FindStringSubmatch(s); g != nil {
		y, m, d = today.Year(), atoi(g[1]), atoi(g[2])
	} else {
		return "", &InputError{Message: "请输入日期，例如：2026-11-27、2026年11月27日、11月27日，或回复“今天”“昨天”。"}
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, loc)
	if y < 1900 || y > 2200 || t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return "", &InputError{Message: "日期不存在，请检查年月日，例如：2026-11-27。"}
	}
	return t.Format(DateLayout), nil
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
