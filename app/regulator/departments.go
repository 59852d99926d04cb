package regulator

import (
	"fmt"
	"io/fs"

	"github.com/goccy/go-yaml"

	"selfcheck/models"
)

// Department is a regulating department whose users sign in.
type Department struct {
	Code    string   `yaml:"code"`
	Name    string   `yaml:"name"`
	Aliases []string `yaml:"aliases"`
}

// LoadDepartments reads departments.yaml from fsys.
func LoadDepartments(fsys fs.FS, name string) ([]Department, error) {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	var doc struct {
		Departments []Department `yaml:"departments"`
	}
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, fmt.Errorf("parse %s: %w", name, err)
	}
	seen := map[string]bool{}
	for _, d := range doc.Departments {
		if d.Code == "" || d.Name == "" || seen[d.Code] {
			return nil, fmt.Errorf("%s: department %q needs a unique code and a name", name, d.Code)
		}
		seen[d.Code] = true
	}
	return doc.Departments, nil
}

// ScopeChecker returns the function models.ValidateUser needs: whether scope
// is a department code (role department) or a street code (role street).
func ScopeChecker(depts []Department, d *models.District) func(role, scope string) bool {
	return func(role, scope string) bool {
		switch role {
		case models.RoleDepartment:
			for _, x := range depts {
				if x.Code == scope {
					return true
				}
			}
		case models.RoleStreet:
			st, ok := d.Street(scope)
			return ok && st.Code == scope
		}
		return false
	}
}
