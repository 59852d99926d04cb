package models

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"selfcheck/models/questionnaire"
	"selfcheck/models/uscc"
)

// Enterprise is a market entity under supervision, keyed by its 统一社会信用代码.
type Enterprise struct {
	ID           int64
	USCC         string `gorm:"column:uscc"`
	Name         string
	IndustryCode string // GB/T 4754-2017 class, e.g. H6210
	Industry     string // the product's category, e.g. 餐饮
	Tags         string // comma-separated applicability tags of the checklist
	Size         string // 微型, 小型, 中型, 大型
	StreetCode   string
	GridCode     string
	Address      string
	// LegalRep and ContactPhone name and reach a person: encrypted at
	// rest (see pii.go).
	LegalRep     string `gorm:"serializer:pii"`
	ContactPhone string `gorm:"serializer:pii"`
	Lat, Lon     *float64
	Status       string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Enterprise sizes (GB/T 4754 does not define them; these follow the SME rules).
var enterpriseSizes = map[string]bool{"": true, "微型": true, "小型": true, "中型": true, "大型": true}

// TagList returns Tags split into a slice.
func (e *Enterprise) TagList() []string {
	if e.Tags == "" {
		return nil
	}
	return strings.Split(e.Tags, ",")
}

// Validate checks e against the district's reference data and returns an
// EINVALID error listing every problem in Chinese.
func (e *Enterprise) Validate(d *District) error {
	var problems []string
	e.USCC = uscc.Normalize(e.USCC)
	e.Name = strings.TrimSpace(e.Name)
	if err := uscc.Validate(e.USCC); err != nil {
		problems = append(problems, err.Error())
	}
	switch n := utf8.RuneCountInString(e.Name); {
	case n == 0:
		problems = append(problems, "企业名称不能为空")
	case n > 100:
		problems = append(problems, "企业名称不能超过100个字")
	}
	if in, ok := d.Industry(e.IndustryCode); !ok {
		problems = append(problems, "行业代码「"+e.IndustryCode+"」不在本区行业目录中")
	} else {
		e.IndustryCode, e.Industry = in.Code, in.Category
		if e.Tags == "" {
			e.Tags = strings.Join(in.Tags, ",")
		}
	}
	if st, ok := d.Street(e.StreetCode); !ok {
		problems = append(problems, "镇街「"+e.StreetCode+"」不是本区镇街")
	} else {
		e.StreetCode = st.Code
		if e.GridCode != "" {
			if g, ok := d.GridByName(st, e.GridCode); ok {
				e.GridCode = g.Code
			} else {
				problems = append(problems, "网格「"+e.GridCode+"」不属于"+st.Name)
			}
		}
	}
	if !enterpriseSizes[e.Size] {
		problems = append(problems, "企业规模应为微型、小型、中型或大型")
	}
	if utf8.RuneCountInString(e.Address) > 120 {
		problems = append(problems, "地址不能超过120个字")
	}
	if e.Lat != nil && e.Lon != nil && !d.BBox.Contains(*e.Lat, *e.Lon) {
		problems = append(problems, "坐标不在本区范围内")
	}
	if e.Status == "" {
		e.Status = "active"
	}
	if len(problems) > 0 {
		return Errorf(EINVALID, "%s", strings.Join(problems, "；"))
	}
	return nil
}

// NameBigrams returns the distinct search grams of a firm name: every pair of
// adjacent letters or digits, lower-cased, and the single character for a
// one-character name. Punctuation and spaces split words.
func NameBigrams(name string) []string {
	var grams []string
	seen := map[string]bool{}
	var prev rune
	for _, r := range strings.ToLower(name) {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			prev = 0
			continue
		}
		if prev != 0 {
			g := string([]rune{prev, r})
			if !seen[g] {
				seen[g] = true
				grams = append(grams, g)
			}
		}
		prev = r
	}
	if len(grams) == 0 && prev != 0 {
		grams = append(grams, string(prev))
	}
	return grams
}

// Subject returns what the questionnaire engine needs to know of the firm to
// choose the items that apply to it: its industry tags and category, and its
// size.
func (e *Enterprise) Subject() questionnaire.Subject {
	tags := e.TagList()
	if e.Industry != "" && !slices.Contains(tags, e.Industry) {
		tags = append(tags, e.Industry)
	}
	return questionnaire.Subject{Tags: tags, Size: e.Size, Attrs: map[string]any{}}
}
