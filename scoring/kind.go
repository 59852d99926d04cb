package scoring

// Kind names what an event records. Its value is stable: it is stored in the
// ledger and forms the first part of a rule id.
type Kind string

// The kinds of evidence the model knows.
const (
	KindSelfCheckOnTime     Kind = "selfcheck_on_time"     // self-check submitted on time
	KindSelfCheckLate       Kind = "selfcheck_late"        // self-check submitted late
	KindSelfCheckMissed     Kind = "selfcheck_missed"      // self-check not submitted
	KindFindingSelfReported Kind = "finding_self_reported" // hazard the firm reported itself
	KindRectifiedOnTime     Kind = "rectified_on_time"     // a finding rectified by its deadline
	KindRectifiedLate       Kind = "rectified_late"        // a finding rectified after its deadline
	KindNotRectified        Kind = "not_rectified"         // a finding left unrectified
	KindFindingOnsite       Kind = "finding_onsite"        // hazard found by an inspector on site
	KindCitizenReport       Kind = "citizen_report"        // citizen report verified as true
	KindPenalty             Kind = "penalty"               // administrative penalty
	KindFalseReport         Kind = "false_report"          // self-report contradicted on site
	KindCleanAudit          Kind = "clean_audit"           // on-site audit that found nothing
	KindCreditRepair        Kind = "credit_repair"         // manual credit repair
)

// Kinds returns every kind in a fixed order (the order of scoring.yaml).
func Kinds() []Kind {
	return []Kind{
		KindSelfCheckOnTime, KindSelfCheckLate, KindSelfCheckMissed,
		KindFindingSelfReported, KindRectifiedOnTime, KindRectifiedLate, KindNotRectified,
		KindFindingOnsite, KindCitizenReport, KindPenalty, KindFalseReport,
		KindCleanAudit, KindCreditRepair,
	}
}

// Valid reports whether k is one of the known kinds.
func (k Kind) Valid() bool {
	for _, x := range Kinds() {
		if x == k {
			return true
		}
	}
	return false
}

// HasSeverity reports whether events of kind k carry a severity, so that their
// parameters are given per severity.
func (k Kind) HasSeverity() bool {
	switch k {
	case KindFindingSelfReported, KindRectifiedOnTime, KindRectifiedLate, KindNotRectified,
		KindFindingOnsite, KindCitizenReport, KindPenalty, KindFalseReport:
		return true
	}
	return false
}

// Label returns the Chinese name of k shown to users.
func (k Kind) Label() string {
	switch k {
	case KindSelfCheckOnTime:
		return "按时提交自查"
	case KindSelfCheckLate:
		return "逾期提交自查"
	case KindSelfCheckMissed:
		return "未提交自查"
	case KindFindingSelfReported:
		return "自查自报隐患"
	case KindRectifiedOnTime:
		return "隐患按期整改"
	case KindRectifiedLate:
		return "隐患逾期整改"
	case KindNotRectified:
		return "隐患未整改"
	case KindFindingOnsite:
		return "现场检查发现隐患"
	case KindCitizenReport:
		return "市民举报经核实"
	case KindPenalty:
		return "行政处罚"
	case KindFalseReport:
		return "自查自报不实"
	case KindCleanAudit:
		return "现场抽查未发现问题"
	case KindCreditRepair:
		return "信用修复"
	}
	return string(k)
}

// describe returns the Chinese phrase for an event of kind k, severity s and
// topic (such as 消防), e.g. "现场检查发现严重隐患（消防）".
func describe(k Kind, s Severity, topic string) string {
	var text string
	switch k {
	case KindFindingSelfReported:
		text = "自查自报" + string(s) + "隐患"
	case KindRectifiedOnTime:
		text = string(s) + "隐患按期整改"
	case KindRectifiedLate:
		text = string(s) + "隐患逾期整改"
	case KindNotRectified:
		text = string(s) + "隐患逾期未整改"
	case KindFindingOnsite:
		text = "现场检查发现" + string(s) + "隐患"
	case KindCitizenReport:
		text = "市民举报经核实（" + string(s) + "问题）"
	case KindPenalty:
		text = string(s) + "违法行为受到行政处罚"
	case KindFalseReport:
		text = "自查自报不实（" + string(s) + "隐患）"
	default:
		text = k.Label()
	}
	if topic != "" {
		text += "（" + topic + "）"
	}
	return text
}
