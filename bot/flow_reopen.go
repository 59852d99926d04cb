package bot

import (
	"selfcheck/models"
)

// reopenWorkdays is the deadline of a report its reporter had reopened.
const reopenWorkdays = 5

// reopen puts the reporter's most recent report finished within the last 7
// days back into handling, when they are not satisfied with the result
// (不满意 / 重新处理). The department sees it in its queue as reopened.
func (c *chat) reopen() ([]Outbound, error) {
	if c.st.UserID == 0 {
		return c.say("reopen_none"), nil
	}
	r, err := c.tx.LatestFinishedReport(c.ctx, c.st.UserID, c.now.Add(-models.ReopenWindow))
	if models.ErrorCode(err) == models.ENOTFOUND {
		return c.say("reopen_none"), nil
	} else if err != nil {
		return nil, err
	}
	if err := models.CheckReopen(r, c.now); err != nil {
		return []Outbound{{Text: models.ErrorMessage(err)}}, nil
	}
	deadline := c.now.AddDate(0, 0, reopenWorkdays)
	if c.b.cfg.Calendar != nil {
		deadline = c.b.cfg.Calendar.AddWorkdays(c.now, reopenWorkdays)
	}
	if _, _, _, err := c.tx.MoveReport(c.ctx, r.ID, models.ReopenMove(c.now, deadline, "举报人", "")); err != nil {
		if models.ErrorCode(err) == models.ECONFLICT {
			return c.say("reopen_none"), nil
		}
		return nil, err
	}
	return c.say("reopen_done", "ticket", r.TicketNo, "deadline", deadline.In(c.b.cfg.Location).Format("2006-01-02")), nil
}
