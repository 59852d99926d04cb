package bot

import (
	"errors"
	"time"

	"selfcheck/models"
	"selfcheck/models/questionnaire"
)

// submitCheck closes the self-check: answers replace the stored ones, a
// firm's non-compliant answers open findings with a rectification deadline,
// and a household's open a follow-up ticket for its community's grid
// worker. Re-scoring is left to the worker that picks up submitted
// assignments, so the reply does not wait for it.
func (c *chat) submitCheck(sess *questionnaire.Session) ([]Outbound, error) {
	cs := c.st.Check
	sub, err := sess.Submit()
	var inc *questionnaire.IncompleteError
	if errors.As(err, &inc) {
		return []Outbound{{Text: inc.Error()}}, nil
	} else if err != nil {
		return nil, err
	}
	bad := map[string]bool{}
	for _, f := range sub.Findings {
		bad[f.ItemID] = true
	}
	judged := map[string]bool{}
	for _, r := range sub.Compliant {
		judged[r.ItemID] = true
	}
	answers := make([]models.Answer, 0, len(sub.Answers))
	for _, a := range sub.Answers {
		var compliant *bool
		if bad[a.ItemID] || judged[a.ItemID] {
			ok := !bad[a.ItemID]
			compliant = &ok
		}
		row, err := answerRow(a, c.st.UserID, compliant, cs.Evidence[a.ItemID])
		if err != nil {
			return nil, err
		}
		answers = append(answers, row)
	}
	var findings []models.Finding
	if !cs.Household {
		deadline := c.deadline()
		for _, f := range sub.Findings {
			said := "自查回答：" + f.Answer
			if ev := cs.Evidence[f.ItemID]; ev != nil && ev.Note != "" {
				said += "；情况说明：" + ev.Note
			}
			findings = append(findings, models.Finding{
				EnterpriseID: cs.EnterpriseID, ItemID: f.ItemID, Severity: string(f.Severity),
				Description: clipRunes(f.Question+"（"+said+"）", 1000), DeadlineAt: deadline,
			})
		}
	}
	if err := c.tx.SubmitAssignment(c.ctx, cs.AssignmentID, answers, findings); err != nil {
		c.st.Check, c.st.Flow = remaining(cs), ""
		return c.fail(err)
	}
	advice := "感谢您的如实填报！"
	if !cs.Household && len(findings) > 0 {
		advice = "请回复“整改”查看整改期限并报告整改。主动整改可获信用加分。"
	}
	out := c.say("check_submitted", "assignment", itoa64(cs.AssignmentID),
		"time", c.now.In(c.b.cfg.Location).Format("2006-01-02 15:04"),
		"answers", itoa(len(sub.Answers)), "findings", itoa(len(sub.Findings)), "advice", advice)
	if cs.Household && len(sub.Findings) > 0 {
		ticket, err := c.hazardTicket(sub)
		if err != nil {
			return nil, err
		}
		out = append(out, c.say("check_hazard_ticket", "n", itoa(len(sub.Findings)), "ticket", ticket)...)
	}
	c.st.Check = remaining(cs)
	c.st.reset()
	// Other open tasks are named, so none is forgotten.
	tasks, err := c.tx.OpenTasks(c.ctx, cs.EnterpriseID, c.st.UserID, maxTasks)
	if err != nil {
		return nil, err
	}
	if len(tasks) > 0 {
		resume := "企业自查"
		if cs.Household {
			resume = "家庭自查"
		}
		out = append(out, c.say("check_more_tasks", "n", itoa(len(tasks)), "resume", resume)...)
	}
	return out, nil
}

// remaining is the check state left once cs's task is closed: the other
// tasks the user started, or nil.
func remaining(cs *checkState) *checkState {
	if len(cs.Paused) == 0 {
		return nil
	}
	return &checkState{Paused: cs.Paused}
}

// hazardTicket opens a follow-up ticket for the grid of the household's
// community, listing the hazards found.
func (c *chat) hazardTicket(sub questionnaire.Submission) (string, error) {
	u, err := c.tx.WechatUserByOpenID(c.ctx, c.in.OpenID)
	if err != nil {
		return "", err
	}
	desc := "家庭安全自查发现隐患："
	for i, f := range sub.Findings {
		if i > 0 {
			desc += "；"
		}
		said := f.Answer
		if ev := c.st.Check.Evidence[f.ItemID]; ev != nil && ev.Note != "" {
			said += "；情况说明：" + ev.Note
		}
		desc += f.Question + "（" + said + "）"
	}
	r := &models.CitizenReport{
		ReporterID: &u.ID, Source: "household_check", Category: "家庭安全隐患",
		Description: clipRunes(desc, 2000), StreetCode: u.StreetCode, GridCode: u.CommunityCode,
	}
	if err := c.tx.CreateReport(c.ctx, r, nil, c.b.cfg.Location); err != nil {
		return "", err
	}
	return r.TicketNo, nil
}

// deadline is the rectification deadline of a finding reported now.
func (c *chat) deadline() time.Time {
	if cal := c.b.cfg.Calendar; cal != nil {
		return cal.AddWorkdays(c.now, c.b.cfg.RectifyDays).UTC()
	}
	return c.now.AddDate(0, 0, c.b.cfg.RectifyDays*7/5).UTC()
}

// clipRunes cuts s to at most n characters.
func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
