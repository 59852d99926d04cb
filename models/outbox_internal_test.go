package models

import "testing"

func TestSupportsSkipLocked(t *testing.T) {
	for _, tc := range []struct {
		version string
		want    bool
	}{
		{"10.11.6-MariaDB-0+deb12u1", true},
		{"10.6.0-MariaDB", true},
		{"10.5.23-MariaDB", false},
		{"8.0.36", true},
		{"5.7.44-log", false},
		{"8.0.11-TiDB-v7.5.0", false},
		{"garbage", false},
	} {
		if got := supportsSkipLocked(tc.version); got != tc.want {
			t.Errorf("supportsSkipLocked(%q) = %v, want %v", tc.version, got, tc.want)
		}
	}
}
