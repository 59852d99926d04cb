package scoringconf

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"

	"github.com/shopspring/decimal"
)

// number is a YAML scalar read as an exact decimal from its source text.
type number struct{ d decimal.Decimal }

// UnmarshalYAML parses the scalar's source text; quoted numbers are accepted
// too. The error carries the node's token, so it is reported at its key path.
func (n *number) UnmarshalYAML(node ast.Node) error {
	tk := node.GetToken()
	var text string
	switch node.(type) {
	case *ast.IntegerNode, *ast.FloatNode, *ast.StringNode:
		text = tk.Value
	}
	d, err := decimal.NewFromString(strings.TrimSpace(text))
	if err != nil {
		return &tokenError{tk: tk, msg: fmt.Sprintf("%q is not a decimal number", strings.TrimSpace(node.String()))}
	}
	n.d = d
	return nil
}

// months is a YAML integer scalar; unlike a plain int it refuses 1.5 rather
// than truncating it.
type months struct{ n int }

// UnmarshalYAML parses a decimal integer.
func (m *months) UnmarshalYAML(node ast.Node) error {
	tk := node.GetToken()
	if _, ok := node.(*ast.IntegerNode); ok {
		if n, err := strconv.Atoi(tk.Value); err == nil {
			m.n = n
			return nil
		}
	}
	return &tokenError{tk: tk, msg: fmt.Sprintf("%q is not a whole number", strings.TrimSpace(node.String()))}
}

// tokenError is a decoding problem at a token, reported like goccy's own.
type tokenError struct {
	tk  *token.Token
	msg string
}

func (e *tokenError) Error() string          { return e.msg }
func (e *tokenError) GetToken() *token.Token { return e.tk }
func (e *tokenError) GetMessage() string     { return e.msg }

// file mirrors scoring.yaml. Pointers tell a missing key from a zero.
type file struct {
	Base      *number    `yaml:"base"`
	Min       *number    `yaml:"min"`
	Max       *number    `yaml:"max"`
	Grades    *grades    `yaml:"grades"`
	Audit     *audit     `yaml:"audit"`
	HardRules *hardRules `yaml:"hard_rules"`
	Events    *events    `yaml:"events"`
	SelfCheck *selfCheck `yaml:"selfcheck_rate"`
}

// selfCheck is the self-check habit: points at a 100% on-time rate.
type selfCheck struct {
	Points *number `yaml:"points"`
}

type grades struct {
	A *number `yaml:"A"`
	B *number `yaml:"B"`
	C *number `yaml:"C"`
}

type audit struct {
	Floor *number `yaml:"floor"`
	Rates *rates  `yaml:"rates"`
	// Cadence is read by AuditCadence; the credit model does not use it.
	Cadence *string `yaml:"cadence"`
}

type rates struct {
	A *number `yaml:"A"`
	B *number `yaml:"B"`
	C *number `yaml:"C"`
	D *number `yaml:"D"`
}

type hardRules struct {
	SeriousWindowMonths     *months  `yaml:"serious_window_months"`
	SeriousKinds            []string `yaml:"serious_kinds"`
	FalseReportWindowMonths *months  `yaml:"false_report_window_months"`
	FalseReportFactor       *number  `yaml:"false_report_factor"`
	FalseReportDetection    *number  `yaml:"false_report_detection"`
	FalseReportMaxPoints    *number  `yaml:"false_report_max_points"`
}

// rule is the points and validity of one kind (and severity).
type rule struct {
	Points *number `yaml:"points"`
	Months *months `yaml:"months"`
}

// bySeverity holds one rule per severity; the keys are scoring.Severity values.
type bySeverity struct {
	General *rule `yaml:"一般"`
	Major   *rule `yaml:"较重"`
	Serious *rule `yaml:"严重"`
}

// monthsOnly is a rule whose points are not fixed (false reports).
type monthsOnly struct {
	Months *months `yaml:"months"`
}

type monthsBySeverity struct {
	General *monthsOnly `yaml:"一般"`
	Major   *monthsOnly `yaml:"较重"`
	Serious *monthsOnly `yaml:"严重"`
}

type repair struct {
	Months    *months `yaml:"months"`
	MaxPoints *number `yaml:"max_points"`
}

// events has one field per scoring.Kind, named by the kind's value.
type events struct {
	SelfCheckOnTime     *rule             `yaml:"selfcheck_on_time"`
	SelfCheckLate       *rule             `yaml:"selfcheck_late"`
	SelfCheckMissed     *rule             `yaml:"selfcheck_missed"`
	FindingSelfReported *bySeverity       `yaml:"finding_self_reported"`
	RectifiedOnTime     *bySeverity       `yaml:"rectified_on_time"`
	RectifiedLate       *bySeverity       `yaml:"rectified_late"`
	NotRectified        *bySeverity       `yaml:"not_rectified"`
	FindingOnsite       *bySeverity       `yaml:"finding_onsite"`
	CitizenReport       *bySeverity       `yaml:"citizen_report"`
	Penalty             *bySeverity       `yaml:"penalty"`
	FalseReport         *monthsBySeverity `yaml:"false_report"`
	CleanAudit          *rule             `yaml:"clean_audit"`
	CreditRepair        *repair           `yaml:"credit_repair"`
}
