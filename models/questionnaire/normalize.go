package questionnaire

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Fold turns what a phone keyboard produces into plain text: full-width
// letters, digits and punctuation to ASCII, the ideographic comma and
// space to ASCII, invalid UTF-8 dropped, surrounding space trimmed.
func Fold(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = width.Fold.String(s)
	s = strings.NewReplacer("、", ",", "，", ",", "。", ".", "；", ";", "：", ":", "\u3000", " ").Replace(s)
	return strings.TrimSpace(s)
}

// trimChat removes what people add around a short answer: spaces,
// punctuation, emoji modifiers and sentence particles.
func trimChat(s string) string {
	s = strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) || r == '~' || r == '\ufe0f'
	})
	for _, p := range []string{"啊", "呀", "吧", "呢", "哦", "喔", "嘛", "啦", "了"} {
		if rest, ok := strings.CutSuffix(s, p); ok && rest != "" {
			s = rest
		}
	}
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) })
}

var yesWords = map[string]bool{
	"是": true, "是的": true, "对": true, "对的": true, "有": true, "有的": true, "符合": true,
	"已": true, "已经": true, "已落实": true, "已做到": true, "做到": true, "做到了": true, "合格": true,
	"正常": true, "好": true, "可以": true, "嗯": true, "嗯嗯": true, "没错": true, "肯定": true,
	"y": true, "yes": true, "ok": true, "1": true, "√": true, "✓": true, "✔": true, "👍": true, "👌": true,
}

var noWords = map[string]bool{
	"否": true, "不": true, "不是": true, "不对": true, "没有": true, "没": true, "无": true, "未": true,
	"不符合": true, "没做到": true, "未做到": true, "不合格": true, "没有的": true, "不可以": true, "不行": true,
	"n": true, "no": true, "2": true, "×": true, "✗": true, "✘": true, "x": true, "👎": true,
}

// ParseYesNo reads a yes/no answer: 是/否, 有/没有, 对/不对, Y/N, yes/no, and
// 1/2 (prompts number 是 as 1 and 否 as 2).
func ParseYesNo(text string) (bool, error) {
	s := strings.ToLower(trimChat(Fold(text)))
	if yesWords[s] {
		return true, nil
	}
	if noWords[s] {
		return false, nil
	}
	// "是，已经整改" or "没有，都清理了": judge by the first clause.
	if head, _, ok := cutClause(s); ok {
		head = trimChat(head)
		if yesWords[head] {
			return true, nil
		}
		if noWords[head] {
			return false, nil
		}
	}
	return false, &InputError{Message: "请回复“是”或“否”（也可以回复 1 表示是，2 表示否）。"}
}

func cutClause(s string) (head, tail string, ok bool) {
	i := strings.IndexAny(s, ",.;:!? ")
	if i <= 0 {
		return "", "", false
	}
	return s[:i], s[i+1:], true
}

// ParseChoice reads one choice by its number in the prompt (1-based), its
// label or its name, and returns the choice name.
func ParseChoice(text string, choices []Choice) (string, error) {
	s := trimChat(Fold(text))
	if name, ok := matchChoice(s, choices); ok {
		return name, nil
	}
	return "", &InputError{Message: "请回复选项前的数字（1到" + itoa(len(choices)) + "之间），或直接回复选项文字。"}
}

func matchChoice(s string, choices []Choice) (string, bool) {
	if s == "" {
		return "", false
	}
	s = strings.TrimPrefix(strings.TrimSuffix(strings.TrimSuffix(s, "项"), "个"), "第")
	if n, err := strconv.Atoi(s); err == nil {
		if n >= 1 && n <= len(choices) {
			return choices[n-1].Name, true
		}
		return "", false
	}
	if n, ok := parseChineseInt(s); ok && n >= 1 && n <= int64(len(choices)) {
		return choices[n-1].Name, true
	}
	for _, c := range choices {
		if strings.EqualFold(s, c.Label) || strings.EqualFold(s, c.Name) {
			return c.Name, true
		}
	}
	// A unique label containing the text, e.g. "满意" is not unique among
	// 非常满意/满意/不满意, but "非常" is.
	found := ""
	if utf8.RuneCountInString(s) >= 2 {
		for _, c := range choices {
			if strings.Contains(c.Label, s) {
				if found != "" {
					return "", false
				}
				found = c.Name
			}
		}
	}
	return found, found != ""
}

// ParseMulti reads several choices separated by commas, 、, spaces or 和,
// such as "1,3", "1 3", "1、3" or "1，3". Names come back in choice order,
// without repeats; an exclusive choice cannot be combined.
func ParseMulti(text string, choices []Choice) ([]string, error) {
	s := Fold(text)
	if name, ok := matchChoice(trimChat(s), choices); ok {
		return []string{name}, nil
	}
	parts := strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ';' || r == '/' || r == '和' || r == '+' || unicode.IsSpace(r)
	})
	if len(parts) == 1 && isDigits(parts[0]) && len(parts[0]) > 1 && len(choices) < 10 {
		// "13" typed for 1 and 3.
		parts = strings.Split(parts[0], "")
	}
	picked := map[string]bool{}
	for _, p := range parts {
		p = trimChat(p)
		if p == "" {
			continue
		}
		name, ok := matchChoice(p, choices)
		if !ok {
			return nil, &InputError{Message: "没有找到选项“" + clip(p, 10) + "”。请回复选项前的数字，多个用逗号或空格隔开，例如：1,3"}
		}
		picked[name] = true
	}
	var out []string
	exclusive := ""
	for _, c := range choices {
		if picked[c.Name] {
			out = append(out, c.Name)
			if c.Exclusive {
				exclusive = c.Label
			}
		}
	}
	if len(out) == 0 {
		return nil, &InputError{Message: "请回复选项前的数字，可多选，用逗号或空格隔开，例如：1,3"}
	}
	if exclusive != "" && len(out) > 1 {
		return nil, &InputError{Message: "“" + exclusive + "”不能和其他选项同时选择，请重新选择。"}
	}
	return out, nil
}

// ParseText checks a free-text answer's length in characters (runes) and
// returns it trimmed. Over-long text is refused, never cut.
func ParseText(text string, minLen, maxLen int) (string, error) {
	s := strings.TrimSpace(strings.ToValidUTF8(text, ""))
	n := utf8.RuneCountInString(s)
	if maxLen > 0 && n > maxLen {
		return "", &InputError{Message: "内容太长：最多" + itoa(maxLen) + "个字，您发送了" + itoa(n) + "个字，请精简后重新发送。"}
	}
	if n == 0 {
		return "", &InputError{Message: "请输入文字内容。"}
	}
	if n < minLen {
		return "", &InputError{Message: "内容太短：请至少输入" + itoa(minLen) + "个字。"}
	}
	return s, nil
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

func itoa(n int) string { return strconv.Itoa(n) }
