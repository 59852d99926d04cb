package questionnaire

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// maxShortRunes bounds the short labels shown in dashboards, exports,
// order checklists and chat summaries (a WeChat "thing" keyword holds 20).
const maxShortRunes = 16

// TestShippedShortLabels reads every shipped questionnaire as an editor
// would: each short label is a complete phrase of at most maxShortRunes
// characters, not the start of the question cut off mid-phrase, and every
// judged item has one.
func TestShippedShortLabels(t *testing.T) {
	for slug, tpl := range loadAll(t) {
		for _, it := range tpl.Items {
			if it.Type == TypeCalculate {
				continue
			}
			if it.Short == "" {
				if it.Judged() {
					t.Errorf("%s/%s: judged item has no short label", slug, it.ID)
				}
				continue
			}
			if problem := shortProblem(it.Short, it.Text); problem != "" {
				t.Errorf("%s/%s: short %q %s", slug, it.ID, it.Short, problem)
			}
		}
	}
}

// TestShippedYesNoPolarity keeps yes/no questions free of double
// negatives: answering 是 to "是否未…" or "是否没有…" is ambiguous in chat.
func TestShippedYesNoPolarity(t *testing.T) {
	for slug, tpl := range loadAll(t) {
		for _, it := range tpl.Items {
			if it.Type != TypeYesNo {
				continue
			}
			if neg := doubleNegative(it.Text); neg != "" {
				t.Errorf("%s/%s: text %q asks %q…; phrase it so that 是 states the fact", slug, it.ID, it.Text, neg)
			}
		}
	}
}

func TestShortProblem(t *testing.T) {
	tests := []struct {
		name, short, text string
		bad               bool
	}{
		{name: "OK", short: "持有效食品经营许可证", text: "是否已取得有效食品经营（或生产）许可证？"},
		{name: "OKSubject", short: "营业执照", text: "营业执照是否置于经营场所醒目位置？"},
		{name: "ErrCutLong", short: "散装食品贮存位置标明名称、生产日期或批号、保质期", text: "散装食品贮存位置标明名称、生产日期或批号、保质期、生产者及联系方式？", bad: true},
		{name: "ErrCutShort", short: "非居住建筑", text: "非居住建筑（无特殊安防要求）的外窗是否保持可用于逃生？", bad: true},
		{name: "ErrDangling", short: "同一建筑由多个单位使用的", text: "同一建筑由多个单位使用的，是否已书面明确各方消防责任？", bad: true},
		{name: "ErrOpenBracket", short: "场（厂", text: "场（厂）内专用机动车辆是否定期检验？", bad: true},
		{name: "ErrTooLong", short: "人员密集场所的门窗上未设置防盗网广告牌", text: "门窗？", bad: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := shortProblem(tc.short, tc.text)
			if (got != "") != tc.bad {
				t.Errorf("shortProblem(%q, %q) = %q, want problem %v", tc.short, tc.text, got, tc.bad)
			}
		})
	}
}

// shortProblem says what is wrong with a short label, or "".
func shortProblem(short, text string) string {
	n := utf8.RuneCountInString(short)
	if n > maxShortRunes {
		return "is longer than 16 characters"
	}
	if rest, ok := strings.CutPrefix(text, short); ok && rest != "" && !strings.HasPrefix(rest, "是否") {
		return "is the question cut off mid-phrase"
	}
	last, _ := utf8.DecodeLastRuneInString(short)
	if strings.ContainsRune("的、，,（(：:；;和及或与", last) {
		return "ends mid-phrase"
	}
	for _, pair := range []string{"（）", "()", "“”", "《》"} {
		open, size := utf8.DecodeRuneInString(pair)
		closing, _ := utf8.DecodeRuneInString(pair[size:])
		if strings.Count(short, string(open)) != strings.Count(short, string(closing)) {
			return "has an unclosed " + string(open)
		}
	}
	if strings.Count(short, `"`)%2 != 0 {
		return `has an unclosed "`
	}
	return ""
}

// doubleNegative returns the negated question form text uses, or "".
func doubleNegative(text string) string {
	for _, neg := range []string{"是否未", "是否没有", "是否不", "是否无"} {
		if strings.Contains(text, neg) {
			return neg
		}
	}
	return ""
}
