// Package uscc checks and builds 统一社会信用代码 (unified social credit codes,
// GB 32100-2015): 18 characters whose last one is a mod-31 check character over
// the first 17, and whose 17th is the GB 11714 mod-11 check of the organization
// code body. It imports no project package, so every layer may use it.
package uscc

import (
	"errors"
	"strings"
)

// charset is the 31-symbol alphabet of GB 32100: digits and upper-case letters
// without I, O, S, V and Z. A symbol's value is its index.
const charset = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// weights18 are 3^(i-1) mod 31 for positions 1..17.
var weights18 = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// weights17 are the GB 11714 weights of the 8-character organization code body.
var weights17 = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// Errors returned by Validate. They describe what is wrong in words a person can act on.
var (
	ErrLength    = errors.New("统一社会信用代码应为18位")
	ErrCharacter = errors.New("统一社会信用代码含有无效字符（不使用I、O、S、V、Z）")
	ErrRegion    = errors.New("统一社会信用代码第3至8位应为行政区划数字代码")
	ErrCheck     = errors.New("统一社会信用代码校验位不正确，请核对后重新输入")
)

// Normalize upper-cases code and drops spaces and hyphens people type between groups.
func Normalize(code string) string {
	code = strings.ToUpper(strings.TrimSpace(code))
	return strings.NewReplacer(" ", "", "-", "", "\u3000", "").Replace(code)
}

// Validate reports whether code, already normalized, is a well-formed USCC with a
// correct position-18 check character. Position 17 (the GB 11714 check) is not
// enforced: registries issued codes that pass mod-31 but not mod-11, and every
// public validator agrees only on the mod-31 check.
func Validate(code string) error {
	if len(code) != 18 {
		return ErrLength
	}
	for i := 0; i < 18; i++ {
		if strings.IndexByte(charset, code[i]) < 0 {
			return ErrCharacter
		}
	}
	for i := 2; i < 8; i++ {
		if code[i] < '0' || code[i] > '9' {
			return ErrRegion
		}
	}
	if Check18(code[:17]) != code[17] {
		return ErrCheck
	}
	return nil
}

// Valid is Validate as a boolean.
func Valid(code string) bool { return Validate(code) == nil }

// Check18 returns the mod-31 check character for the first 17 characters of a
// code. It returns 0 when first17 is not 17 characters of the alphabet.
func Check18(first17 string) byte {
	if len(first17) != 17 {
		return 0
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(charset, first17[i])
		if v < 0 {
			return 0
		}
		sum += v * weights18[i]
	}
	return charset[(31-sum%31)%31]
}

// Check17 returns the GB 11714 check character for an 8-character organization
// code body, or 0 when body is malformed.
func Check17(body string) byte {
	if len(body) != 8 {
		return 0
	}
	sum := 0
	for i := 0; i < 8; i++ {
		c := body[i]
		var v int
		switch {
		case c >= '0' && c <= '9':
			v = int(c - '0')
		case c >= 'A' && c <= 'Z':
			v = int(c-'A') + 10
		default:
			return 0
		}
		sum += v * weights17[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + c)
	}
}

// Build returns a complete code from the 2-character registration type (for
// example "91" for an enterprise, "92" for an individual business), the 6-digit
// region of the registering authority and an 8-character body drawn from the
// alphabet. It fills in both check characters. It returns "" when the parts are
// malformed or the body's GB 11714 check character falls outside the alphabet.
func Build(kind, region, body string) string {
	if len(kind) != 2 || len(region) != 6 || len(body) != 8 {
		return ""
	}
	c17 := Check17(body)
	if c17 == 0 {
		return ""
	}
	first17 := kind + region + body + string(c17)
	c18 := Check18(first17)
	if c18 == 0 {
		return ""
	}
	code := first17 + string(c18)
	if Validate(code) != nil {
		return ""
	}
	return code
}

// Alphabet returns the 31 symbols a code may contain, for generators.
func Alphabet() string { return charset }
