package bot

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// A template keyword's type is its name without the trailing number:
// thing1 is a thing, character_string2 a character_string. WeChat refuses a
// whole message (47003) when one value does not fit its keyword's type, so
// every value is shaped to its type when rendered (shapeKeyword), and
// Templates.Validate refuses at start a keyword no notice value can fill.

// keywordTypes are the platform's keyword types.
var keywordTypes = map[string]bool{
	"thing": true, "number": true, "letter": true, "symbol": true, "character_string": true, "time": true,
	"date": true, "amount": true, "phone_number": true, "car_number": true, "name": true, "phrase": true,
	"const": true, "enum": true,
}

// keywordType returns the type of the keyword named name.
func keywordType(name string) string {
	return strings.TrimRightFunc(name, func(r rune) bool { return r >= '0' && r <= '9' })
}

// valueKind is what a notice field holds, which decides the keyword types
// it can fill.
type valueKind string

const (
	kindText   valueKind = "text"   // free Chinese text: only a thing keyword takes it
	kindDate   valueKind = "date"   // a day, 2026-12-11
	kindNumber valueKind = "number" // digits
	kindCode   valueKind = "code"   // letters, digits and symbols, as a ticket number
	kindPhrase valueKind = "phrase" // a few Chinese characters, as 较重 or 批准延期
	kindGrade  valueKind = "grade"  // a credit grade letter, A to D
)

// fieldKinds lists, per topic, the fields that are not free text.
var fieldKinds = map[Topic]map[string]valueKind{
	TopicAssigned:        {"deadline": kindDate},
	TopicReminder:        {"deadline": kindDate, "days": kindNumber},
	TopicFindingDue:      {"severity": kindPhrase, "deadline": kindDate, "days": kindNumber},
	TopicFindingListed:   {"deadline": kindDate},
	TopicFindingOverdue:  {"deadline": kindDate},
	TopicFixRejected:     {"deadline": kindDate},
	TopicVisitScheduled:  {"date": kindDate},
	TopicDeferralDecided: {"result": kindPhrase, "deadline": kindDate},
	TopicGradeDrop:       {"from": kindGrade, "grade": kindGrade, "score": kindNumber, "effective": kindDate},
	TopicReportStatus:    {"ticket": kindCode, "status": kindPhrase},
	TopicFollowup:        {"ticket": kindCode},
}

func fieldKind(t Topic, field string) valueKind {
	if k, ok := fieldKinds[t][field]; ok {
		return k
	}
	return kindText
}

// keywordAccepts lists the kinds of field a keyword type can take whole
// (as "{field}"); a thing takes any, and only a thing mixes fields with
// fixed text. Types missing here take fixed values only.
var keywordAccepts = map[string][]valueKind{
	"thing":            {kindText, kindDate, kindNumber, kindCode, kindPhrase, kindGrade},
	"character_string": {kindCode, kindNumber},
	"number":           {kindNumber},
	"letter":           {kindGrade},
	"phrase":           {kindPhrase, kindGrade},
	"date":             {kindDate},
	"time":             {kindDate},
}

// Keyword lengths, in characters.
const (
	maxThing  = 20
	maxString = 32
	maxPhrase = 5
	maxName   = 10
)

// gradePhrases are the credit grades as a phrase keyword (Chinese only)
// shows them.
var gradePhrases = map[string]string{"A": "甲等", "B": "乙等", "C": "丙等", "D": "丁等"}

var gradeValue = regexp.MustCompile(`^([A-D])级?$`)

// shapeKeyword returns value fitted to the keyword named field: no line
// breaks or control characters, never empty, cut to the type's length
// within the type's alphabet, dates and times in the platform's formats,
// grade letters in Chinese for a phrase.
func shapeKeyword(field, value string) string {
	value = strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, value))
	switch keywordType(field) {
	case "thing":
		if r := []rune(value); len(r) > maxThing {
			value = string(r[:maxThing-1]) + "…"
		}
		return orNone(value, "无")
	case "character_string":
		return orNone(keepRunes(value, maxString, func(r rune) bool { return r > ' ' && r < 0x7f }), "-")
	case "letter":
		return orNone(keepRunes(value, maxString, func(r rune) bool { return r < 0x80 && unicode.IsLetter(r) }), "N")
	case "number":
		return orNone(keepRunes(value, maxString, func(r rune) bool { return r >= '0' && r <= '9' || r == '.' }), "0")
	case "phrase":
		if m := gradeValue.FindStringSubmatch(value); m != nil {
			return gradePhrases[m[1]]
		}
		return orNone(keepRunes(value, maxPhrase, isHan), "无")
	case "name":
		return orNone(keepRunes(value, maxName, isHan), "无")
	case "date":
		if t, ok := parseDay(value); ok {
			return t.Format("2006年1月2日")
		}
	case "time":
		if t, ok := parseDay(value); ok {
			if len(value) == len(time.DateOnly) {
				// A day alone is a deadline: the end of that day.
				return t.Format("2006年01月02日") + " 23:59"
			}
			return t.Format("2006年01月02日 15:04")
		}
	}
	return value
}

// parseDay reads the product's dates: 2026-12-11, with a time or not.
func parseDay(s string) (time.Time, bool) {
	for _, layout := range []string{time.DateOnly, "2006-01-02 15:04", time.DateTime, time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func orNone(s, none string) string {
	if s == "" {
		return none
	}
	return s
}

// keepRunes keeps the first max runes of s that keep returns true for.
func keepRunes(s string, max int, keep func(rune) bool) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n == max {
			break
		}
		if keep(r) {
			b.WriteRune(r)
			n++
		}
	}
	return b.String()
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// fixedValueFits reports whether a fixed keyword value (no {field}) fits
// the keyword's type as it is, which WeChat requires.
func fixedValueFits(field, value string) bool {
	if value == "" || strings.ContainsFunc(value, unicode.IsControl) {
		return false
	}
	n := utf8.RuneCountInString(value)
	switch keywordType(field) {
	case "thing":
		return n <= maxThing
	case "phrase":
		return n <= maxPhrase && !strings.ContainsFunc(value, func(r rune) bool { return !isHan(r) })
	case "name":
		return n <= maxName
	case "character_string", "letter", "number", "symbol", "amount", "phone_number", "car_number":
		return n <= maxString && shapeKeyword(field, value) == value
	case "date", "time":
		return false // a fixed date would be wrong the next day
	}
	return true
}
