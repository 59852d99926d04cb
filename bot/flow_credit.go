package bot

import (
	"encoding/json"
	"regexp"
	"strings"

	"selfcheck/models"
	"selfcheck/scoring"
)

// decisionNames explain the inspection decision of a stored score to the
// firm, for when no live explanation is available.
var decisionNames = map[string]string{
	string(scoring.ModeExempt):  "检查安排：无事不扰，免于常规现场检查（仍有少量随机抽查）。",
	string(scoring.ModeSampled): "检查安排：按比例随机抽查。",
	string(scoring.ModeAlways):  "检查安排：将安排现场检查。",
}

// explanation is the part of a stored score explanation the chat shows: the
// top reasons with their expiry and what would raise the grade, in Chinese.
type explanation struct {
	Reasons []string `json:"reasons"`
	Raise   []string `json:"raise"`
}

// credit shows the bound firm's grade, score, top reasons and how to raise
// it: scored live from the ledger when the app provides Explain, else from
// the latest stored score.
func (c *chat) credit() ([]Outbound, error) {
	e, err := c.boundFirm()
	if err != nil {
		return nil, err
	}
	if e == nil {
		return c.say("need_binding"), nil
	}
	if c.b.cfg.Explain != nil {
		r, err := c.b.cfg.Explain(c.ctx, e.ID)
		if err != nil {
			return nil, err
		}
		return c.creditText(e.Name, string(r.Grade), r.Shown.StringFixed(0), "检查安排："+r.Decision.Text, r.Reasons, r.Raise), nil
	}
	sc, err := c.tx.CurrentScore(c.ctx, e.ID)
	if models.ErrorCode(err) == models.ENOTFOUND {
		return c.say("credit_pending", "name", e.Name), nil
	} else if err != nil {
		return nil, err
	}
	raw, err := c.tx.LatestScoreExplanation(c.ctx, e.ID)
	if err != nil && models.ErrorCode(err) != models.ENOTFOUND {
		return nil, err
	}
	var ex explanation
	if raw != "" && json.Unmarshal([]byte(raw), &ex) != nil {
		c.b.Logger.Warn("unreadable score explanation", "enterprise", e.ID)
	}
	return c.creditText(e.Name, sc.Grade, sc.Shown.StringFixed(0), decisionNames[sc.Decision], ex.Reasons, ex.Raise), nil
}

// ruleCode matches a scoring rule code inside a text, as
// selfcheck_on_time or false_report.一般.B.
var ruleCode = regexp.MustCompile(`[a-z][a-z_]*[a-z](\.[\p{Han}A-Za-z_]+)*`)

// inWords replaces the scoring rule codes in s with their Chinese labels
// (labels.yaml, kind rule), trying shorter codes when a longer one has
// none: false_report.一般.X reads as the label of false_report.一般.
func (c *chat) inWords(s string) string {
	return ruleCode.ReplaceAllStringFunc(s, func(code string) string {
		for k := code; ; {
			if label, ok := c.b.labels.Lookup("rule", k); ok {
				return label
			}
			if label, ok := c.b.labels.Lookup("decision", k); ok {
				return label
			}
			i := strings.LastIndex(k, ".")
			if i < 0 {
				return code
			}
			k = k[:i]
		}
	})
}

// creditText renders the 我的信用 reply, every rule code in its Chinese
// label.
func (c *chat) creditText(name, grade, score, decision string, reasons, raise []string) []Outbound {
	reasons, raise = c.allInWords(reasons), c.allInWords(raise)
	parts := []string{c.b.texts.say("credit_header", "name", name, "grade", grade, "score", score, "decision", c.inWords(decision))}
	if len(reasons) > 0 {
		parts = append(parts, c.b.texts.say("credit_reasons", "list", numbered(reasons, 4)))
	}
	if len(raise) > 0 {
		parts = append(parts, c.b.texts.say("credit_raise", "list", numbered(raise, 3)))
	}
	return []Outbound{{Text: strings.Join(parts, "\n")}}
}

func (c *chat) allInWords(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = c.inWords(s)
	}
	return out
}

// numbered lists at most max items as "1. …" lines.
func numbered(items []string, max int) string {
	var b strings.Builder
	for i, s := range items {
		if i == max {
			break
		}
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(itoa(i+1) + ". " + s)
	}
	return b.String()
}
