package bot

import (
	"strings"

	"selfcheck/models"
)

// preload is what a message's flow looks up first, known before the flow
// runs, so that a batch does not ask the database once per message: the
// sender's bound firms and latest reports. It answers the flow's first
// lookup of each only; later ones, which may follow the message's own
// writes, ask the database.
type preload struct {
	firms      []models.Enterprise
	reports    []models.CitizenReport
	hasFirms   bool
	hasReports bool
}

// firstLookups reports which lookups the flow that in starts makes before
// anything else: 我的信用, 绑定, 企业自查 and 整改 read the bound firms,
// 查询进度 the latest reports. A message that starts no such flow (an answer, a greeting, a
// scan) needs neither preloaded.
func firstLookups(in Inbound) (firms, reports bool) {
	var flow string
	switch in.Kind {
	case KindText:
		flow = keywords[strings.ToLower(strings.TrimSpace(in.Content))]
	case KindEvent:
		if in.Event == EventClick {
			flow = MenuKeys[in.Key]
		}
	}
	switch flow {
	case flowCredit, flowBind, flowCheck, flowRectify:
		return true, false
	case flowProgress:
		return false, true
	}
	return false, false
}

// newcomer is the preload of a sender whose row this transaction created:
// no firm is bound to it and it has made no report.
func newcomer(in Inbound) preload {
	firms, reports := firstLookups(in)
	return preload{hasFirms: firms, hasReports: reports}
}

// boundFirms returns the firms bound to the sender, oldest binding first.
func (c *chat) boundFirms() ([]models.Enterprise, error) {
	if c.pre.hasFirms {
		c.pre.hasFirms = false
		return c.pre.firms, nil
	}
	return c.tx.BoundEnterprises(c.ctx, c.st.UserID)
}

// latestReports returns the sender's latest reports, newest first.
func (c *chat) latestReports() ([]models.CitizenReport, error) {
	if c.pre.hasReports {
		c.pre.hasReports = false
		return c.pre.reports, nil
	}
	return c.tx.ReportsByReporter(c.ctx, c.st.UserID, progressLimit)
}
