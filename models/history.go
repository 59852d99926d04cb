package models

import "time"

// Campaign is a push of one questionnaire version to a set of firms or
// registered citizens (自查任务).
type Campaign struct {
	ID           int64
	Name         string
	VersionID    int64
	Audience     string // enterprise, household, rental, followup
	Filter       string // JSON of the targeting filter
	DeadlineDays int
	DueAt        *time.Time
	PushAt       *time.Time
	Status       string // draft, scheduled, pushed, closed
	CreatedBy    string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Assignment statuses.
const (
	AssignmentPending    = "pending"
	AssignmentInProgress = "in_progress"
	AssignmentSubmitted  = "submitted"
	AssignmentAccepted   = "accepted"
	AssignmentReturned   = "returned"
	AssignmentOverdue    = "overdue"
)

// Assignment is one firm's (or one citizen's) copy of a campaign, pinned to
// the questionnaire version it started with.
type Assignment struct {
	ID           int64
	CampaignID   int64
	VersionID    int64
	EnterpriseID *int64
	WechatUserID *int64
	Status       string
	DueAt        *time.Time
	StartedAt    *time.Time
	SubmittedAt  *time.Time
	ReviewedAt   *time.Time
	ReviewedBy   string
	ReviewNote   string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Answer is one answered item of an assignment; Value is the typed answer as
// JSON. Answers are saved as they come, one row per item.
type Answer struct {
	ID           int64
	AssignmentID int64
	ItemID       string
	Value        string
	PhotoID      *int64
	Compliant    *bool
	AnsweredBy   *int64
	AnsweredAt   time.Time
}

// Finding sources and statuses.
const (
	FindingSelfReported = "self_report"
	FindingOnSite       = "on_site"

	FindingOpen      = "open"      // rectification due
	FindingRectified = "rectified" // the firm reported the fix, awaiting 复查
	FindingClosed    = "closed"    // verified and closed (销号)
)

// Finding is a non-compliance, self-reported or found on site, with its
// rectification deadline.
type Finding struct {
	ID           int64
	EnterpriseID int64
	Source       string
	AssignmentID *int64
	VisitID      *int64
	ItemID       string
	Severity     string
	Description  string
	Status       string
	DeadlineAt   time.Time
	Deferred     bool
	RectifiedAt  *time.Time
	ClosedAt     *time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Citizen report statuses.
const (
	ReportNew        = "new"
	ReportDispatched = "dispatched"
	ReportHandling   = "handling"
	ReportResolved   = "resolved"
	ReportClosed     = "closed"
)

// CitizenReport is a ticket filed by a citizen (市民举报), or opened from a
// hazard found in a household self-check.
type CitizenReport struct {
	ID             int64
	TicketNo       string
	ReporterID     *int64
	Source         string // chat, household_check
	Category       string
	Description    string
	Address        string
	Lat, Lon       *float64
	EnterpriseID   *int64
	EnterpriseName string
	StreetCode     string
	GridCode       string
	Department     string
	Ownerless      bool // 无主部件: fixed first by the fallback department
	Verified       bool
	Status         string
	DeadlineAt     *time.Time
	MergedIntoID   *int64
	Satisfaction   *int
	Feedback       string
	CreatedAt      time.Time
	UpdatedAt      time.Time
	ResolvedAt     *time.Time
	ClosedAt       *time.Time
}

// ReportEvent is one status change of a citizen report.
type ReportEvent struct {
	ID         int64
	ReportID   int64
	FromStatus string
	ToStatus   string
	Actor      string
	Note       string
	CreatedAt  time.Time
}

// Visit is one on-site inspection of a firm, covering one or more merged
// inspection orders (一体指令).
type Visit struct {
	ID           int64
	PlanID       *int64
	EnterpriseID int64
	PlannedOn    time.Time
	Status       string // planned, done, cancelled
	Inspectors   string // JSON list of inspector ids
	Items        string // JSON list of checklist item ids
	RouteSeq     int
	Outcome      string // clean, violations
	CreatedAt    time.Time
	CompletedAt  *time.Time
}
