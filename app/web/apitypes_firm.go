package web

import (
	"strings"

	"selfcheck/models"
	"selfcheck/scoring"
)

// MeResponse is the caller of GET /api/v1/me.
type MeResponse struct {
	User UserV1 `json:"user"`
}

// UserV1 is a dashboard or API user as the API shows it.
type UserV1 struct {
	Username string `json:"username" description:"登录名" example:"zhang3"`
	Name     string `json:"name" description:"姓名" example:"张三"`
	Role     Coded  `json:"role" description:"角色（admin、department、street、inspector）"`
	Scope    string `json:"scope" description:"范围：部门名称或镇街代码，管理员为空" example:"消防救援"`
}

// RankingList is one page of the credit ranking.
type RankingList struct {
	Items []RankingItem `json:"items"`
	Next  string        `json:"next" description:"下一页游标，作为 after 传回；为空表示没有下一页" example:"735.00_42"`
}

// RankingItem is one firm of the ranking.
type RankingItem struct {
	ID            int64   `json:"id" description:"企业编号，用于 /api/v1/enterprises/{id}" example:"42"`
	USCC          string  `json:"uscc" description:"统一社会信用代码" example:"91440604MA4UH2QX1B"`
	Name          string  `json:"name" example:"佛山市禅城区示例餐饮店"`
	Score         string  `json:"score" description:"展示分（0-1000，两位小数）" example:"735.00"`
	PreviousScore *string `json:"previous_score" description:"上一次不同的展示分" example:"720.00"`
	Grade         string  `json:"grade" enum:"A,B,C,D" description:"信用等级" example:"B"`
	Decision      Coded   `json:"decision" description:"检查决定（exempt 免于例行检查、sampled 随机抽查、always 必须检查）"`
	Street        *Coded  `json:"street" description:"镇街"`
	Grid          *Coded  `json:"grid" description:"网格"`
	Industry      string  `json:"industry" example:"餐饮"`
	ComputedAt    Instant `json:"computed_at" format:"date-time" description:"评分时间"`
}

func (s *Server) rankingV1(p *models.RankingPage) RankingList {
	return RankingList{Next: p.Next, Items: convert(p.Rows, func(r models.RankingRow) RankingItem {
		return RankingItem{ID: r.EnterpriseID, USCC: r.USCC, Name: r.Name, Score: points(r.Shown), PreviousScore: pointsPtr(r.PrevShown),
			Grade: r.Grade, Decision: s.coded("decision", r.Decision), Street: s.streetOf(r.StreetCode),
			Grid: s.gridOf(r.StreetCode, r.GridCode), Industry: r.Industry, ComputedAt: s.instant(r.ComputedAt)}
	})}
}

// ExplanationV1 is a score's full explanation: every line sums exactly to
// the raw score.
type ExplanationV1 struct {
	Raw       string            `json:"raw" description:"原始分（不设上下限）" example:"712.50"`
	Score     string            `json:"score" description:"展示分（0-1000）" example:"712.50"`
	Grade     string            `json:"grade" enum:"A,B,C,D" example:"B"`
	Decision  Coded             `json:"decision" description:"检查决定"`
	Text      string            `json:"text" description:"检查决定的说明"`
	Lines     []ExplanationLine `json:"lines" description:"构成原始分的每一项"`
	Reasons   []string          `json:"reasons" description:"向企业展示的主要原因"`
	Raise     []string          `json:"raise" description:"如何提高等级"`
	Overrides []string          `json:"overrides" description:"封顶等级的硬性规则"`
	Summary   string            `json:"summary" description:"完整的文字解释"`
}

// ExplanationLine is one line of an explanation.
type ExplanationLine struct {
	Type     string `json:"type" enum:"base,event,clamp,habit" example:"event"`
	Rule     Coded  `json:"rule" description:"计分规则"`
	Severity string `json:"severity" description:"严重程度（一般、较重、严重），无则为空" example:"一般"`
	Points   string `json:"points" description:"分值，两位小数" example:"-15.00"`
	Occurred *Date  `json:"occurred" format:"date" description:"发生日期" example:"2026-10-12"`
	Expires  *Date  `json:"expires" format:"date" description:"失效日期（信用修复）" example:"2027-10-12"`
	Text     string `json:"text" example:"自查自报一般隐患"`
}

func (s *Server) explanationV1(r scoring.Result) ExplanationV1 {
	x := ExplanationV1{Raw: points(r.Raw), Score: points(r.Shown), Grade: string(r.Grade), Decision: s.coded("decision", string(r.Decision.Mode)),
		Text: r.Decision.Text, Reasons: orEmpty(r.Reasons), Raise: orEmpty(r.Raise), Overrides: []string{}, Summary: r.Explain()}
	x.Lines = convert(r.Lines, func(l scoring.Line) ExplanationLine {
		el := ExplanationLine{Type: string(l.Type), Rule: s.coded("rule", l.Rule), Severity: string(l.Severity), Points: points(l.Points), Text: l.Text}
		if !l.Occurred.IsZero() {
			el.Occurred = s.dayPtr(&l.Occurred)
		}
		if !l.Expires.IsZero() {
			el.Expires = s.dayPtr(&l.Expires)
		}
		return el
	})
	for _, o := range r.Overrides {
		x.Overrides = append(x.Overrides, o.Text)
	}
	return x
}

// EnterpriseFileV1 is a firm's file: its score and explanation, score
// history, ledger, self-checks, findings, citizen reports and visits.
type EnterpriseFileV1 struct {
	Enterprise  FirmV1            `json:"enterprise"`
	Score       *ScoreV1          `json:"score" description:"当前评分；尚未评分时为 null"`
	Explanation ExplanationV1     `json:"explanation"`
	History     []ScorePoint      `json:"history" description:"展示分或等级每次变化的记录，最早的在前"`
	Ledger      []LedgerEntry     `json:"ledger" description:"信用事件台账"`
	Submissions []SubmissionBrief `json:"submissions"`
	Findings    []FindingBrief    `json:"findings"`
	Reports     []ReportBrief     `json:"reports" description:"涉及该企业的市民举报（不含举报人）"`
	Visits      []VisitBrief      `json:"visits"`
}

// FirmV1 is a firm's registration.
type FirmV1 struct {
	ID           int64    `json:"id" example:"42"`
	USCC         string   `json:"uscc" example:"91440604MA4UH2QX1B"`
	Name         string   `json:"name" example:"佛山市禅城区示例餐饮店"`
	Industry     string   `json:"industry" example:"餐饮"`
	IndustryCode string   `json:"industry_code" description:"GB/T 4754-2017 行业代码" example:"H6210"`
	Size         string   `json:"size" enum:",微型,小型,中型,大型" example:"小型"`
	Tags         []string `json:"tags" description:"适用的检查清单标签"`
	Street       *Coded   `json:"street"`
	Grid         *Coded   `json:"grid"`
	Address      string   `json:"address"`
	Status       string   `json:"status" example:"active"`
}

// ScoreV1 is a firm's current score.
type ScoreV1 struct {
	Score         string  `json:"score" example:"712.50"`
	Raw           string  `json:"raw" example:"712.50"`
	PreviousScore *string `json:"previous_score"`
	Grade         string  `json:"grade" enum:"A,B,C,D" example:"B"`
	Decision      Coded   `json:"decision"`
	NextExpiry    *Date   `json:"next_expiry" format:"date" description:"下一个信用事件失效的日期"`
	ComputedAt    Instant `json:"computed_at" format:"date-time"`
}

// ScorePoint is one change of a firm's shown score or grade.
type ScorePoint struct {
	Score      string  `json:"score" example:"712.50"`
	Grade      string  `json:"grade" enum:"A,B,C,D" example:"B"`
	Decision   Coded   `json:"decision"`
	ComputedAt Instant `json:"computed_at" format:"date-time"`
}

// LedgerEntry is one credit event of the ledger.
type LedgerEntry struct {
	Rule     Coded  `json:"rule" description:"计分规则"`
	Severity string `json:"severity" example:"一般"`
	Points   string `json:"points" example:"-15.00"`
	Occurred Date   `json:"occurred" format:"date" example:"2026-10-12"`
	Expires  Date   `json:"expires" format:"date" example:"2027-10-12"`
	Source   Coded  `json:"source" description:"来源（自查、现场检查、举报、处罚、人工）"`
	Note     string `json:"note"`
}

// SubmissionBrief is a self-check of the firm.
type SubmissionBrief struct {
	ID          int64    `json:"id" description:"自查填报编号，用于 /api/v1/submissions/{id}" example:"7"`
	Campaign    string   `json:"campaign" example:"消防安全专项自查"`
	Status      Coded    `json:"status"`
	Due         *Date    `json:"due" format:"date"`
	SubmittedAt *Instant `json:"submitted_at" format:"date-time"`
}

// FindingBrief is a hazard found or self-reported, with its rectification.
type FindingBrief struct {
	ID          int64    `json:"id" example:"12"`
	Source      Coded    `json:"source"`
	Item        string   `json:"item" description:"检查事项编号" example:"FS-01"`
	Severity    string   `json:"severity" enum:"一般,较重,严重" example:"一般"`
	Description string   `json:"description"`
	Status      Coded    `json:"status"`
	Deadline    Date     `json:"deadline" format:"date" description:"整改期限"`
	Deferred    bool     `json:"deferred" description:"已批准延期"`
	RectifiedAt *Instant `json:"rectified_at" format:"date-time"`
}

// ReportBrief is a citizen report about the firm, without its reporter.
type ReportBrief struct {
	ID       int64   `json:"id" example:"3"`
	TicketNo string  `json:"ticket_no" example:"JB20261201001"`
	Category string  `json:"category" example:"消防安全"`
	Status   Coded   `json:"status"`
	Verified bool    `json:"verified" description:"经核实属实"`
	FiledAt  Instant `json:"filed_at" format:"date-time"`
}

// VisitBrief is an on-site visit of the firm.
type VisitBrief struct {
	ID          int64    `json:"id" example:"5"`
	On          Date     `json:"on" format:"date" description:"计划检查日期"`
	Status      Coded    `json:"status"`
	Outcome     *Coded   `json:"outcome" description:"检查结果（clean 未发现问题、violations 发现隐患）"`
	Departments []string `json:"departments" description:"合并检查的部门"`
}

func (s *Server) enterpriseFileV1(f *models.EnterpriseFile, r scoring.Result) EnterpriseFileV1 {
	e := f.Enterprise
	out := EnterpriseFileV1{
		Enterprise: FirmV1{ID: e.ID, USCC: e.USCC, Name: e.Name, Industry: e.Industry, IndustryCode: e.IndustryCode, Size: e.Size,
			Tags: orEmpty(e.TagList()), Street: s.streetOf(e.StreetCode), Grid: s.gridOf(e.StreetCode, e.GridCode), Address: e.Address, Status: e.Status},
		Explanation: s.explanationV1(r),
	}
	if sc := f.Score; sc != nil {
		out.Score = &ScoreV1{Score: points(sc.Shown), Raw: points(sc.Raw), PreviousScore: pointsPtr(sc.PrevShown), Grade: sc.Grade,
			Decision: s.coded("decision", sc.Decision), NextExpiry: s.dayPtr(sc.NextExpiryAt), ComputedAt: s.instant(sc.ComputedAt)}
	}
	out.History = convert(f.History, func(h models.ScoreSnapshot) ScorePoint {
		return ScorePoint{Score: points(h.Shown), Grade: h.Grade, Decision: s.coded("decision", h.Decision), ComputedAt: s.instant(h.ComputedAt)}
	})
	out.Ledger = convert(f.Ledger, func(c models.CreditEvent) LedgerEntry {
		return LedgerEntry{Rule: s.coded("rule", ruleKey(c)), Severity: c.Severity, Points: points(c.Points), Occurred: s.day(c.OccurredAt),
			Expires: s.day(c.ExpiresAt), Source: s.coded("ledger_source", c.SourceType), Note: c.Note}
	})
	out.Submissions = convert(f.Submissions, func(a models.Submission) SubmissionBrief {
		return SubmissionBrief{ID: a.ID, Campaign: a.CampaignName, Status: s.coded("assignment_status", a.Status), Due: s.dayPtr(a.DueAt),
			SubmittedAt: s.instantPtr(a.SubmittedAt)}
	})
	out.Findings = convert(f.Findings, func(x models.FindingRecord) FindingBrief {
		return FindingBrief{ID: x.ID, Source: s.coded("finding_source", x.Source), Item: x.ItemID, Severity: x.Severity, Description: x.Description,
			Status: s.coded("finding_status", x.Status), Deadline: s.day(x.DeadlineAt), Deferred: x.Deferred, RectifiedAt: s.instantPtr(x.RectifiedAt)}
	})
	out.Reports = convert(f.Reports, func(x models.ReportRecord) ReportBrief {
		return ReportBrief{ID: x.ID, TicketNo: x.TicketNo, Category: x.Category, Status: s.coded("report_status", x.Status), Verified: x.Verified,
			FiledAt: s.instant(x.CreatedAt)}
	})
	out.Visits = convert(f.Visits, func(v models.VisitRecord) VisitBrief {
		return VisitBrief{ID: v.ID, On: s.day(v.PlannedOn), Status: s.coded("visit_status", v.Status), Outcome: s.codedPtr("visit_outcome", v.Outcome),
			Departments: orEmpty(v.Departments)}
	})
	return out
}

// ruleKey is the labels key of a ledger event's rule: the rule, or the
// kind with its severity.
func ruleKey(c models.CreditEvent) string {
	if c.Rule != "" {
		return c.Rule
	}
	return strings.TrimSuffix(c.Kind+"."+c.Severity, ".")
}
