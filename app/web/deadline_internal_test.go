package web

import (
	"testing"
	"time"
)

func TestDeadlineDate(t *testing.T) {
	sh, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	endOfDay := time.Date(2026, 12, 14, 23, 59, 59, 999e6, sh)
	midnight := time.Date(2026, 12, 15, 0, 0, 0, 0, sh)
	var none *time.Time
	tests := []struct {
		name string
		in   any
		want string
	}{
		{"OKEndOfDay", endOfDay, "2026-12-14"},
		{"OKMidnightAfter", midnight, "2026-12-14"},
		{"OKMidnightUTC", midnight.UTC(), "2026-12-14"},
		{"OKPointer", &endOfDay, "2026-12-14"},
		{"OKDaytime", time.Date(2026, 12, 15, 10, 0, 0, 0, sh), "2026-12-15"},
		{"OKNil", none, "—"},
		{"OKZero", time.Time{}, "—"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := deadlineDate(tc.in, sh); got != tc.want {
				t.Errorf("deadlineDate(%v) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
