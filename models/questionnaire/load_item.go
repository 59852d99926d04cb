package questionnaire

import (
	"maps"
	"strings"
)

// item checks one raw item's static fields and adds it to the template.
// Expressions are compiled afterwards, once every item's type is known.
func (b *builder) item(r *rawItem, d *rawDefaults) {
	id := r.ID
	if !idPattern.MatchString(id) {
		b.fail(id, "id must start with a letter and hold only letters, digits, - or _")
		return
	}
	if _, dup := b.t.byID[id]; dup {
		b.fail(id, "id repeated")
		return
	}
	if reservedNames[ident(id)] {
		b.fail(id, "id is a reserved name")
	}
	for other := range b.t.byID {
		if ident(other) == ident(id) {
			b.fail(id, "id clashes with %s once - is read as _", other)
		}
	}
	it := &Item{
		ID: id, Section: r.Section, Type: r.Type, Text: strings.TrimSpace(r.Text), Hint: r.Hint,
		Short: r.Short, Choices: r.Choices, Unit: r.Unit, Min: r.Min, Max: r.Max,
		MinLength: r.MinLength, MaxLength: r.MaxLength, ConstraintMessage: r.ConstraintMessage,
		Theme: r.Theme, Department: r.Department, CoDepartments: r.CoDepartments,
		Severity: r.Severity, LegalBasis: r.LegalBasis, Photo: r.Photo, Industries: r.Industries,
		SelfCheckable: true,
	}
	if r.Required != nil {
		it.Required = *r.Required
	} else if d.Required != nil {
		it.Required = *d.Required
	}
	if r.SelfCheckable != nil {
		it.SelfCheckable = *r.SelfCheckable
	} else if d.SelfCheckable != nil {
		it.SelfCheckable = *d.SelfCheckable
	}
	if it.Photo == "" {
		it.Photo = d.Photo
	}
	if it.Photo == "" {
		it.Photo = PhotoNever
	}
	if len(it.Industries) == 0 {
		it.Industries = d.Industries
	}
	if len(it.Industries) == 0 {
		it.Industries = []string{AllIndustries}
	}
	b.checkSection(it)
	b.checkType(it, r)
	b.checkChecklist(it, r)
	b.t.Items = append(b.t.Items, it)
	b.t.byID[id] = it
}

func (b *builder) checkSection(it *Item) {
	if it.Section == "" && len(b.t.Sections) == 0 {
		return
	}
	for _, s := range b.t.Sections {
		if s.ID == it.Section {
			return
		}
	}
	b.fail(it.ID, "section %q is not declared", it.Section)
}

func (b *builder) checkType(it *Item, r *rawItem) {
	if it.Type != TypeCalculate && it.Text == "" {
		b.fail(it.ID, "text is required")
	}
	switch it.Type {
	case TypeYesNo, TypeDate, TypePhoto, TypeLocation:
	case TypeSingle, TypeMulti:
		if r.ChoiceList != "" {
			if len(r.Choices) > 0 {
				b.fail(it.ID, "set choices or choice_list, not both")
			}
			list, ok := b.t.ChoiceLists[r.ChoiceList]
			if !ok {
				b.fail(it.ID, "choice_list %q is not declared", r.ChoiceList)
			}
			it.Choices = list
		} else {
			b.checkChoices(it.ID, it.Choices)
		}
	case TypeInteger, TypeDecimal:
		if it.Min != nil && it.Max != nil && *it.Min > *it.Max {
			b.fail(it.ID, "min is above max")
		}
	case TypeText:
		if it.MaxLength == 0 {
			it.MaxLength = defaultMaxLength
		}
		if it.MinLength < 0 || it.MinLength > it.MaxLength {
			b.fail(it.ID, "min_length must be between 0 and max_length")
		}
	case TypeCalculate:
		if r.Calculate == "" {
			b.fail(it.ID, "calculate item needs a calculate expression")
		}
		if it.Required {
			it.Required = false
		}
	default:
		b.fail(it.ID, "type %q is not one of yesno, single, multi, integer, decimal, text, date, photo, location, calculate", it.Type)
	}
	if r.Calculate != "" && it.Type != TypeCalculate {
		b.fail(it.ID, "calculate is only for type calculate")
	}
	if r.Constraint != "" && r.ConstraintMessage == "" {
		b.fail(it.ID, "constraint needs a constraint_message")
	}
}

func (b *builder) checkChecklist(it *Item, r *rawItem) {
	switch strings.ToLower(r.Compliant) {
	case "":
	case "yes", "true", "是":
		it.CompliantAnswer = boolPtr(true)
	case "no", "false", "否":
		it.CompliantAnswer = boolPtr(false)
	default:
		b.fail(it.ID, "compliant must be yes or no, not %q", r.Compliant)
	}
	if it.CompliantAnswer != nil && it.Type != TypeYesNo {
		b.fail(it.ID, "compliant: yes/no is for yesno items; use compliant_if")
	}
	if it.CompliantAnswer != nil && r.CompliantIf != "" {
		b.fail(it.ID, "set compliant or compliant_if, not both")
	}
	switch it.Photo {
	case PhotoNever, PhotoAlways, PhotoOnNoncompliant:
	default:
		b.fail(it.ID, "photo must be never, on_noncompliant or always, not %q", it.Photo)
	}
	judged := r.Compliant != "" || r.CompliantIf != ""
	if it.Photo == PhotoOnNoncompliant && !judged {
		b.fail(it.ID, "photo: on_noncompliant needs compliant or compliant_if")
	}
	if !judged {
		return
	}
	switch it.Severity {
	case SeverityMinor, SeverityMajor, SeveritySerious:
	default:
		b.fail(it.ID, "severity must be 一般, 较重 or 严重, not %q", it.Severity)
	}
	if it.Theme == "" || it.Department == "" {
		b.fail(it.ID, "a judged item needs theme and department")
	}
}

// compile type-checks every expression against the template's environment.
func (b *builder) compile(raws []rawItem) {
	ids := map[string]string{}
	env := map[string]any{"subject": SubjectEnv{}, "today": ""}
	for _, it := range b.t.Items {
		ids[ident(it.ID)] = it.ID
		env[ident(it.ID)] = zeroOf(it.Type)
	}
	b.ids = ids
	byID := map[string]*rawItem{}
	for i := range raws {
		byID[raws[i].ID] = &raws[i]
	}
	// Calculations first, in file order, so later expressions see their types.
	for _, it := range b.t.Items {
		r := byID[it.ID]
		if it.Type != TypeCalculate || r.Calculate == "" {
			continue
		}
		e, err := compileExpr(r.Calculate, env, false, ids)
		if err != nil {
			b.fail(it.ID, "calculate: %w", err)
			continue
		}
		it.Calculate = e
		env[ident(it.ID)] = typedZero(e)
	}
	for _, it := range b.t.Items {
		r := byID[it.ID]
		if r.Relevant != "" {
			it.Relevant = b.expr(it, "relevant", r.Relevant, env)
		}
		if r.Constraint == "" && r.CompliantIf == "" {
			continue
		}
		withValue := maps.Clone(env)
		withValue["value"] = zeroOf(it.Type)
		if r.Constraint != "" {
			it.Constraint = b.expr(it, "constraint", r.Constraint, withValue)
		}
		if r.CompliantIf != "" {
			it.CompliantIf = b.expr(it, "compliant_if", r.CompliantIf, withValue)
		}
	}
}

func (b *builder) expr(it *Item, field, src string, env map[string]any) *Expr {
	e, err := compileExpr(src, env, true, b.ids)
	if err != nil {
		b.fail(it.ID, "%s: %w", field, err)
		return nil
	}
	for _, ref := range e.refs {
		if ref == it.ID {
			b.fail(it.ID, "%s: refers to the item itself; use value", field)
		}
	}
	return e
}
