package questionnaire

import (
	"io/fs"
	"os"
	"strings"
	"testing"
)

// templatesFS is the shipped templates directory, as app embeds it.
func templatesFS(tb testing.TB) fs.FS {
	tb.Helper()
	return os.DirFS("../../templates")
}

// loadAll loads every shipped template and indexes them by slug.
func loadAll(tb testing.TB) map[string]*Template {
	tb.Helper()
	ts, err := LoadDir(templatesFS(tb), "questionnaires")
	if err != nil {
		tb.Fatalf("LoadDir: %v", err)
	}
	m := map[string]*Template{}
	for _, t := range ts {
		m[t.Slug] = t
	}
	return m
}

func TestLoadShipped(t *testing.T) {
	entries, err := fs.ReadDir(templatesFS(t), "questionnaires")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".yaml") {
			continue
		}
		n++
		t.Run(e.Name(), func(t *testing.T) {
			src, err := fs.ReadFile(templatesFS(t), "questionnaires/"+e.Name())
			if err != nil {
				t.Fatal(err)
			}
			tpl, err := Parse(e.Name(), src)
			if err != nil {
				t.Fatalf("Parse(%s): %v", e.Name(), err)
			}
			if len(tpl.Items) == 0 {
				t.Errorf("Parse(%s) has no items", e.Name())
			}
		})
	}
	if n < 4 {
		t.Errorf("found %d questionnaire files, want at least 4", n)
	}
}
