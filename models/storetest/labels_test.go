package storetest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/goccy/go-yaml"
	"github.com/google/go-cmp/cmp"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// shippedLabels loads the shipped templates/labels.yaml.
func shippedLabels(t *testing.T) (*models.Labels, string) {
	t.Helper()
	root := modelstest.Root(t)
	l, err := models.LoadLabels(os.DirFS(filepath.Join(root, "templates")), "labels.yaml")
	if err != nil {
		t.Fatalf("LoadLabels: %v", err)
	}
	return l, root
}

// requireLabels reports every code of kind that has no label.
func requireLabels(t *testing.T, l *models.Labels, kind string, codes []string, where string) {
	t.Helper()
	if len(codes) == 0 {
		t.Errorf("found no %s codes in %s; has the code moved?", kind, where)
	}
	for _, c := range codes {
		if _, ok := l.Lookup(kind, c); !ok {
			t.Errorf("labels.yaml: %s %q (used in %s) has no label", kind, c, where)
		}
	}
}

// TestLabelsCoverScoringRules checks that every rule id the shipped scoring
// parameters can produce, and every rule and decision the scoring package
// names, has a label.
func TestLabelsCoverScoringRules(t *testing.T) {
	l, root := shippedLabels(t)
	src, err := os.ReadFile(filepath.Join(root, "templates", "scoring.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var params struct {
		Grades map[string]any `yaml:"grades"`
		Events map[string]any `yaml:"events"`
	}
	if err := yaml.Unmarshal(src, &params); err != nil {
		t.Fatalf("scoring.yaml: %v", err)
	}
	grades := []string{"D"}
	for g := range params.Grades {
		grades = append(grades, g)
	}
	severities := map[string]bool{"一般": true, "较重": true, "严重": true}
	var rules []string
	for kind, v := range params.Events {
		rules = append(rules, kind)
		m, _ := v.(map[string]any)
		for sev := range m {
			if !severities[sev] {
				continue
			}
			rules = append(rules, kind+"."+sev)
			if kind == "false_report" {
				for _, g := range grades {
					rules = append(rules, kind+"."+sev+"."+g)
				}
			}
		}
	}
	sort.Strings(rules)
	requireLabels(t, l, "rule", rules, "templates/scoring.yaml")

	consts := stringConsts(t, filepath.Join(root, "scoring"))
	requireLabels(t, l, "rule", matching(consts, `^Kind[A-Z]`, ""), "scoring/kind.go")
	requireLabels(t, l, "rule", matching(consts, `^Rule[A-Z]`, ""), "scoring/score.go")
	requireLabels(t, l, "decision", matching(consts, `^Mode[A-Z]`, ""), "scoring/decision.go")
	requireLabels(t, l, "rule", literals(t, filepath.Join(root, "scoring"), `\bRule:\s*"([a-z_.]+)"`), "scoring explanation lines")
}

// TestLabelsCoverAuditActions checks that every action written to the audit
// log anywhere in the code has a label. Besides the literal actions of the
// Audit calls, a file that calls Audit may hold its actions in variables:
// every "prefix.verb" literal there whose prefix is an action prefix counts.
// An action built as "prefix."+expr is checked for every constant named Act…
// (the report queue's actions).
func TestLabelsCoverAuditActions(t *testing.T) {
	l, root := shippedLabels(t)
	call := regexp.MustCompile(`(?i)\baudit\(\s*ctx\s*,\s*[^,]+,\s*"([a-z_.]+)"(\s*\+)?`)
	dotted := regexp.MustCompile(`"([a-z_]+)\.([a-z_]+)"`)
	act := regexp.MustCompile(`\bAct[A-Z]\w*\s*=\s*"([a-z_]+)"`)
	var actions, prefixes, acts, auditing []string
	walkCode(t, root, func(src string) {
		calls := call.FindAllStringSubmatch(src, -1)
		for _, m := range calls {
			if m[2] != "" {
				prefixes = append(prefixes, m[1])
			} else {
				actions = append(actions, m[1])
			}
		}
		if len(calls) > 0 {
			auditing = append(auditing, src)
		}
		for _, m := range act.FindAllStringSubmatch(src, -1) {
			acts = append(acts, m[1])
		}
	})
	known := map[string]bool{}
	for _, a := range actions {
		known[strings.SplitN(a, ".", 2)[0]] = true
	}
	for _, src := range auditing {
		for _, m := range dotted.FindAllStringSubmatch(src, -1) {
			if known[m[1]] {
				actions = append(actions, m[0][1:len(m[0])-1])
			}
		}
	}
	for _, p := range prefixes {
		if len(acts) == 0 {
			t.Errorf("audit action %q+… is built from Act… constants, but none were found", p)
		}
		for _, a := range acts {
			actions = append(actions, p+a)
		}
	}
	slices.Sort(actions)
	requireLabels(t, l, "audit_action", slices.Compact(actions), "the audit log calls")
}

// TestLabelsCoverActors checks the names the code records as the actor or
// creator of a change when no person's account made it (seed, system, …).
func TestLabelsCoverActors(t *testing.T) {
	l, root := shippedLabels(t)
	by := regexp.MustCompile(`\b(?:Actor|CreatedBy):\s*"([a-z_]+)"`)
	var actors []string
	walkCode(t, root, func(src string) {
		for _, m := range by.FindAllStringSubmatch(src, -1) {
			actors = append(actors, m[1])
		}
	})
	slices.Sort(actors)
	requireLabels(t, l, "actor", slices.Compact(actors), "Actor/CreatedBy literals")
}

// walkCode calls fn with the source of every non-test Go file under root,
// skipping hidden directories and testdata.
func walkCode(t *testing.T, root string, fn func(src string)) {
	t.Helper()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fn(string(src))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestLabelsCoverCodes checks the questionnaire slugs and the roles and
// statuses models defines.
func TestLabelsCoverCodes(t *testing.T) {
	l, root := shippedLabels(t)
	slugs := literals(t, filepath.Join(root, "templates", "questionnaires"), `(?m)^slug:\s*"?([a-z_]+)"?`)
	requireLabels(t, l, "questionnaire", slugs, "templates/questionnaires")
	audiences := literals(t, filepath.Join(root, "templates", "questionnaires"), `(?m)^audience:\s*"?([a-z_]+)"?`)
	requireLabels(t, l, "audience", audiences, "templates/questionnaires")

	consts := stringConsts(t, filepath.Join(root, "models"))
	tests := []struct{ kind, match, skip string }{
		{kind: "role", match: `^Role`},
		{kind: "campaign_status", match: `^Campaign`},
		{kind: "assignment_status", match: `^Assignment`},
		{kind: "finding_source", match: `^Finding(SelfReported|OnSite)$`},
		{kind: "finding_status", match: `^Finding`, skip: `^Finding(SelfReported|OnSite)$`},
		{kind: "finding_step", match: `^Step`},
		{kind: "report_status", match: `^Report`},
		{kind: "order_status", match: `^Order`},
		{kind: "visit_status", match: `^Visit`},
		{kind: "visit_outcome", match: `^Outcome`},
		{kind: "rectification_kind", match: `^Rectification(Fix|Defer)$`},
		{kind: "rectification_status", match: `^Rectification`, skip: `^Rectification(Fix|Defer)$`},
		{kind: "outbox_status", match: `^Outbox`, skip: `^Outbox(Template|Custom)$`},
		{kind: "photo_status", match: `^Photo`},
	}
	for _, tc := range tests {
		t.Run(tc.kind, func(t *testing.T) {
			requireLabels(t, l, tc.kind, matching(consts, tc.match, tc.skip), "models constants "+tc.match)
		})
	}
}

func TestLoadLabels(t *testing.T) {
	const ok = `
report_categories:
  - {name: 消防安全, department: 消防救援, aliases: [消防]}
  - {name: 噪声扰民, department: 城管, aliases: [噪音扰民, 噪音]}
  - {name: 家庭安全隐患, offered: false}
labels:
  rule: {selfcheck_on_time: 按时提交自查}
`
	tests := []struct {
		name, src string
		errHas    string
	}{
		{name: "OK", src: ok},
		{name: "ErrUnknownKey", src: ok + "colours: {}\n", errHas: "colours"},
		{name: "ErrEmptyLabel", src: "report_categories: [{name: 其他}]\nlabels: {rule: {base: \"\"}}\n", errHas: "labels.rule.base is empty"},
		{name: "ErrWordTwice", src: "report_categories: [{name: 噪声扰民, aliases: [噪音]}, {name: 其他, aliases: [噪音]}]\n", errHas: "噪音"},
		{name: "ErrNoneOffered", src: "report_categories: [{name: 家庭安全隐患, offered: false}]\n", errHas: "no report category"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := models.LoadLabels(fstest.MapFS{"labels.yaml": {Data: []byte(tc.src)}}, "labels.yaml")
			if tc.errHas == "" && err != nil {
				t.Fatalf("LoadLabels: %v", err)
			}
			if tc.errHas != "" && (err == nil || !strings.Contains(err.Error(), tc.errHas)) {
				t.Fatalf("LoadLabels error = %v, want one mentioning %q", err, tc.errHas)
			}
		})
	}

	l, err := models.LoadLabels(fstest.MapFS{"labels.yaml": {Data: []byte(ok)}}, "labels.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ kind, code, want string }{
		{"rule", "selfcheck_on_time", "按时提交自查"},
		{"rule", "false_report.一般.B", "false_report.一般.B"},
		{"no_such_kind", "x", "x"},
	} {
		if got := l.Label(tc.kind, tc.code); got != tc.want {
			t.Errorf("Label(%q, %q) = %q, want %q", tc.kind, tc.code, got, tc.want)
		}
	}
	var nilLabels *models.Labels
	if got := nilLabels.Label("rule", "base"); got != "base" {
		t.Errorf("nil Labels: Label(rule, base) = %q, want base", got)
	}
	var names []string
	for _, c := range l.ReportCategories() {
		names = append(names, c.Name)
	}
	if diff := cmp.Diff([]string{"消防安全", "噪声扰民"}, names); diff != "" {
		t.Errorf("ReportCategories() names (-want +got):\n%s", diff)
	}
	if c, ok := l.ReportCategory("家庭安全隐患"); !ok || c.Offered {
		t.Errorf("ReportCategory(家庭安全隐患) = %+v, %v; want it known and not offered", c, ok)
	}
}

func TestParseReportCategory(t *testing.T) {
	l, _ := shippedLabels(t)
	tests := []struct{ in, want string }{
		{"1", "消防安全"},
		{" 7 ", "噪声扰民"},
		{"７", "噪声扰民"},
		{"噪声扰民", "噪声扰民"},
		{"噪音扰民", "噪声扰民"},
		{"噪音", "噪声扰民"},
		{"食品安全。", "食品安全"},
		{"0", ""},
		{"99", ""},
		{"家庭安全隐患", ""},
		{"随便", ""},
	}
	for _, tc := range tests {
		c, ok := l.ParseReportCategory(tc.in)
		if got := c.Name; got != tc.want || ok != (tc.want != "") {
			t.Errorf("ParseReportCategory(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
}

// TestReportCategoriesStandardTerms keeps the category words standard: 噪声
// (《噪声污染防治法》) rather than 噪音, and every department a category is
// dispatched to is one departments.yaml knows.
func TestReportCategoriesStandardTerms(t *testing.T) {
	l, root := shippedLabels(t)
	src, err := os.ReadFile(filepath.Join(root, "templates", "departments.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Departments []struct {
			Name    string   `yaml:"name"`
			Aliases []string `yaml:"aliases"`
		} `yaml:"departments"`
	}
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Fatal(err)
	}
	depts := map[string]bool{"": true}
	for _, d := range doc.Departments {
		depts[d.Name] = true
	}
	for _, c := range l.ReportCategories() {
		if strings.Contains(c.Name, "噪音") {
			t.Errorf("report category %q: the standard term is 噪声", c.Name)
		}
		if !depts[c.Department] {
			t.Errorf("report category %q: department %q is not a department name in departments.yaml", c.Name, c.Department)
		}
	}
}

// stringConsts returns the string constants declared in the non-test Go
// files of dir, by name.
func stringConsts(t *testing.T, dir string) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range af.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, s := range g.Specs {
				vs := s.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if i >= len(vs.Values) {
						continue
					}
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						if v, err := strconv.Unquote(lit.Value); err == nil {
							out[n.Name] = v
						}
					}
				}
			}
		}
	}
	return out
}

// matching returns the sorted values of the constants whose name matches
// match and not skip.
func matching(consts map[string]string, match, skip string) []string {
	m, s := regexp.MustCompile(match), regexp.MustCompile("^$")
	if skip != "" {
		s = regexp.MustCompile(skip)
	}
	var out []string
	for name, v := range consts {
		if m.MatchString(name) && !s.MatchString(name) {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// literals returns the first group of every match of re in the files of
// dir (not tests).
func literals(t *testing.T, dir, re string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	rx := regexp.MustCompile(re)
	var out []string
	for _, e := range entries {
		if e.IsDir() || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		src, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range rx.FindAllStringSubmatch(string(src), -1) {
			out = append(out, m[1])
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
