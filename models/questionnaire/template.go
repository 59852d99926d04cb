package questionnaire

// Type is the kind of answer an item takes.
type Type string

// Item types. TypeCalculate items are never asked: their value is computed.
const (
	TypeYesNo     Type = "yesno"
	TypeSingle    Type = "single"
	TypeMulti     Type = "multi"
	TypeInteger   Type = "integer"
	TypeDecimal   Type = "decimal"
	TypeText      Type = "text"
	TypeDate      Type = "date"
	TypePhoto     Type = "photo"
	TypeLocation  Type = "location"
	TypeCalculate Type = "calculate"
)

// Audience says who a template is pushed to.
type Audience string

// Audiences of the shipped templates.
const (
	AudienceEnterprise Audience = "enterprise"
	AudienceHousehold  Audience = "household"
	AudienceRental     Audience = "rental"
	AudienceFollowup   Audience = "followup"
)

// Severity grades a non-compliant checklist item, as scoring expects it.
type Severity string

// Severities, lightest first.
const (
	SeverityMinor   Severity = "一般"
	SeverityMajor   Severity = "较重"
	SeveritySerious Severity = "严重"
)

// PhotoPolicy says when an item asks for a photo of evidence.
type PhotoPolicy string

// Photo policies. With PhotoOnNoncompliant the photo is asked right after a
// non-compliant answer and is required before submitting; with PhotoAlways it
// is asked after every answer.
const (
	PhotoNever          PhotoPolicy = "never"
	PhotoOnNoncompliant PhotoPolicy = "on_noncompliant"
	PhotoAlways         PhotoPolicy = "always"
)

// AllIndustries is the industry tag that matches every subject.
const AllIndustries = "全部"

// Template is one parsed questionnaire or checklist. Source and Hash let the
// storage layer keep versions and re-parse a pinned one.
type Template struct {
	Slug        string
	Title       string
	Audience    Audience
	Description string
	Sections    []Section
	Items       []*Item
	ChoiceLists map[string][]Choice
	// Name is the file name or label the template was parsed from.
	Name string
	// Hash is the hex sha256 of Source.
	Hash   string
	Source []byte

	byID map[string]*Item
}

// Section groups items under a title, e.g. a theme of the checklist.
type Section struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Choice is one option of a single or multi choice item. An Exclusive
// choice (such as "以上都没有") cannot be combined with others.
type Choice struct {
	Name      string `json:"name"`
	Label     string `json:"label"`
	Exclusive bool   `json:"exclusive,omitempty"`
}

// Item is one question, or one checklist requirement asked as a question.
type Item struct {
	ID      string
	Section string
	Type    Type
	Text    string
	Hint    string
	// Short is a short label for summaries; it defaults to Text.
	Short    string
	Required bool

	Choices   []Choice
	Unit      string
	Min, Max  *float64
	MinLength int
	MaxLength int

	Relevant          *Expr
	Constraint        *Expr
	ConstraintMessage string
	Calculate         *Expr

	// Checklist fields.
	Theme         string
	Department    string
	CoDepartments []string
	Severity      Severity
	LegalBasis    string
	SelfCheckable bool
	Photo         PhotoPolicy
	Industries    []string
	// CompliantAnswer is the compliant answer of a yesno checklist item;
	// CompliantIf is the rule for other types. Neither set: not judged.
	CompliantAnswer *bool
	CompliantIf     *Expr
}

// Item returns the item with the given id, or nil.
func (t *Template) Item(id string) *Item { return t.byID[id] }

// Judged reports whether answers to the item are judged compliant or not.
func (it *Item) Judged() bool { return it.CompliantAnswer != nil || it.CompliantIf != nil }

// Asked reports whether the item is put to the user (calculations are not).
func (it *Item) Asked() bool { return it.Type != TypeCalculate }

// ChoiceLabel returns the label of the named choice, or the name itself.
func (it *Item) ChoiceLabel(name string) string {
	for _, c := range it.Choices {
		if c.Name == name {
			return c.Label
		}
	}
	return name
}

// label is the short text used in summaries and error messages.
func (it *Item) label() string {
	if it.Short != "" {
		return it.Short
	}
	return it.Text
}
