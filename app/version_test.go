package main

import (
	"runtime"
	"strings"
	"testing"
)

func TestVersion(t *testing.T) {
	code, stdout, _ := runCmd(t, nil, "version")
	if code != 0 || !strings.HasPrefix(stdout, "selfcheck ") || !strings.Contains(stdout, "go:         "+runtime.Version()+"\n") ||
		!strings.Contains(stdout, "platform:   "+runtime.GOOS+"/"+runtime.GOARCH+"\n") {
		t.Errorf("selfcheck version = %d %q", code, stdout)
	}
	if code, _, _ := runCmd(t, nil, "version", "extra"); code != 2 {
		t.Errorf("selfcheck version extra = %d, want 2", code)
	}
	// Link-time values win over what the toolchain recorded.
	defer func(v, c, d string) { version, commit, buildDate = v, c, d }(version, commit, buildDate)
	version, commit, buildDate = "v1.2.3", "abc123", "2026-01-02T03:04:05Z"
	b := readBuildInfo()
	if b.Version != "v1.2.3" || b.Commit != "abc123" || b.Date != "2026-01-02T03:04:05Z" {
		t.Errorf("readBuildInfo() = %+v, want the -X values", b)
	}
}
