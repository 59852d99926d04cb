package web

import (
	"strings"

	"selfcheck/app/regulator"
	"selfcheck/models"
)

// VisitList is the list of on-site visits.
type VisitList struct {
	Items []VisitV1 `json:"items"`
	Next  string    `json:"next" description:"下一页游标；为空表示没有下一页"`
}

// VisitV1 is an on-site visit covering one or more merged orders.
type VisitV1 struct {
	ID       int64    `json:"id" example:"5"`
	Firm     FirmRef  `json:"enterprise"`
	Street   *Coded   `json:"street"`
	Address  string   `json:"address"`
	On       Date     `json:"on" format:"date" description:"计划检查日期" example:"2026-12-08"`
	Status   Coded    `json:"status" description:"planned、done、cancelled"`
	Outcome  *Coded   `json:"outcome" description:"clean 未发现问题、violations 发现隐患"`
	Orders   []int64  `json:"orders" description:"合并的检查指令编号（一体指令）"`
	Items    []string `json:"items" description:"检查事项编号" example:"FS-01"`
	RouteSeq int      `json:"route_seq" description:"当天路线中的顺序"`
}

// VisitDetail is a visit with its checklist and results.
type VisitDetail struct {
	Visit VisitV1       `json:"visit"`
	Items []VisitItemV1 `json:"items"`
}

// VisitItemV1 is one checklist item of a visit with its result.
type VisitItemV1 struct {
	Item     string         `json:"item" example:"FS-01"`
	Text     string         `json:"text"`
	Severity string         `json:"severity" description:"该事项违规时的默认严重程度" example:"较重"`
	Result   *VisitResultV1 `json:"result" description:"结果；尚未录入为 null"`
}

// VisitResultV1 is the recorded result of one item.
type VisitResultV1 struct {
	Compliant  bool    `json:"compliant"`
	Severity   string  `json:"severity"`
	Note       string  `json:"note"`
	FindingID  *int64  `json:"finding_id" description:"违规时开出的隐患编号"`
	RecordedBy string  `json:"recorded_by"`
	RecordedAt Instant `json:"recorded_at" format:"date-time"`
}

// OnsiteResultV1 is what recording a visit's results did.
type OnsiteResultV1 struct {
	VisitID      int64          `json:"visit_id" example:"5"`
	Outcome      Coded          `json:"outcome"`
	Findings     []FindingBrief `json:"findings" description:"开出的隐患"`
	FalseReports []int64        `json:"false_reports" description:"与企业最近一次自查“合规”回答相矛盾的隐患编号（自查不实）"`
	Closed       []int64        `json:"closed" description:"本次复查关闭的隐患编号"`
}

func (s *Server) visitV1(v visitView) VisitV1 {
	return VisitV1{ID: v.ID, Firm: FirmRef{ID: v.Firm.ID, Name: v.Firm.Name}, Street: s.streetOf(v.Firm.StreetCode), Address: v.Firm.Address,
		On: s.day(v.PlannedOn), Status: s.coded("visit_status", v.Status), Outcome: s.codedPtr("visit_outcome", v.Outcome),
		Orders: orEmpty(v.Orders), Items: orEmpty(v.Items), RouteSeq: v.RouteSeq}
}

func (s *Server) visitDetail(d *onsiteData) VisitDetail {
	return VisitDetail{Visit: s.visitV1(d.Visit), Items: convert(d.Items, func(it onsiteItem) VisitItemV1 {
		out := VisitItemV1{Item: it.ID, Text: it.Text, Severity: it.Severity}
		if r := it.Result; r != nil {
			out.Result = &VisitResultV1{Compliant: r.Compliant, Severity: r.Severity, Note: r.Note, FindingID: r.FindingID, RecordedBy: r.RecordedBy,
				RecordedAt: s.instant(r.RecordedAt)}
		}
		return out
	})}
}

func (s *Server) findingBrief(x models.Finding) FindingBrief {
	return FindingBrief{ID: x.ID, Source: s.coded("finding_source", x.Source), Item: x.ItemID, Severity: x.Severity, Description: x.Description,
		Status: s.coded("finding_status", x.Status), Deadline: s.day(x.DeadlineAt), Deferred: x.Deferred, RectifiedAt: s.instantPtr(x.RectifiedAt)}
}

func (s *Server) onsiteResultV1(r *regulator.OnsiteResult) OnsiteResultV1 {
	return OnsiteResultV1{VisitID: r.VisitID, Outcome: s.coded("visit_outcome", r.Outcome), Findings: convert(r.Findings, s.findingBrief),
		FalseReports: orEmpty(r.FalseReports), Closed: orEmpty(r.Closed)}
}

// RectifyQueue is the rectification queue.
type RectifyQueue struct {
	Requests []RectifyRequest `json:"requests" description:"待复核的整改报告与延期申请"`
	Revisits []FindingV1      `json:"revisits" description:"须现场复查的隐患（严重、挂牌督办）"`
	Overdue  []FindingV1      `json:"overdue" description:"逾期未整改的隐患"`
}

// RectifyRequest is a pending rectification report or deferral request.
type RectifyRequest struct {
	ID          int64     `json:"id" description:"整改报告编号，用于 /api/v1/rectifications/{id}/…" example:"9"`
	Kind        Coded     `json:"kind" description:"fix 整改完成报告、deferral 延期申请"`
	Note        string    `json:"note"`
	Status      Coded     `json:"status"`
	Photos      int       `json:"photos" description:"附带的照片数（在监管后台查看）"`
	SubmittedAt Instant   `json:"submitted_at" format:"date-time"`
	Finding     FindingV1 `json:"finding"`
}

// FindingV1 is a finding with its firm and the department that re-visits.
type FindingV1 struct {
	FindingBrief
	Firm       FirmRef `json:"enterprise"`
	Street     *Coded  `json:"street"`
	Department string  `json:"department" description:"负责复查的部门"`
}

// OKResult acknowledges a decision.
type OKResult struct {
	OK bool `json:"ok" example:"true"`
}

func (s *Server) findingV1(f findingView) FindingV1 {
	return FindingV1{FindingBrief: s.findingBrief(f.Finding), Firm: FirmRef{ID: f.Firm.ID, Name: f.Firm.Name}, Street: s.streetOf(f.Firm.StreetCode),
		Department: f.Department}
}

func (s *Server) rectifyQueue(d *rectifyData) RectifyQueue {
	return RectifyQueue{Requests: convert(d.Requests, func(r requestView) RectifyRequest {
		return RectifyRequest{ID: r.ID, Kind: s.coded("rectification_kind", r.Kind), Note: r.Note, Status: s.coded("rectification_status", r.Status),
			Photos: len(r.PhotoIDs), SubmittedAt: s.instant(r.CreatedAt), Finding: s.findingV1(r.Finding)}
	}), Revisits: convert(d.Revisits, s.findingV1), Overdue: convert(d.Overdue, s.findingV1)}
}

// InspectorList is the inspector roster.
type InspectorList struct {
	Items []InspectorV1 `json:"items"`
	Next  string        `json:"next" description:"下一页游标；为空表示没有下一页"`
}

// InspectorV1 is one inspector of the roster (执法人员名录库).
type InspectorV1 struct {
	ID          int64    `json:"id" example:"4"`
	Name        string   `json:"name" example:"李四"`
	Department  string   `json:"department" example:"消防救援"`
	CertNo      string   `json:"cert_no" description:"执法证号"`
	CertExpires *Date    `json:"cert_expires_on" format:"date" description:"执法证有效期最后一天；不过期为 null"`
	Streets     []Coded  `json:"streets" description:"负责的镇街；空为全区"`
	AwayDays    []string `json:"away_days" description:"不在岗的日期或区间（YYYY-MM-DD 或 YYYY-MM-DD~YYYY-MM-DD）"`
	Active      bool     `json:"active"`
}

func (s *Server) inspectorV1(p models.Inspector) InspectorV1 {
	out := InspectorV1{ID: p.ID, Name: p.Name, Department: p.Department, CertNo: p.CertNo, CertExpires: s.dayPtr(p.CertExpiresOn),
		Streets: []Coded{}, AwayDays: []string{}, Active: p.Active}
	for _, st := range strings.Split(p.Streets, ",") {
		if st = strings.TrimSpace(st); st != "" {
			out.Streets = append(out.Streets, *s.streetOf(st))
		}
	}
	for _, d := range strings.Split(p.AwayDays, ",") {
		if d = strings.TrimSpace(d); d != "" {
			out.AwayDays = append(out.AwayDays, d)
		}
	}
	return out
}
