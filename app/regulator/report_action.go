package regulator

// Report queue actions.
const (
	ActDispatch = "dispatch" // to a department, or the fallback one for 无主部件
	ActHandle   = "handle"   // the department takes it up
	ActResolve  = "resolve"  // fixed (办结), verified or not
	ActClose    = "close"    // closed; the reporter is asked to rate it
	ActReopen   = "reopen"   // the reporter is not satisfied (within 7 days)
	ActMerge    = "merge"    // a duplicate, merged into another report
	ActSettle   = "settle"   // ownership of a 无主部件 settled; the fix goes on
)

// ReportAction is one action on a citizen report, with what it needs.
type ReportAction struct {
	Action     string `json:"action" label:"操作" validate:"required,oneof=dispatch handle resolve close reopen merge settle"`
	Department string `json:"department" label:"承办部门" validate:"required_if=Action dispatch,max=32"`
	Ownerless  bool   `json:"ownerless"`
	Workdays   int    `json:"workdays" label:"办理时限" validate:"omitempty,min=1,max=60"`
	Verified   bool   `json:"verified"`
	Severity   string `json:"severity" label:"严重程度" validate:"omitempty,oneof=一般 较重 严重"`
	// EnterpriseID names the firm a verified report concerns.
	EnterpriseID int64  `json:"enterprise_id" label:"涉及企业" validate:"omitempty,min=1"`
	MergeInto    int64  `json:"merge_into" label:"合并到" validate:"required_if=Action merge,omitempty,min=1"`
	Owner        string `json:"owner" label:"权属单位" validate:"required_if=Action settle,max=200"`
	Note         string `json:"note" label:"说明" validate:"max=500"`
}
