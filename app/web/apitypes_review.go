package web

import (
	"selfcheck/models"
)

// DistributionV1 counts firms per grade and street or industry.
type DistributionV1 struct {
	By    string             `json:"by" enum:"street,industry" example:"street"`
	Items []DistributionItem `json:"items"`
}

// DistributionItem is the count of one grade in one street or industry.
type DistributionItem struct {
	Key   Coded  `json:"key" description:"镇街（by=street）或行业（by=industry）"`
	Grade string `json:"grade" enum:"A,B,C,D" example:"B"`
	Count int64  `json:"count" example:"120"`
}

func (s *Server) distributionV1(by string, rows []models.GradeCount) DistributionV1 {
	return DistributionV1{By: by, Items: convert(rows, func(g models.GradeCount) DistributionItem {
		key := Coded{Code: g.Key, Name: g.Key}
		if by == "street" {
			if st := s.streetOf(g.Key); st != nil {
				key = *st
			}
		}
		return DistributionItem{Key: key, Grade: g.Grade, Count: g.Count}
	})}
}

// LedgerEventCreated is a manual credit event with the score it produced.
type LedgerEventCreated struct {
	Event LedgerEntry `json:"event"`
	Score *ScoreV1    `json:"score"`
}

func (s *Server) ledgerEventCreated(ev *models.CreditEvent, sc *models.EnterpriseScore) LedgerEventCreated {
	out := LedgerEventCreated{Event: LedgerEntry{Rule: s.coded("rule", ruleKey(*ev)), Severity: ev.Severity, Points: points(ev.Points),
		Occurred: s.day(ev.OccurredAt), Expires: s.day(ev.ExpiresAt), Source: s.coded("ledger_source", ev.SourceType), Note: ev.Note}}
	if sc != nil {
		out.Score = &ScoreV1{Score: points(sc.Shown), Raw: points(sc.Raw), PreviousScore: pointsPtr(sc.PrevShown), Grade: sc.Grade,
			Decision: s.coded("decision", sc.Decision), NextExpiry: s.dayPtr(sc.NextExpiryAt), ComputedAt: s.instant(sc.ComputedAt)}
	}
	return out
}

// BindCodeV1 is a one-time binding code, shown only once.
type BindCodeV1 struct {
	Code      string  `json:"code" description:"一次性绑定码" example:"483920"`
	ExpiresAt Instant `json:"expires_at" format:"date-time"`
	QRPNG     string  `json:"qr_png_base64,omitempty" description:"带参数二维码（PNG，base64）；无法生成时不含"`
}

// PushResult counts the targets a campaign was pushed to.
type PushResult struct {
	Targets int `json:"targets" description:"推送对象数" example:"31"`
}

// RemindResult counts the reminders sent.
type RemindResult struct {
	Reminded int `json:"reminded" description:"已提醒的逾期对象数" example:"4"`
}

// ReportStats are each department's report figures.
type ReportStats struct {
	Departments []models.DepartmentStat `json:"departments"`
}

// SubmissionList is the review queue.
type SubmissionList struct {
	Items []SubmissionRow `json:"items"`
	Next  string          `json:"next" description:"下一页游标；为空表示没有下一页"`
}

// SubmissionRow is one submission in the review queue.
type SubmissionRow struct {
	ID          int64    `json:"id" example:"7"`
	Campaign    IDName   `json:"campaign"`
	Enterprise  *FirmRef `json:"enterprise" description:"企业；居民自查为 null"`
	Name        string   `json:"name" description:"填报对象名称"`
	Street      *Coded   `json:"street"`
	Status      Coded    `json:"status"`
	SubmittedAt *Instant `json:"submitted_at" format:"date-time"`
	Due         *Date    `json:"due" format:"date"`
	Findings    int64    `json:"findings" description:"自报隐患数"`
}

// IDName is a record's id with its name.
type IDName struct {
	ID   int64  `json:"id" example:"3"`
	Name string `json:"name" example:"消防安全专项自查"`
}

// SubmissionDetail is a submission with its answers and self-reported
// findings.
type SubmissionDetail struct {
	ID          int64          `json:"id" example:"7"`
	Campaign    IDName         `json:"campaign"`
	Enterprise  *FirmRef       `json:"enterprise" description:"企业；居民自查为 null"`
	Status      Coded          `json:"status"`
	Due         *Date          `json:"due" format:"date"`
	SubmittedAt *Instant       `json:"submitted_at" format:"date-time"`
	ReviewedAt  *Instant       `json:"reviewed_at" format:"date-time"`
	ReviewedBy  string         `json:"reviewed_by"`
	ReviewNote  string         `json:"review_note" description:"退回理由"`
	Answers     []AnswerV1     `json:"answers"`
	Findings    []FindingBrief `json:"findings"`
}

// AnswerV1 is one answer of a submission.
type AnswerV1 struct {
	Item      string  `json:"item" example:"FS-01"`
	Text      string  `json:"text" description:"检查事项"`
	Value     string  `json:"value" description:"回答"`
	Compliant *bool   `json:"compliant" description:"是否合规；非是非题为 null"`
	HasPhoto  bool    `json:"has_photo" description:"附有照片（在监管后台查看）"`
	At        Instant `json:"answered_at" format:"date-time"`
}

func (s *Server) submissionRow(r models.ReviewRow) SubmissionRow {
	out := SubmissionRow{ID: r.AssignmentID, Campaign: IDName{ID: r.CampaignID, Name: r.CampaignName}, Name: r.Name, Street: s.streetOf(r.StreetCode),
		Status: s.coded("assignment_status", r.Status), SubmittedAt: s.instantPtr(r.SubmittedAt), Due: s.dayPtr(r.DueAt), Findings: r.Findings}
	if r.EnterpriseID != nil {
		out.Enterprise = &FirmRef{ID: *r.EnterpriseID, Name: r.Name}
	}
	return out
}

func (s *Server) submissionDetail(d *reviewData) SubmissionDetail {
	a := d.Sub.Assignment
	out := SubmissionDetail{ID: a.ID, Campaign: IDName{ID: d.Sub.Campaign.ID, Name: d.Sub.Campaign.Name}, Status: s.coded("assignment_status", a.Status),
		Due: s.dayPtr(a.DueAt), SubmittedAt: s.instantPtr(a.SubmittedAt), ReviewedAt: s.instantPtr(a.ReviewedAt), ReviewedBy: a.ReviewedBy,
		ReviewNote: a.ReviewNote}
	if d.Firm != nil {
		out.Enterprise = &FirmRef{ID: d.Firm.ID, Name: d.Firm.Name}
	} else if a.EnterpriseID != nil {
		out.Enterprise = &FirmRef{ID: *a.EnterpriseID}
	}
	out.Answers = convert(d.Sub.Answers, func(x models.Answer) AnswerV1 {
		return AnswerV1{Item: x.ItemID, Text: s.items[x.ItemID].text, Value: x.Value, Compliant: x.Compliant, HasPhoto: x.PhotoID != nil,
			At: s.instant(x.AnsweredAt)}
	})
	out.Findings = convert(d.Sub.Findings, func(x models.Finding) FindingBrief {
		return FindingBrief{ID: x.ID, Source: s.coded("finding_source", x.Source), Item: x.ItemID, Severity: x.Severity, Description: x.Description,
			Status: s.coded("finding_status", x.Status), Deadline: s.day(x.DeadlineAt), Deferred: x.Deferred, RectifiedAt: s.instantPtr(x.RectifiedAt)}
	})
	return out
}
