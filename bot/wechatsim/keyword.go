package wechatsim

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// KeywordType returns the type of a template keyword, its name without the
// trailing number: "thing" for thing1, "character_string" for
// character_string12.
func KeywordType(name string) string {
	return strings.TrimRightFunc(name, func(r rune) bool { return r >= '0' && r <= '9' })
}

// Value shapes of the keyword types, as the platform documents them.
var (
	numberValue  = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)
	letterValue  = regexp.MustCompile(`^[A-Za-z]{1,32}$`)
	amountValue  = regexp.MustCompile(`^[¥￥$€£]?[0-9]{1,10}(\.[0-9]{1,2})?元?$`)
	phoneValue   = regexp.MustCompile(`^[0-9+\-() ]{1,17}$`)
	nameLetters  = regexp.MustCompile(`^[A-Za-z][A-Za-z .]{0,19}$`)
	clockPart    = `([01][0-9]|2[0-3]|[0-9]):[0-5][0-9](:[0-5][0-9])?`
	datePart     = `([0-9]{4}年[0-9]{1,2}月([0-9]{1,2}日)?|[0-9]{1,2}月[0-9]{1,2}日|[0-9]{4}([-/.])[0-9]{1,2}([-/.][0-9]{1,2})?)`
	oneTime      = `(` + datePart + ` ?)?` + clockPart
	timeValue    = regexp.MustCompile(`^` + oneTime + `( ?~ ?` + oneTime + `)?$`)
	oneDate      = datePart + `( ?` + clockPart + `)?`
	dateValue    = regexp.MustCompile(`^` + oneDate + `( ?~ ?` + oneDate + `)?$`)
	carFirstLast = regexp.MustCompile(`^\p{Han}?[A-Za-z0-9]{1,7}\p{Han}?$`)
)

// checkKeyword returns why value does not fit the keyword name ("" when it
// fits): "empty", or "invalid". options are a const keyword's values.
func checkKeyword(name, value string, options []string) string {
	if value == "" {
		return "empty"
	}
	for _, r := range value {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == utf8.RuneError {
			return "invalid"
		}
	}
	n := utf8.RuneCountInString(value)
	ok := false
	switch KeywordType(name) {
	case "thing":
		ok = n <= 20
	case "number":
		ok = len(value) <= 32 && numberValue.MatchString(value)
	case "letter":
		ok = letterValue.MatchString(value)
	case "symbol":
		ok = n <= 5 && allRunes(value, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) })
	case "character_string":
		ok = n <= 32 && allRunes(value, func(r rune) bool { return r > ' ' && r < 0x7f })
	case "time":
		ok = timeValue.MatchString(value)
	case "date":
		ok = dateValue.MatchString(value)
	case "amount":
		ok = amountValue.MatchString(value)
	case "phone_number":
		ok = phoneValue.MatchString(value)
	case "car_number":
		ok = n <= 8 && carFirstLast.MatchString(value)
	case "name":
		ok = (n <= 10 && allRunes(value, isHan)) || nameLetters.MatchString(value)
	case "phrase":
		ok = n <= 5 && allRunes(value, isHan)
	case "const", "enum":
		for _, o := range options {
			ok = ok || o == value
		}
	}
	if !ok {
		return "invalid"
	}
	return ""
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

func allRunes(s string, f func(rune) bool) bool {
	for _, r := range s {
		if !f(r) {
			return false
		}
	}
	return true
}
