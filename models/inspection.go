package models

import "time"

// Inspection order statuses.
const (
	OrderOpen      = "open"      // waiting for a plan
	OrderPlanned   = "planned"   // every target visited or skipped for good
	OrderPartial   = "partial"   // some targets wait for a later plan
	OrderCancelled = "cancelled" // withdrawn by its department
)

// InspectionOrder is one department's order to inspect firms (一体指令 merges
// them): its checklist items, window and reason. Targets are in order_targets;
// TargetFilter keeps the filter they were resolved from, if any.
type InspectionOrder struct {
	ID           int64
	Department   string
	Reason       string // routine, random_audit, complaint, follow_up
	Items        string // JSON list of checklist item ids
	WindowFrom   time.Time
	WindowTo     time.Time
	Note         string
	Status       string
	TargetFilter string // JSON of the filter, "" for a list
	CreatedBy    string
	CreatedAt    time.Time
}

// OrderTarget is one firm an order targets, with what the plans made of it:
// State is TargetPending until a plan visits it (TargetVisit) or skips it for
// good (TargetSkipped); Cause is the last skip's cause, also when the target
// still waits (no capacity), and PlanID the plan that last took it up.
type OrderTarget struct {
	OrderID      int64  `gorm:"primaryKey;autoIncrement:false" json:"order_id"`
	EnterpriseID int64  `gorm:"primaryKey;autoIncrement:false" json:"enterprise_id"`
	State        string `json:"state"`
	Cause        string `json:"cause"`
	PlanID       *int64 `json:"plan_id"`
}

// States of an order's target.
const (
	TargetPending = ""        // waits for a plan
	TargetVisit   = "visit"   // planned into a visit
	TargetSkipped = "skipped" // not visited, for a cause that planning again would not change
)

// Plan is a stored inspection plan over a period, with its seed and its
// explanation in Chinese (one line per merge, skip and route).
type Plan struct {
	ID           int64
	FromOn       time.Time
	ToOn         time.Time
	Seed         int64
	Explanation  string
	AuditRoundID *int64
	CreatedBy    string
	CreatedAt    time.Time
}

// PlanRoute is one inspector team's day, with its random draw (双随机): the
// seed and the roster drawn from, so that the draw can be replayed.
type PlanRoute struct {
	ID         int64
	PlanID     int64
	RouteNo    int
	PlannedOn  time.Time
	GridCode   string
	Seed       int64
	Roster     string  // JSON list of inspector ids
	Inspectors string  // JSON list of inspector ids drawn
	KM         float64 `gorm:"column:km"`
}

// Visit statuses and outcomes.
const (
	VisitPlanned   = "planned"
	VisitDone      = "done"
	VisitCancelled = "cancelled"

	OutcomeClean      = "clean"
	OutcomeViolations = "violations"
)

// PlannedVisit is a visit row with the route that serves it.
type PlannedVisit struct {
	Visit
	RouteID *int64
}

// TableName keeps PlannedVisit in the visits table.
func (PlannedVisit) TableName() string { return "visits" }

// VisitOrder links a visit to an order it covers.
type VisitOrder struct {
	VisitID int64 `gorm:"primaryKey;autoIncrement:false"`
	OrderID int64 `gorm:"primaryKey;autoIncrement:false"`
}

// PlanSkip is an (order, firm) a plan did not visit, and why: exempt,
// cap, not_applicable, no_capacity, unknown_firm, outside_period. AssignmentID
// is the self-check that replaced an exempt firm's routine inspection.
type PlanSkip struct {
	ID           int64
	PlanID       int64
	OrderID      int64
	EnterpriseID int64
	Department   string
	Reason       string
	Cause        string
	AssignmentID *int64
	Note         string
}

// PlanAvoidedItem is an ordered checklist item a firm is not asked:
// not_applicable, or asked_once (a merged visit asks it, or AskedAs, once).
type PlanAvoidedItem struct {
	ID           int64
	PlanID       int64
	VisitID      *int64
	OrderID      int64
	EnterpriseID int64
	Department   string
	ItemID       string
	Cause        string
	AskedAs      string
}

// VisitResult is an inspector's result for one checklist item of a visit.
type VisitResult struct {
	ID         int64
	VisitID    int64
	ItemID     string
	Compliant  bool
	Severity   string
	PhotoID    *int64
	Note       string
	FindingID  *int64
	RecordedBy string
	RecordedAt time.Time
}

// FindingFollowup is the state of a finding's rectification loop kept apart
// from the finding row: listed supervision (挂牌督办) and the mandatory
// re-visit of a 严重 finding, the re-visit, and the overdue flags.
type FindingFollowup struct {
	FindingID       int64 `gorm:"primaryKey;autoIncrement:false"`
	EnterpriseID    int64
	Listed          bool
	RevisitRequired bool
	RevisitVisitID  *int64
	PhotoID         *int64
	OverdueAt       *time.Time
	NotRectifiedAt  *time.Time
	UpdatedAt       time.Time
}

// Steps of a finding's file (整改 → 复查 → 销号).
const (
	StepOpened          = "opened"
	StepListed          = "listed"
	StepFixReported     = "fix_reported"
	StepFixAccepted     = "fix_accepted"
	StepFixRejected     = "fix_rejected"
	StepRevisitPlanned  = "revisit_planned"
	StepRevisitFailed   = "revisit_failed"
	StepDeferralGranted = "deferral_granted"
	StepDeferralRefused = "deferral_refused"
	StepOverdue         = "overdue"
	StepNotRectified    = "not_rectified"
	StepClosed          = "closed"
)

// FindingStep is one entry of a finding's file.
type FindingStep struct {
	ID           int64
	FindingID    int64
	EnterpriseID int64
	Step         string
	Actor        string
	Note         string
	CreatedAt    time.Time
}
