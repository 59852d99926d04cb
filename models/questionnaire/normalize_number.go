package questionnaire

import (
	"math"
	"regexp"
	"strconv"
	"strings"
)

var numberPattern = regexp.MustCompile(`^([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(.*)$`)

// counters are units people append to a count whatever the item's unit is.
var counters = map[string]bool{
	"个": true, "只": true, "人": true, "名": true, "位": true, "台": true, "具": true, "次": true,
	"处": true, "间": true, "瓶": true, "罐": true, "层": true, "套": true, "块": true, "条": true,
	"辆": true, "家": true, "户": true, "天": true, "年": true, "月": true, "岁": true, "分": true,
	"米": true, "m": true, "元": true, "kg": true, "公斤": true, "千克": true, "平方米": true,
	"平米": true, "平": true, "㎡": true, "m2": true, "%": true, "小时": true,
}

// numberRange describes the accepted range and unit of a numeric item.
type numberRange struct {
	Unit     string
	Min, Max *float64
}

func (r numberRange) hint() string {
	var b strings.Builder
	switch {
	case r.Min != nil && r.Max != nil:
		b.WriteString(fmtNum(*r.Min) + "到" + fmtNum(*r.Max) + "之间")
	case r.Min != nil:
		b.WriteString("不小于" + fmtNum(*r.Min))
	case r.Max != nil:
		b.WriteString("不大于" + fmtNum(*r.Max))
	}
	if r.Unit != "" {
		b.WriteString("，单位：" + r.Unit)
	}
	return strings.TrimPrefix(b.String(), "，")
}

// parseNumber reads a number with an optional unit ("2.5米", "３个", "三个").
func parseNumber(text string, r numberRange) (float64, bool) {
	s := strings.ToLower(trimChat(Fold(text)))
	s = strings.TrimPrefix(s, "约")
	s = strings.TrimPrefix(s, "共")
	m := numberPattern.FindStringSubmatch(s)
	var f float64
	unit := ""
	if m != nil {
		v, err := strconv.ParseFloat(m[1], 64)
		if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
			return 0, false
		}
		f, unit = v, strings.TrimSpace(m[2])
	} else {
		n, rest, ok := leadingChineseInt(s)
		if !ok {
			return 0, false
		}
		f, unit = float64(n), strings.TrimSpace(rest)
	}
	if unit != "" && unit != strings.ToLower(r.Unit) && !counters[unit] {
		return 0, false
	}
	return f, true
}

// ParseInteger reads a whole number within r's range.
func ParseInteger(text, unit string, min, max *float64) (int64, error) {
	r := numberRange{Unit: unit, Min: min, Max: max}
	f, ok := parseNumber(text, r)
	if !ok {
		return 0, &InputError{Message: "请输入一个整数" + paren(r.hint()) + "，例如：3"}
	}
	if f != math.Trunc(f) || math.Abs(f) > 1e15 {
		return 0, &InputError{Message: "请输入整数，不要带小数" + paren(r.hint()) + "。"}
	}
	if (min != nil && f < *min) || (max != nil && f > *max) {
		return 0, &InputError{Message: "数值超出范围，请输入" + r.hint() + "的整数。"}
	}
	return int64(f), nil
}

// ParseDecimal reads a number, decimals allowed, within r's range.
func ParseDecimal(text, unit string, min, max *float64) (float64, error) {
	r := numberRange{Unit: unit, Min: min, Max: max}
	f, ok := parseNumber(text, r)
	if !ok || math.Abs(f) > 1e15 {
		return 0, &InputError{Message: "请输入一个数字" + paren(r.hint()) + "，例如：2.5"}
	}
	if (min != nil && f < *min) || (max != nil && f > *max) {
		return 0, &InputError{Message: "数值超出范围，请输入" + r.hint() + "的数字。"}
	}
	return f, nil
}

func paren(s string) string {
	if s == "" {
		return ""
	}
	return "（" + s + "）"
}

func fmtNum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

var chineseDigits = map[rune]int64{
	'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5,
	'六': 6, '七': 7, '八': 8, '九': 9,
}

var chineseUnits = map[rune]int64{'十': 10, '百': 100, '千': 1000, '万': 10000}

// parseChineseInt reads a Chinese numeral below 100 million, such as 三,
// 十二, 二十五, 一百零八 or 两千.
func parseChineseInt(s string) (int64, bool) {
	n, rest, ok := leadingChineseInt(s)
	return n, ok && rest == ""
}

func leadingChineseInt(s string) (int64, string, bool) {
	var total, section, digit int64
	seen := false
	i := 0
	for i < len(s) {
		r, size := rune(0), 0
		for _, c := range s[i:] {
			r, size = c, len(string(c))
			break
		}
		if d, ok := chineseDigits[r]; ok {
			digit = d
		} else if u, ok := chineseUnits[r]; ok {
			if u == 10 && digit == 0 && !seen {
				digit = 1 // 十二
			}
			if u == 10000 {
				total += (section + digit) * u
				section = 0
			} else {
				section += digit * u
			}
			digit = 0
		} else {
			break
		}
		seen = true
		i += size
	}
	if !seen {
		return 0, s, false
	}
	return total + section + digit, s[i:], true
}
