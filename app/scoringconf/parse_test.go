package scoringconf

import (
	"strings"
	"testing"
)

func TestParseErrors(t *testing.T) {
	_, src := shipped(t)
	shippedText := string(src)
	tests := []struct {
		name string
		old  string // replaced in the shipped file ("" appends new)
		new  string
		want string // a line of the error, from its start
	}{
		{"ErrUnknownTopKey", "", "bogus: 1\n", `scoring.yaml: bogus: unknown field "bogus"`},
		{"ErrUnknownNestedKey", "严重: {points: -80, months: 36}", "严重: {points: -80, months: 36, note: x}",
			`scoring.yaml: events.finding_onsite.严重.note: unknown field "note"`},
		{"ErrUnknownSeverity", "    严重: {points: -80, months: 36}\n", "    严重: {points: -80, months: 36}\n    特别严重: {points: -200, months: 36}\n",
			`scoring.yaml: events.finding_onsite.特别严重: unknown field "特别严重"`},
		{"ErrUnknownKind", "  clean_audit:", "  clean_audits:", `scoring.yaml: events.clean_audits: unknown field "clean_audits"`},
		{"ErrOnsitePositive", "严重: {points: -80, months: 36}", "严重: {points: 80, months: 36}",
			"scoring.yaml: events.finding_onsite.严重.points: must be negative"},
		{"ErrMissingGrade", "  C: 550\n", "", "scoring.yaml: grades.C: missing"},
		{"ErrMissingSeverity", "    一般: {points: -20, months: 12}\n", "", "scoring.yaml: events.finding_onsite.一般: missing"},
		{"ErrMissingPoints", "严重: {points: -80, months: 36}", "严重: {months: 36}", "scoring.yaml: events.finding_onsite.严重.points: missing"},
		{"ErrBaseNotNumber", "base: 560", "base: abc", `scoring.yaml: base: "abc" is not a decimal number`},
		{"ErrMonthsNotWhole", "  serious_window_months: 12", "  serious_window_months: 12.5",
			`scoring.yaml: hard_rules.serious_window_months: "12.5" is not a whole number`},
		{"ErrRateBelowFloor", "    A: 0.03", "    A: 0.02", "scoring.yaml: audit.rates.A: must be at least audit.floor"},
		{"ErrRateAboveOne", "    D: 1 ", "    D: 1.5 ", "scoring.yaml: audit.rates.D: must be in (0, 1]"},
		{"ErrFactor", "false_report_factor: 1.5", "false_report_factor: 0.8", "scoring.yaml: hard_rules.false_report_factor: must be at least 1"},
		{"ErrDetection", "false_report_detection: 0.6", "false_report_detection: 0", "scoring.yaml: hard_rules.false_report_detection: must be above 0 and at most 1"},
		{"ErrPenaltyBound", "false_report_max_points: 600", "false_report_max_points: 100",
			"scoring.yaml: hard_rules.false_report_max_points: is below the 110 points that make lying lose at grade A, severity 一般"},
		{"ErrThresholds", "  B: 700\n", "  B: 900\n", "scoring.yaml: grades.A: must be above grades.B"},
		{"ErrSeriousKind", "serious_kinds: [finding_onsite,", "serious_kinds: [bogus, finding_onsite,",
			`scoring.yaml: hard_rules.serious_kinds[0]: "bogus" is not a kind with a severity`},
		{"ErrSelfDisclosure", "    一般: {points: -2, months: 12}", "    一般: {points: -25, months: 12}",
			"scoring.yaml: events.finding_self_reported.一般.points: self-reported and rectified on time must cost less than events.finding_onsite.一般.points"},
		{"ErrDuplicateKey", "", "base: 800\n", `scoring.yaml: mapping key "base" already defined`},
		{"ErrFalseReportPoints", "一般: {months: 24}", "一般: {points: -5, months: 24}", `scoring.yaml: events.false_report.一般.points: unknown field "points"`},
		{"ErrEmpty", shippedText, "", "scoring.yaml: empty file"},
		{"ErrNotMapping", shippedText, "- 1\n", "scoring.yaml: sequence was used where mapping is expected"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			text := shippedText + tc.new
			if tc.old != "" {
				if strings.Count(shippedText, tc.old) != 1 {
					t.Fatalf("%q is not once in scoring.yaml", tc.old)
				}
				text = strings.Replace(shippedText, tc.old, tc.new, 1)
			}
			_, err := Parse([]byte(text))
			if err == nil {
				t.Fatalf("Parse() = nil error, want %q", tc.want)
			}
			for _, line := range strings.Split(err.Error(), "\n") {
				if strings.HasPrefix(line, tc.want) {
					return
				}
			}
			t.Errorf("Parse() error = %v, want a line starting with %q", err, tc.want)
		})
	}
}

func TestParseEveryLinePrefixed(t *testing.T) {
	_, err := Parse([]byte("base: 700\n"))
	if err == nil {
		t.Fatal("Parse(base only) = nil error, want missing keys")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) < 2 {
		t.Errorf("Parse(base only) error = %v, want one line per missing key", err)
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "scoring.yaml: ") || !strings.HasSuffix(l, ": missing") {
			t.Errorf("error line %q, want \"scoring.yaml: <path>: missing\"", l)
		}
	}
}

func TestParseQuotedNumber(t *testing.T) {
	_, src := shipped(t)
	p, err := Parse([]byte(strings.Replace(string(src), "floor: 0.03", `floor: "0.03"`, 1)))
	if err != nil {
		t.Fatalf("Parse(quoted floor) error: %v", err)
	}
	if got := p.Audit.Floor.String(); got != "0.03" {
		t.Errorf("Parse(quoted floor).Audit.Floor = %s, want 0.03", got)
	}
}
