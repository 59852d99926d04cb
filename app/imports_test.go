package main

import (
	"os/exec"
	"strings"
	"testing"
)

// allowed is DESIGN.md's layout table: which project packages each top-level
// package may import (its own subpackages are always allowed).
var allowed = map[string][]string{
	"models":    nil,
	"scoring":   nil,
	"templates": nil,
	"bot":       {"models", "scoring"},
	"app":       {"bot", "models", "scoring", "templates"},
	// Tools run beside the service (the webhook load generator) import
	// none of it: they measure it from outside.
	"scripts": nil,
}

func TestImportEdges(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-test", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "selfcheck/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	top := func(path string) string {
		path = strings.TrimPrefix(path, "selfcheck/")
		path, _, _ = strings.Cut(path, " ")
		path = strings.TrimSuffix(path, ".test")
		first, _, _ := strings.Cut(path, "/")
		return strings.TrimSuffix(first, "_test")
	}
	checked := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 || !strings.HasPrefix(fields[0], "selfcheck/") {
			continue
		}
		// A test variant reads "selfcheck/x [selfcheck/x.test]"; its tests may
		// use test-only libraries such as go-cmp, even in scoring.
		variant := len(fields) > 1 && strings.HasPrefix(fields[1], "[")
		if variant {
			fields = append(fields[:1], fields[2:]...)
		}
		from := top(fields[0])
		ok, known := allowed[from]
		if !known {
			t.Errorf("package %s is outside the layout of DESIGN.md", fields[0])
			continue
		}
		for _, imp := range fields[1:] {
			if !strings.HasPrefix(imp, "selfcheck/") {
				if from == "scoring" && !variant && !strings.HasSuffix(fields[0], ".test") && strings.Contains(strings.Split(imp, "/")[0], ".") && imp != "github.com/shopspring/decimal" {
					t.Errorf("scoring imports %s; its only third-party import may be shopspring/decimal", imp)
				}
				continue
			}
			to := top(imp)
			checked++
			if to == from || contains(ok, to) {
				continue
			}
			t.Errorf("%s imports %s: %s may import only %v", fields[0], imp, from, ok)
		}
	}
	if checked == 0 {
		t.Fatal("no project import edge was checked")
	}
}

// regulatorImports are the project packages app/regulator may import: it
// serves the web layer and the commands alike, so it imports neither of
// them, and it gets its reference data as values, never from templates.
var regulatorImports = []string{"selfcheck/bot", "selfcheck/models", "selfcheck/scoring", "selfcheck/app/planner", "selfcheck/app/scoringconf", "selfcheck/app/sheetcell"}

func TestRegulatorImports(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{join .Imports \" \"}}", "selfcheck/app/regulator").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, imp := range strings.Fields(string(out)) {
		if !strings.HasPrefix(imp, "selfcheck/") {
			continue
		}
		ok := false
		for _, p := range regulatorImports {
			if imp == p || strings.HasPrefix(imp, p+"/") {
				ok = true
			}
		}
		if !ok {
			t.Errorf("app/regulator imports %s; it may import only %v", imp, regulatorImports)
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
