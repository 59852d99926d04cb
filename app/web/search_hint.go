package web

import "unicode"

// shortSearchHint is what a name search too short to match anything gets.
const shortSearchHint = "请至少输入两个字（或统一社会信用代码的开头）"

// tooShortSearch reports whether q can match no firm name: names are found
// by pairs of adjacent characters, so a query without two letters or digits
// side by side finds nothing. Letters and digits alone are the start of a
// code and always searched.
func tooShortSearch(q string) bool {
	if q == "" {
		return false
	}
	code, run, longest := true, 0, 0
	for _, r := range q {
		if r > unicode.MaxASCII || !(unicode.IsDigit(r) || unicode.IsLetter(r)) {
			code = false
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return !code && longest < 2
}
