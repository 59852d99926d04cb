package models

import (
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
)

// Labels maps the codes records keep (scoring rules, questionnaire slugs,
// audit actions, roles, statuses) to the Chinese words people read, and holds
// the one list of citizen report categories. It is read from
// templates/labels.yaml. A nil *Labels labels every code as itself.
type Labels struct {
	kinds      map[string]map[string]string
	categories []ReportCategory
}

// ReportCategory is a category of citizen reports.
type ReportCategory struct {
	// Name is the standard term, stored in citizen_reports.category.
	Name string
	// Department is where such reports are usually dispatched (a
	// department name); empty when the dispatcher decides.
	Department string
	// Aliases are other words people use for the category.
	Aliases []string
	// Offered is false for categories the system sets, never offered to
	// citizens to choose.
	Offered bool
}

// LoadLabels reads and checks labels.yaml at path in fsys.
func LoadLabels(fsys fs.FS, path string) (*Labels, error) {
	src, err := fs.ReadFile(fsys, path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	var doc struct {
		Categories []struct {
			Name       string   `yaml:"name"`
			Department string   `yaml:"department"`
			Aliases    []string `yaml:"aliases"`
			Offered    *bool    `yaml:"offered"`
		} `yaml:"report_categories"`
		Labels map[string]map[string]string `yaml:"labels"`
	}
	if err := yaml.UnmarshalWithOptions(src, &doc, yaml.Strict()); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	l := &Labels{kinds: doc.Labels}
	for kind, m := range l.kinds {
		for code, label := range m {
			if strings.TrimSpace(label) == "" {
				return nil, fmt.Errorf("%s: labels.%s.%s is empty", path, kind, code)
			}
		}
	}
	words := map[string]string{}
	for i, c := range doc.Categories {
		if c.Name == "" {
			return nil, fmt.Errorf("%s: report category %d has no name", path, i+1)
		}
		for _, w := range append([]string{c.Name}, c.Aliases...) {
			if prev, dup := words[w]; dup {
				return nil, fmt.Errorf("%s: report category word %q is used by %s and %s", path, w, prev, c.Name)
			}
			words[w] = c.Name
		}
		l.categories = append(l.categories, ReportCategory{Name: c.Name, Department: c.Department,
			Aliases: c.Aliases, Offered: c.Offered == nil || *c.Offered})
	}
	if len(l.ReportCategories()) == 0 {
		return nil, fmt.Errorf("%s: no report category is offered", path)
	}
	return l, nil
}

// Label returns the Chinese label of code among codes of the given kind
// ("rule", "audit_action", "report_status", …), or code itself when it has
// none.
func (l *Labels) Label(kind, code string) string {
	if label, ok := l.Lookup(kind, code); ok {
		return label
	}
	return code
}

// Lookup returns the label of code among codes of the given kind, and
// whether it has one.
func (l *Labels) Lookup(kind, code string) (string, bool) {
	if l == nil {
		return "", false
	}
	label, ok := l.kinds[kind][code]
	return label, ok
}

// ReportCategories returns the categories offered to citizens, in the order
// they are listed.
func (l *Labels) ReportCategories() []ReportCategory {
	if l == nil {
		return nil
	}
	var out []ReportCategory
	for _, c := range l.categories {
		if c.Offered {
			out = append(out, c)
		}
	}
	return out
}

// ReportCategory returns the category named name, offered or not.
func (l *Labels) ReportCategory(name string) (ReportCategory, bool) {
	if l != nil {
		for _, c := range l.categories {
			if c.Name == name {
				return c, true
			}
		}
	}
	return ReportCategory{}, false
}

// ParseReportCategory reads a citizen's choice among the offered categories:
// its number in the list, its name or one of its aliases.
func (l *Labels) ParseReportCategory(input string) (ReportCategory, bool) {
	offered := l.ReportCategories()
	s := strings.TrimSpace(input)
	s = strings.TrimRight(s, "。.！!")
	if n, err := strconv.Atoi(toASCIIDigits(s)); err == nil {
		if n >= 1 && n <= len(offered) {
			return offered[n-1], true
		}
		return ReportCategory{}, false
	}
	for _, c := range offered {
		if c.Name == s {
			return c, true
		}
		for _, a := range c.Aliases {
			if a == s {
				return c, true
			}
		}
	}
	return ReportCategory{}, false
}

// toASCIIDigits turns full-width digits, as Chinese keyboards type them,
// into ASCII ones.
func toASCIIDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		return r
	}, s)
}
