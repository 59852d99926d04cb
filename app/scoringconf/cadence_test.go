package scoringconf

import (
	"testing"
	"time"
)

func TestAuditCadence(t *testing.T) {
	may := time.Date(2026, 5, 11, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, src, period string
		err               bool
	}{
		{"OK", "audit:\n  cadence: monthly\n", "2026-05", false},
		{"Default", "audit:\n  floor: 0.03\n", "2026Q2", false},
		{"HalfYearly", "audit: {cadence: half_yearly}\n", "2026H1", false},
		{"Yearly", "audit: {cadence: yearly}\n", "2026", false},
		{"ErrUnknown", "audit: {cadence: weekly}\n", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := AuditCadence([]byte(tc.src))
			if (err != nil) != tc.err {
				t.Fatalf("AuditCadence(%q) error %v, want error %v", tc.src, err, tc.err)
			}
			if err == nil && c.Period(may) != tc.period {
				t.Errorf("Period = %s, want %s", c.Period(may), tc.period)
			}
		})
	}
}
