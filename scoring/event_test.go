package scoring

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestPoints(t *testing.T) {
	p := fixtureParams()
	at := date(2025, 3, 2)
	type out struct {
		Points  string
		Expires time.Time
		Rule    string
	}
	tests := []struct {
		name string
		kind Kind
		sev  Severity
		want out
	}{
		{"OnsiteSerious", KindFindingOnsite, SeveritySerious, out{"-80", date(2028, 3, 2), "finding_onsite.严重"}},
		{"OnsiteGeneral", KindFindingOnsite, SeverityGeneral, out{"-20", date(2026, 3, 2), "finding_onsite.一般"}},
		{"SelfReportedMajor", KindFindingSelfReported, SeverityMajor, out{"-5", date(2027, 3, 2), "finding_self_reported.较重"}},
		{"SelfCheckLate", KindSelfCheckLate, SeverityNone, out{"-10", date(2026, 3, 2), "selfcheck_late"}},
		{"CleanAudit", KindCleanAudit, SeverityNone, out{"30", date(2027, 3, 2), "clean_audit"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pts, exp, rule, err := p.Points(tc.kind, tc.sev, at)
			if err != nil {
				t.Fatalf("Points(%s, %s) error: %v", tc.kind, tc.sev, err)
			}
			if diff := cmp.Diff(tc.want, out{pts.String(), exp, rule}); diff != "" {
				t.Errorf("Points(%s, %s) mismatch (-want +got):\n%s", tc.kind, tc.sev, diff)
			}
		})
	}
}

func TestPointsErrors(t *testing.T) {
	p := fixtureParams()
	tests := []struct {
		name string
		kind Kind
		sev  Severity
	}{
		{"ErrFalseReport", KindFalseReport, SeveritySerious},
		{"ErrCreditRepair", KindCreditRepair, SeverityNone},
		{"ErrSeverityMissing", KindFindingOnsite, SeverityNone},
		{"ErrSeverityUnexpected", KindCleanAudit, SeverityGeneral},
		{"ErrUnknownKind", "bogus", SeverityNone},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, _, err := p.Points(tc.kind, tc.sev, date(2025, 1, 1))
			if !errors.Is(err, ErrNoRule) {
				t.Errorf("Points(%s, %q) error = %v, want ErrNoRule", tc.kind, tc.sev, err)
			}
		})
	}
}

func TestFalseReportPoints(t *testing.T) {
	p := fixtureParams()
	pts, exp, rule, err := p.FalseReportPoints(GradeB, SeverityMajor, date(2025, 1, 31))
	if err != nil {
		t.Fatalf("FalseReportPoints error: %v", err)
	}
	// ceil(0.9 / 0.1 × 5) = 45 (G is the self-reported deduction), above the
	// on-site 40, × 1.5
	if want := dec("-67.5"); !pts.Equal(want) {
		t.Errorf("FalseReportPoints(B, 较重) points = %v, want %v", pts, want)
	}
	if want := date(2027, 1, 31); !exp.Equal(want) {
		t.Errorf("FalseReportPoints(B, 较重) expires = %v, want %v", exp, want)
	}
	if want := "false_report.较重.B"; rule != want {
		t.Errorf("FalseReportPoints(B, 较重) rule = %q, want %q", rule, want)
	}
	if _, _, _, err := p.FalseReportPoints("Z", SeverityMajor, date(2025, 1, 31)); !errors.Is(err, ErrNoRule) {
		t.Errorf("FalseReportPoints(Z) error = %v, want ErrNoRule", err)
	}
}

func TestRepairPoints(t *testing.T) {
	p := fixtureParams()
	tests := []struct {
		name    string
		points  string
		wantErr bool
	}{
		{"OK", "50", false},
		{"OKMax", "100", false},
		{"ErrZero", "0", true},
		{"ErrNegative", "-5", true},
		{"ErrAboveMax", "100.01", true},
		{"ErrDecimals", "1.001", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pts, exp, rule, err := p.RepairPoints(dec(tc.points), date(2025, 1, 1))
			if (err != nil) != tc.wantErr {
				t.Fatalf("RepairPoints(%s) error = %v, want error %v", tc.points, err, tc.wantErr)
			}
			if err == nil && (!pts.Equal(dec(tc.points)) || !exp.Equal(date(2026, 1, 1)) || rule != "credit_repair") {
				t.Errorf("RepairPoints(%s) = %v, %v, %q", tc.points, pts, exp, rule)
			}
		})
	}
}

func TestInForce(t *testing.T) {
	e := Event{Occurred: date(2025, 1, 1), Expires: date(2026, 1, 1)}
	tests := []struct {
		at   time.Time
		want bool
	}{
		{date(2024, 12, 31), false},
		{date(2025, 1, 1), true},
		{date(2026, 1, 1).Add(-time.Nanosecond), true},
		{date(2026, 1, 1), false},
	}
	for _, tc := range tests {
		if got := e.InForce(tc.at); got != tc.want {
			t.Errorf("InForce(%v) = %v, want %v", tc.at, got, tc.want)
		}
	}
}
