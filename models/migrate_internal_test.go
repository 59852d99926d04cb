package models

import (
	"strings"
	"testing"
)

// TestMigrationsOrdered guards the append-only history: versions strictly
// increase, names are unique, and every placeholder is one the dialects know.
func TestMigrationsOrdered(t *testing.T) {
	names := map[string]bool{}
	for i, m := range migrations {
		if i > 0 && m.version <= migrations[i-1].version {
			t.Errorf("migration %d (%s) follows %d: versions must increase", m.version, m.name, migrations[i-1].version)
		}
		if names[m.name] {
			t.Errorf("migration name %q used twice", m.name)
		}
		names[m.name] = true
		for _, stmt := range m.stmts {
			for _, rep := range dialects {
				if out := rep.Replace(stmt); strings.Contains(out, "{{") {
					t.Errorf("migration %d has an unknown placeholder: %.60s", m.version, out[strings.Index(out, "{{"):])
				}
			}
		}
	}
}
