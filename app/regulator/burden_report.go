package regulator

// BurdenFigure is one 减负 figure with the ids of the records behind it, so
// that each number links to its records. Figures are counted from stored
// records, never estimated.
type BurdenFigure struct {
	Value int `json:"value"`
	// VisitIDs are visits (visits table); SkipIDs are plan_skips rows;
	// ItemIDs are plan_avoided_items rows; AssignmentIDs are self-checks.
	VisitIDs      []int64 `json:"visit_ids,omitempty"`
	SkipIDs       []int64 `json:"skip_ids,omitempty"`
	ItemIDs       []int64 `json:"item_ids,omitempty"`
	AssignmentIDs []int64 `json:"assignment_ids,omitempty"`
}

// BurdenRow is the 减负 figures of one department, one street or the total.
type BurdenRow struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	// UnmergedVisits: one visit per (order, firm), as departments visiting
	// separately would have needed.
	UnmergedVisits BurdenFigure `json:"unmerged_visits"`
	// PlannedVisits: the visits planned. A merged visit counts once in the
	// total and once in each department whose order it covers.
	PlannedVisits BurdenFigure `json:"planned_visits"`
	// ReplacedBySelfChecks: routine orders dropped because the firm was
	// exempt and had submitted its self-check (以自查代替检查).
	ReplacedBySelfChecks BurdenFigure `json:"replaced_by_self_checks"`
	// ExemptWithoutSelfCheck: routine orders dropped for exempt firms that
	// had not submitted a self-check.
	ExemptWithoutSelfCheck BurdenFigure `json:"exempt_without_self_check"`
	// CappedOrders: orders dropped by the yearly cap of visits.
	CappedOrders BurdenFigure `json:"capped_orders"`
	// Unscheduled: orders that found no inspectors in their window.
	Unscheduled BurdenFigure `json:"unscheduled"`
	// QuestionsNotApplicable and QuestionsAskedOnce are the questions avoided.
	QuestionsNotApplicable BurdenFigure `json:"questions_not_applicable"`
	QuestionsAskedOnce     BurdenFigure `json:"questions_asked_once"`
}

// Figures lists a row's figures with their Chinese names, in column order.
func (r BurdenRow) Figures() []NamedFigure {
	return []NamedFigure{
		{"分别检查需上门次数", r.UnmergedVisits}, {"合并后实际上门次数", r.PlannedVisits},
		{"以自查代替检查", r.ReplacedBySelfChecks}, {"无事不扰（未自查）", r.ExemptWithoutSelfCheck},
		{"年度检查上限免检", r.CappedOrders}, {"未能排期", r.Unscheduled},
		{"不适用而免问的事项", r.QuestionsNotApplicable}, {"合并后只问一次的事项", r.QuestionsAskedOnce},
	}
}

// NamedFigure is a figure with its name.
type NamedFigure struct {
	Name string
	BurdenFigure
}

// BurdenReport is the 减负 report of a period, by department and by street.
type BurdenReport struct {
	From         string      `json:"from"`
	To           string      `json:"to"`
	PlanIDs      []int64     `json:"plan_ids"`
	Total        BurdenRow   `json:"total"`
	ByDepartment []BurdenRow `json:"by_department"`
	ByStreet     []BurdenRow `json:"by_street"`
}
