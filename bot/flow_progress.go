package bot

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"selfcheck/models"
)

// progressLimit is how many of the latest reports 查询进度 lists.
const progressLimit = 5

// reportStatus names a report's status as citizens read it.
func (c *chat) reportStatus(code string) string {
	return c.b.labels.Label("report_status", code)
}

// progress lists the user's latest reports with their status and waits for
// the number (or ticket) of one to show its detail.
func (c *chat) progress() ([]Outbound, error) {
	rs, err := c.latestReports()
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return c.say("progress_none"), nil
	}
	lines := []string{c.b.texts.say("progress_header")}
	tickets := make([]string, 0, len(rs))
	for i, r := range rs {
		lines = append(lines, itoa(i+1)+". "+c.b.texts.say("progress_line", "ticket", r.TicketNo, "category", r.Category,
			"status", c.reportStatus(r.Status), "date", r.CreatedAt.In(c.b.cfg.Location).Format("01-02")))
		tickets = append(tickets, r.TicketNo)
	}
	lines = append(lines, c.b.texts.say("progress_pick"))
	c.st.Flow, c.st.Step, c.st.Tickets = flowProgress, "pick", tickets
	return []Outbound{{Text: strings.Join(lines, "\n")}}, nil
}

// ticketPattern matches a ticket number as typed, e.g. JB20261127-0001.
var ticketPattern = regexp.MustCompile(`^[A-Za-z]{2}\d{8}-\d{4,6}$`)

// ticket shows the user's own report whose ticket number was typed outside
// any flow; ok is false when text is no such ticket.
func (c *chat) ticket(text string) (out []Outbound, ok bool, err error) {
	if !ticketPattern.MatchString(text) || c.st.UserID == 0 {
		return nil, false, nil
	}
	rs, err := c.latestReports()
	if err != nil {
		return nil, true, err
	}
	for _, r := range rs {
		if strings.EqualFold(r.TicketNo, text) {
			// List the reports first, as 查询进度 does, so the ticket is
			// answered like its number in that list.
			if _, err := c.progress(); err != nil {
				return nil, true, err
			}
			out, err = c.stepProgress()
			return out, true, err
		}
	}
	return nil, false, nil
}

// stepProgress shows the report whose number in the list (or ticket) the
// user replied. Any other message leaves the list and is handled as if no
// flow were in progress.
func (c *chat) stepProgress() ([]Outbound, error) {
	text, _ := c.text()
	ticket := ""
	if n, ok := number(text, len(c.st.Tickets)); ok {
		ticket = c.st.Tickets[n-1]
	} else {
		for _, t := range c.st.Tickets {
			if strings.EqualFold(t, text) {
				ticket = t
			}
		}
	}
	if ticket == "" {
		c.st.reset()
		return c.dispatch()
	}
	r, err := c.tx.ReportByTicket(c.ctx, ticket)
	if err != nil {
		return c.fail(err)
	}
	if r.ReporterID == nil || *r.ReporterID != c.st.UserID {
		c.st.reset()
		return c.say("progress_none"), nil
	}
	events, err := c.tx.ReportEvents(c.ctx, r.ID)
	if err != nil {
		return nil, err
	}
	return []Outbound{{Text: c.reportDetail(r, events)}}, nil
}

// reportDetail renders one report for its reporter: what was reported,
// where, its status, its deadline and each status change with its note.
func (c *chat) reportDetail(r *models.CitizenReport, events []models.ReportEvent) string {
	loc := c.b.cfg.Location
	lines := []string{
		c.b.texts.say("progress_detail", "ticket", r.TicketNo, "category", r.Category,
			"status", c.reportStatus(r.Status), "date", r.CreatedAt.In(loc).Format("2006-01-02 15:04")),
		"问题描述：" + clipRunes(r.Description, 200),
	}
	if r.Address != "" {
		lines = append(lines, "位置："+r.Address)
	}
	if r.DeadlineAt != nil && r.ResolvedAt == nil && r.ClosedAt == nil {
		lines = append(lines, "办理期限："+c.lastDay(*r.DeadlineAt)+"前")
	}
	if len(events) > 0 {
		lines = append(lines, "办理经过：")
		// The latest changes matter most; older ones are cut first.
		if len(events) > 8 {
			events = events[len(events)-8:]
		}
		for _, e := range events {
			line := e.CreatedAt.In(loc).Format("01-02 15:04") + " " + c.reportStatus(e.ToStatus)
			if note := strings.TrimSpace(e.Note); note != "" && utf8.ValidString(note) {
				line += "：" + clipRunes(note, 100)
			}
			lines = append(lines, line)
		}
	}
	lines = append(lines, c.b.texts.say("progress_detail_more"))
	return strings.Join(lines, "\n")
}
