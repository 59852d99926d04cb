package bot

import (
	"strings"

	"selfcheck/models"
)

// reportStatusNames are the statuses as citizens read them.
var reportStatusNames = map[string]string{
	models.ReportNew: "已受理", models.ReportDispatched: "已派单", models.ReportHandling: "处理中",
	models.ReportResolved: "已办结", models.ReportClosed: "已关闭",
}

// progress lists the user's latest reports with their status.
func (c *chat) progress() ([]Outbound, error) {
	rs, err := c.tx.ReportsByReporter(c.ctx, c.st.UserID, 5)
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return c.say("progress_none"), nil
	}
	lines := []string{c.b.texts.say("progress_header")}
	for _, r := range rs {
		status := reportStatusNames[r.Status]
		if status == "" {
			status = r.Status
		}
		lines = append(lines, c.b.texts.say("progress_line", "ticket", r.TicketNo, "category", r.Category,
			"status", status, "date", r.CreatedAt.In(c.b.cfg.Location).Format("01-02")))
	}
	return []Outbound{{Text: strings.Join(lines, "\n")}}, nil
}
