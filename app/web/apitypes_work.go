package web

import (
	"encoding/json"

	"selfcheck/models"
)

// CampaignList is the list of self-check campaigns, newest first.
type CampaignList struct {
	Items []CampaignV1 `json:"items"`
	Next  string       `json:"next" description:"下一页游标；为空表示没有下一页"`
}

// CampaignV1 is a self-check campaign.
type CampaignV1 struct {
	ID           int64           `json:"id" example:"3"`
	Name         string          `json:"name" example:"消防安全专项自查"`
	Audience     Coded           `json:"audience" description:"对象（enterprise 企业、household 居民家庭、rental 出租屋业主、followup 举报人）"`
	Target       CampaignTarget  `json:"target" description:"推送对象的筛选条件"`
	DeadlineDays int             `json:"deadline_days" description:"填报期限（工作日）" example:"10"`
	Due          *Date           `json:"due" format:"date" description:"填报截止日期"`
	PushAt       *Instant        `json:"push_at" format:"date-time" description:"定时推送时间"`
	Status       Coded           `json:"status" description:"状态（draft、scheduled、pushing、pushed）"`
	CreatedBy    string          `json:"created_by" example:"zhang3"`
	CreatedAt    Instant         `json:"created_at" format:"date-time"`
	Progress     *CampaignCounts `json:"progress,omitempty" description:"进度（列表中不含）"`
	Themes       []string        `json:"themes,omitempty" description:"只问这些主题的检查项（列表中不含）"`
}

// CampaignTarget is whom a campaign is pushed to.
type CampaignTarget struct {
	Streets       []Coded  `json:"streets"`
	Industries    []string `json:"industries"`
	Grades        []string `json:"grades"`
	EnterpriseIDs []int64  `json:"enterprise_ids" description:"指定的企业编号"`
}

// CampaignCounts is a campaign's progress.
type CampaignCounts struct {
	Targets    int64            `json:"targets" description:"推送对象数"`
	ByStatus   map[string]int64 `json:"by_status" description:"按填报状态计数（pending、in_progress、submitted、accepted、returned、overdue）"`
	InProgress int64            `json:"in_progress"`
	Submitted  int64            `json:"submitted" description:"已提交（含已通过、已退回）"`
	Overdue    int64            `json:"overdue"`
	Notices    NoticeCounts     `json:"notices" description:"推送消息"`
}

// NoticeCounts counts a campaign's pushed messages.
type NoticeCounts struct {
	Pending int64 `json:"pending" description:"待发送"`
	Sent    int64 `json:"sent" description:"已送达"`
	Dead    int64 `json:"dead" description:"发送失败"`
}

func (s *Server) campaignV1(c *models.Campaign) CampaignV1 {
	t, _ := models.CampaignTargetOf(c)
	return CampaignV1{ID: c.ID, Name: c.Name, Audience: s.coded("audience", c.Audience),
		Target: CampaignTarget{Streets: convert(t.Streets, func(code string) Coded { return *s.streetOf(code) }), Industries: orEmpty(t.Industries),
			Grades: orEmpty(t.Grades), EnterpriseIDs: orEmpty(t.EnterpriseIDs)},
		DeadlineDays: c.DeadlineDays, Due: s.dayPtr(c.DueAt), PushAt: s.instantPtr(c.PushAt), Status: s.coded("campaign_status", c.Status),
		CreatedBy: c.CreatedBy, CreatedAt: s.instant(c.CreatedAt)}
}

func campaignCounts(p *models.CampaignProgress) *CampaignCounts {
	if p == nil {
		return nil
	}
	by := p.ByStatus
	if by == nil {
		by = map[string]int64{}
	}
	return &CampaignCounts{Targets: p.Targets, ByStatus: by, InProgress: p.InProgress, Submitted: p.Submitted, Overdue: p.Overdue,
		Notices: NoticeCounts{Pending: p.Notices.Pending, Sent: p.Notices.Sent, Dead: p.Notices.Dead}}
}

// ReportList is the citizen-report queue.
type ReportList struct {
	Items []ReportV1 `json:"items"`
	Next  string     `json:"next" description:"下一页游标；为空表示没有下一页"`
}

// ReportV1 is a citizen report. The reporter is never shown.
type ReportV1 struct {
	ID          int64    `json:"id" example:"3"`
	TicketNo    string   `json:"ticket_no" description:"受理编号" example:"JB20261201001"`
	Source      Coded    `json:"source"`
	Category    string   `json:"category" example:"消防安全"`
	Description string   `json:"description"`
	Address     string   `json:"address"`
	Enterprise  *FirmRef `json:"enterprise" description:"涉及的企业"`
	Street      *Coded   `json:"street"`
	Grid        *Coded   `json:"grid"`
	Department  string   `json:"department" description:"承办部门" example:"消防救援"`
	Ownerless   bool     `json:"ownerless" description:"无主部件：由兜底部门先行处置"`
	Verified    bool     `json:"verified" description:"经核实属实"`
	Status      Coded    `json:"status" description:"状态（new、dispatched、handling、resolved、closed）"`
	Deadline    *Date    `json:"deadline" format:"date" description:"办理时限"`
	MergedInto  *int64   `json:"merged_into" description:"合并到的举报编号"`
	Satisfied   *int     `json:"satisfaction" description:"回访满意度（1-5）"`
	ReporterID  *int64   `json:"reporter_id" description:"举报人的用户编号：只有管理员和承办部门可见（回访、联系举报人），其他调用者为 null"`
	FiledAt     Instant  `json:"filed_at" format:"date-time"`
	ResolvedAt  *Instant `json:"resolved_at" format:"date-time"`
	ClosedAt    *Instant `json:"closed_at" format:"date-time"`
}

// FirmRef names a firm.
type FirmRef struct {
	ID   int64  `json:"id" example:"42"`
	Name string `json:"name" example:"佛山市禅城区示例餐饮店"`
}

// ReportDetail is a report with its handling, history and likely duplicates.
type ReportDetail struct {
	Report     ReportV1        `json:"report"`
	Handling   *ReportHandling `json:"handling"`
	Events     []ReportStep    `json:"events" description:"状态变化记录"`
	Duplicates []ReportV1      `json:"duplicates" description:"疑似重复的举报"`
}

// ReportHandling is how a report is being handled.
type ReportHandling struct {
	DispatchedAt   *Instant `json:"dispatched_at" format:"date-time"`
	Severity       string   `json:"severity" example:"一般"`
	Reopened       int      `json:"reopened" description:"重办次数"`
	Owner          string   `json:"owner" description:"确定的权属单位"`
	OwnerSettledAt *Instant `json:"owner_settled_at" format:"date-time"`
}

// ReportStep is one status change of a report.
type ReportStep struct {
	From  *Coded  `json:"from"`
	To    Coded   `json:"to"`
	Actor string  `json:"actor"`
	Note  string  `json:"note"`
	At    Instant `json:"at" format:"date-time"`
}

func (s *Server) reportV1(r models.CitizenReport) ReportV1 {
	out := ReportV1{ID: r.ID, TicketNo: r.TicketNo, Source: s.coded("report_source", r.Source), Category: r.Category, Description: r.Description,
		Address: r.Address, Street: s.streetOf(r.StreetCode), Grid: s.gridOf(r.StreetCode, r.GridCode), Department: r.Department,
		Ownerless: r.Ownerless, Verified: r.Verified, Status: s.coded("report_status", r.Status), Deadline: s.dayPtr(r.DeadlineAt),
		MergedInto: r.MergedIntoID, Satisfied: r.Satisfaction, ReporterID: r.ReporterID, FiledAt: s.instant(r.CreatedAt), ResolvedAt: s.instantPtr(r.ResolvedAt),
		ClosedAt: s.instantPtr(r.ClosedAt)}
	if r.EnterpriseID != nil {
		out.Enterprise = &FirmRef{ID: *r.EnterpriseID, Name: r.EnterpriseName}
	}
	return out
}

func (s *Server) reportDetail(d *reportData) ReportDetail {
	out := ReportDetail{Report: s.reportV1(*d.Report), Duplicates: convert(d.Duplicates, s.reportV1)}
	if h := d.Handling; h != nil {
		out.Handling = &ReportHandling{DispatchedAt: s.instantPtr(h.DispatchedAt), Severity: h.Severity, Reopened: h.Reopened, Owner: h.Owner,
			OwnerSettledAt: s.instantPtr(h.OwnerSettledAt)}
	}
	out.Events = convert(d.Events, func(e models.ReportEvent) ReportStep {
		return ReportStep{From: s.codedPtr("report_status", e.FromStatus), To: s.coded("report_status", e.ToStatus), Actor: e.Actor, Note: e.Note,
			At: s.instant(e.CreatedAt)}
	})
	return out
}

// OrderList is the list of inspection orders, newest first.
type OrderList struct {
	Items []OrderV1 `json:"items"`
	Next  string    `json:"next" description:"下一页游标；为空表示没有下一页"`
}

// OrderV1 is an inspection order.
type OrderV1 struct {
	ID         int64        `json:"id" example:"8"`
	Department string       `json:"department" example:"消防救援"`
	Reason     Coded        `json:"reason" description:"原因（routine、random_audit、complaint、follow_up）"`
	Items      []string     `json:"items" description:"检查事项编号" example:"FS-01"`
	From       Date         `json:"from" format:"date" example:"2026-12-06"`
	To         Date         `json:"to" format:"date" example:"2026-12-20"`
	Note       string       `json:"note"`
	Status     Coded        `json:"status" description:"状态（open、partial、planned、cancelled）"`
	Filter     *OrderFilter `json:"filter" description:"按条件选定对象时的条件；按名单时为 null"`
	Targets    *int         `json:"targets,omitempty" description:"对象数"`
	Waiting    *int         `json:"waiting,omitempty" description:"尚未编排的对象数"`
	CreatedBy  string       `json:"created_by"`
	CreatedAt  Instant      `json:"created_at" format:"date-time"`
}

// OrderFilter is the filter that chose an order's targets.
type OrderFilter struct {
	Street   *Coded   `json:"street"`
	Grid     *Coded   `json:"grid"`
	Industry string   `json:"industry"`
	Grades   []string `json:"grades"`
}

func (s *Server) orderV1(o *models.InspectionOrder) OrderV1 {
	out := OrderV1{ID: o.ID, Department: o.Department, Reason: s.coded("order_reason", o.Reason), Items: []string{}, From: s.day(o.WindowFrom),
		To: s.day(o.WindowTo), Note: o.Note, Status: s.coded("order_status", o.Status), CreatedBy: o.CreatedBy, CreatedAt: s.instant(o.CreatedAt)}
	_ = json.Unmarshal([]byte(o.Items), &out.Items)
	out.Items = orEmpty(out.Items)
	if o.TargetFilter != "" {
		var f models.TargetFilter
		if json.Unmarshal([]byte(o.TargetFilter), &f) == nil {
			out.Filter = &OrderFilter{Street: s.streetOf(f.StreetCode), Grid: s.gridOf(f.StreetCode, f.GridCode), Industry: f.Industry, Grades: orEmpty(f.Grades)}
		}
	}
	return out
}
