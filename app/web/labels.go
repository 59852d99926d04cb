package web

import (
	"regexp"
	"strings"

	"selfcheck/models"
)

// label returns the Chinese word for code among codes of kind (see
// templates/labels.yaml), or code itself when it has none; "" stays "".
func (s *Server) label(kind, code string) string {
	if code == "" {
		return ""
	}
	if kind == "rule" {
		return s.ruleLabel(code)
	}
	return s.labels.Label(kind, code)
}

// ruleLabel names a scoring rule: rule codes grow by severity and grade
// (false_report.一般.B), so a code without a label of its own takes its
// parent's label with the rest appended in words.
func (s *Server) ruleLabel(code string) string {
	if l, ok := s.labels.Lookup("rule", code); ok || code == "" {
		return l
	}
	for i := len(code) - 1; i > 0; i-- {
		if code[i] != '.' {
			continue
		}
		if l, ok := s.labels.Lookup("rule", code[:i]); ok {
			rest := code[i+1:]
			for j := 0; j < len(rest); j++ {
				if rest[j] == '.' {
					rest = rest[:j] + "，" + rest[j+1:]
				}
			}
			if len(rest) == 1 && rest[0] >= 'A' && rest[0] <= 'D' {
				return l + "（填报时" + rest + "级）"
			}
			return l + "（" + rest + "）"
		}
	}
	return code
}

// reportCategories returns the labelled categories offered to citizens.
func (s *Server) reportCategories() []models.ReportCategory { return s.labels.ReportCategories() }

// explainRule matches the rule code the plain-text explanation puts in
// brackets after each line ("[selfcheck_on_time #12]", "[base]").
var explainRule = regexp.MustCompile(`\[([a-z_]+(?:\.[^\]\s#]+)*)( #\d+)?\]`)

// labelExplanation replaces the rule codes of a plain-text explanation with
// their labels, keeping the event numbers.
func (s *Server) labelExplanation(text string) string {
	return explainRule.ReplaceAllStringFunc(text, func(m string) string {
		sub := explainRule.FindStringSubmatch(m)
		return "［" + s.label("rule", sub[1]) + strings.ReplaceAll(sub[2], " #", "，事件#") + "］"
	})
}
