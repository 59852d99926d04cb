package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadWeChatTemplates(t *testing.T) {
	if _, err := loadWeChatTemplates("", assetsFS()); err != nil {
		t.Fatalf("shipped mapping: %v", err)
	}
	bad := filepath.Join(t.TempDir(), "templates.json")
	src := `{"selfcheck_assigned": {"template_id": "", "fields": {"thing1": "{nope}"}}, "made_up": {"template_id": "x", "fields": {"a": "b"}}}`
	if err := os.WriteFile(bad, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := loadWeChatTemplates(bad, assetsFS())
	if err == nil {
		t.Fatal("a bad mapping was accepted")
	}
	lines := strings.Split(err.Error(), "\n")
	for _, want := range []string{
		"selfcheck_assigned: template_id is empty",
		"selfcheck_assigned: field thing1 uses {nope}",
		"made_up: unknown notice",
		"grade_drop: no template",
	} {
		found := false
		for _, l := range lines {
			if strings.HasPrefix(l, "WECHAT_TEMPLATES: "+bad+": ") && strings.Contains(l, want) {
				found = true
			}
		}
		if !found {
			t.Errorf("no line with %q in:\n%s", want, err)
		}
	}
}
