package bot

import (
	"encoding/json"
	"strings"

	"selfcheck/models"
)

// decisionNames explain the inspection decision of a grade to the firm.
var decisionNames = map[string]string{
	"exempt": "检查安排：无事不扰，免于常规现场检查（仍有少量随机抽查）。",
	"sample": "检查安排：按比例随机抽查。",
	"always": "检查安排：将安排现场检查。",
}

// explanation is the part of a stored score explanation the chat shows: the
// top reasons with their expiry and what would raise the grade, in Chinese.
// Keys are matched case-insensitively, so scoring's Result JSON fits.
type explanation struct {
	Reasons []string `json:"reasons"`
	Raise   []string `json:"raise"`
}

// credit shows the bound firm's grade, score, top reasons and how to raise
// it, from the latest score the scoring integration stored.
func (c *chat) credit() ([]Outbound, error) {
	e, err := c.boundFirm()
	if err != nil {
		return nil, err
	}
	if e == nil {
		return c.say("need_binding"), nil
	}
	sc, err := c.tx.CurrentScore(c.ctx, e.ID)
	if models.ErrorCode(err) == models.ENOTFOUND {
		return c.say("credit_pending", "name", e.Name), nil
	} else if err != nil {
		return nil, err
	}
	parts := []string{c.b.texts.say("credit_header", "name", e.Name, "grade", sc.Grade,
		"score", sc.Shown.StringFixed(0), "decision", decisionNames[sc.Decision])}
	raw, err := c.tx.LatestScoreExplanation(c.ctx, e.ID)
	if err != nil && models.ErrorCode(err) != models.ENOTFOUND {
		return nil, err
	}
	var ex explanation
	if raw != "" && json.Unmarshal([]byte(raw), &ex) != nil {
		c.b.Logger.Warn("unreadable score explanation", "enterprise", e.ID)
	}
	if len(ex.Reasons) > 0 {
		parts = append(parts, c.b.texts.say("credit_reasons", "list", numbered(ex.Reasons, 4)))
	}
	if len(ex.Raise) > 0 {
		parts = append(parts, c.b.texts.say("credit_raise", "list", numbered(ex.Raise, 3)))
	}
	return []Outbound{{Text: strings.Join(parts, "\n")}}, nil
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
