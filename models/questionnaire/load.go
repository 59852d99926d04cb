package questionnaire

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/goccy/go-yaml"
)

// rawTemplate is the YAML file as written.
type rawTemplate struct {
	Slug        string              `yaml:"slug"`
	Title       string              `yaml:"title"`
	Audience    Audience            `yaml:"audience"`
	Description string              `yaml:"description"`
	Defaults    rawDefaults         `yaml:"defaults"`
	ChoiceLists map[string][]Choice `yaml:"choice_lists"`
	Sections    []Section           `yaml:"sections"`
	Items       []rawItem           `yaml:"items"`
}

// rawDefaults apply to every item that does not set the field itself.
type rawDefaults struct {
	Required      *bool       `yaml:"required"`
	SelfCheckable *bool       `yaml:"self_checkable"`
	Photo         PhotoPolicy `yaml:"photo"`
	Industries    []string    `yaml:"industries"`
}

type rawItem struct {
	ID                string      `yaml:"id"`
	Section           string      `yaml:"section"`
	Type              Type        `yaml:"type"`
	Text              string      `yaml:"text"`
	Short             string      `yaml:"short"`
	Hint              string      `yaml:"hint"`
	Required          *bool       `yaml:"required"`
	Choices           []Choice    `yaml:"choices"`
	ChoiceList        string      `yaml:"choice_list"`
	Unit              string      `yaml:"unit"`
	Min               *float64    `yaml:"min"`
	Max               *float64    `yaml:"max"`
	MinLength         int         `yaml:"min_length"`
	MaxLength         int         `yaml:"max_length"`
	Relevant          string      `yaml:"relevant"`
	Constraint        string      `yaml:"constraint"`
	ConstraintMessage string      `yaml:"constraint_message"`
	Calculate         string      `yaml:"calculate"`
	Theme             string      `yaml:"theme"`
	Department        string      `yaml:"department"`
	CoDepartments     []string    `yaml:"co_departments"`
	Severity          Severity    `yaml:"severity"`
	LegalBasis        string      `yaml:"legal_basis"`
	SelfCheckable     *bool       `yaml:"self_checkable"`
	Photo             PhotoPolicy `yaml:"photo"`
	Industries        []string    `yaml:"industries"`
	Compliant         string      `yaml:"compliant"`
	CompliantIf       string      `yaml:"compliant_if"`
}

// defaultMaxLength bounds text answers whose item sets no max_length.
const defaultMaxLength = 500

var idPattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]{0,63}$`)

// LoadDir parses every .yaml and .yml file in dir of fsys, sorted by name.
// Slugs must be unique across the directory.
func LoadDir(fsys fs.FS, dir string) ([]*Template, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("load questionnaires from %s: %w", dir, err)
	}
	var out []*Template
	slugs := map[string]string{}
	for _, e := range entries {
		ext := path.Ext(e.Name())
		if e.IsDir() || (ext != ".yaml" && ext != ".yml") {
			continue
		}
		name := path.Join(dir, e.Name())
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("load questionnaire %s: %w", name, err)
		}
		t, err := Parse(name, src)
		if err != nil {
			return nil, err
		}
		if prev, dup := slugs[t.Slug]; dup {
			return nil, fmt.Errorf("load questionnaire %s: slug %q already used by %s", name, t.Slug, prev)
		}
		slugs[t.Slug] = name
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Parse reads one template from src; name labels errors (usually the file
// name). Every expression is compiled and type-checked here, so a template
// that parses cannot fail on an unknown name at run time. All problems are
// reported together, each naming the file and the item id.
func Parse(name string, src []byte) (*Template, error) {
	var raw rawTemplate
	if err := yaml.UnmarshalWithOptions(src, &raw, yaml.DisallowUnknownField()); err != nil {
		return nil, fmt.Errorf("parse questionnaire %s: %w", name, err)
	}
	sum := sha256.Sum256(src)
	t := &Template{
		Slug: raw.Slug, Title: raw.Title, Audience: raw.Audience, Description: raw.Description,
		Sections: raw.Sections, ChoiceLists: raw.ChoiceLists, Name: name,
		Hash: hex.EncodeToString(sum[:]), Source: append([]byte(nil), src...),
		byID: map[string]*Item{},
	}
	b := &builder{t: t, name: name}
	b.header(&raw)
	for i := range raw.Items {
		b.item(&raw.Items[i], &raw.Defaults)
	}
	b.compile(raw.Items)
	if len(b.errs) > 0 {
		return nil, errors.Join(b.errs...)
	}
	return t, nil
}

// builder collects every problem of one template instead of stopping at the
// first, so an author fixes a file in one round.
type builder struct {
	t    *Template
	name string
	errs []error
	ids  map[string]string // expression name -> item id
}

func (b *builder) fail(id, format string, args ...any) {
	where := b.name
	if id != "" {
		where += ": item " + id
	}
	b.errs = append(b.errs, fmt.Errorf("questionnaire %s: "+format, append([]any{where}, args...)...))
}

func (b *builder) header(raw *rawTemplate) {
	if !idPattern.MatchString(raw.Slug) {
		b.fail("", "slug %q must be letters, digits, - or _", raw.Slug)
	}
	if strings.TrimSpace(raw.Title) == "" {
		b.fail("", "title is required")
	}
	switch raw.Audience {
	case AudienceEnterprise, AudienceHousehold, AudienceRental, AudienceFollowup:
	default:
		b.fail("", "audience %q is not enterprise, household, rental or followup", raw.Audience)
	}
	if len(raw.Items) == 0 {
		b.fail("", "no items")
	}
	seen := map[string]bool{}
	for _, s := range raw.Sections {
		if seen[s.ID] || s.ID == "" {
			b.fail("", "section id %q is empty or repeated", s.ID)
		}
		seen[s.ID] = true
	}
	for name, list := range raw.ChoiceLists {
		b.checkChoices("choice_lists."+name, list)
	}
}

func (b *builder) checkChoices(where string, list []Choice) {
	if len(list) < 2 {
		b.fail(where, "needs at least two choices")
	}
	seen := map[string]bool{}
	for _, c := range list {
		if c.Name == "" || c.Label == "" {
			b.fail(where, "choice needs a name and a label")
		}
		if seen[c.Name] {
			b.fail(where, "choice %q repeated", c.Name)
		}
		seen[c.Name] = true
	}
}
