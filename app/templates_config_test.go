package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadWeChatTemplates(t *testing.T) {
	if _, err := loadWeChatTemplates("", assetsFS(), true); err != nil {
		t.Fatalf("shipped mapping: %v", err)
	}
	bad := filepath.Join(t.TempDir(), "templates.json")
	src := `{"selfcheck_assigned": {"template_id": "", "fields": {"thing1": "{nope}"}}, "made_up": {"template_id": "x", "fields": {"a": "b"}}}`
	if err := os.WriteFile(bad, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := loadWeChatTemplates(bad, assetsFS(), true)
	assertLines(t, err, bad, "selfcheck_assigned: template_id is empty", "selfcheck_assigned: field thing1 uses {nope}",
		"made_up: unknown notice", "grade_drop: no template")
}

// TestLoadWeChatTemplatesProduction: outside demo mode an unset file means
// no template messages yet (never the demo's ids), the demo ids are
// refused, and so is a keyword the notice cannot fill with a value of the
// keyword's type, naming both.
func TestLoadWeChatTemplatesProduction(t *testing.T) {
	if ts, err := loadWeChatTemplates("", assetsFS(), false); err != nil || len(ts) != 0 {
		t.Errorf("no WECHAT_TEMPLATES outside demo mode = %d templates, %v; want none, no error", len(ts), err)
	}
	shipped, err := os.ReadFile("../templates/wechat_templates.yaml")
	if err != nil {
		t.Fatal(err)
	}
	write := func(src string) string {
		p := filepath.Join(t.TempDir(), "templates.yaml")
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	demo := write(string(shipped))
	_, err = loadWeChatTemplates(demo, assetsFS(), false)
	assertLines(t, err, demo, "selfcheck_assigned: template_id demo-selfcheck-assigned is the demo's")

	own := strings.ReplaceAll(string(shipped), "demo-", "tpl-")
	good := write(own)
	if _, err := loadWeChatTemplates(good, assetsFS(), false); err != nil {
		t.Errorf("an account's own mapping: %v", err)
	}
	broken := own
	for _, r := range [][2]string{
		{"    phrase2: \"{grade}\"", "    phrase2: \"{grade}级\""},
		{"    thing3: 已记入信用记录，将安排现场检查", "    time3: \"{item}\""},
		{"    character_string1: \"{ticket}\"\n    thing2: \"{category}\"\n    phrase3", "    character_string1: \"{category}\"\n    thing2: \"{category}\"\n    phrase3"},
		{"    phrase2: 已通过", "    phrase2: 已通过了审核"},
	} {
		broken = strings.Replace(broken, r[0], r[1], 1)
	}
	bad := write(broken)
	_, err = loadWeChatTemplates(bad, assetsFS(), false)
	assertLines(t, err, bad,
		"grade_drop: keyword phrase2: \"{grade}级\" mixes fields and text",
		"finding_neglected: keyword time3 (time) cannot be filled by finding_neglected notices: {item} is text",
		"report_status: keyword character_string1 (character_string) cannot be filled by report_status notices: {category} is text",
		"selfcheck_accepted: keyword phrase2: the fixed value \"已通过了审核\" is not a valid phrase",
		"finding_neglected: template tpl-finding-closed has the keywords phrase2, thing1, thing3 for finding_closed")
}

// assertLines checks that err has a line for each of want, naming file.
func assertLines(t *testing.T, err error, file string, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s was accepted", file)
	}
	lines := strings.Split(err.Error(), "\n")
	for _, w := range want {
		found := false
		for _, l := range lines {
			if strings.HasPrefix(l, "WECHAT_TEMPLATES: "+file+": ") && strings.Contains(l, w) {
				found = true
			}
		}
		if !found {
			t.Errorf("no line with %q in:\n%s", w, err)
		}
	}
}

// testTemplatesFile writes the shipped mapping with an account's own
// template ids (tpl- for demo-), as WECHAT_TEMPLATES outside demo mode
// requires, and returns its path.
func testTemplatesFile(tb testing.TB) string {
	tb.Helper()
	src, err := os.ReadFile("../templates/wechat_templates.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	p := filepath.Join(tb.TempDir(), "wechat_templates.yaml")
	if err := os.WriteFile(p, []byte(strings.ReplaceAll(string(src), "demo-", "tpl-")), 0o644); err != nil {
		tb.Fatal(err)
	}
	return p
}
