package questionnaire

import (
	"maps"
	"slices"
)

// Subject is who answers: a firm (industry tags, size, licences held) or a
// household. Attrs carries anything else templates test, such as
// {"fire_key_unit": true}; values should be bool, string or numbers.
// Themes, when set, narrows a self-check to the items of those themes (a
// campaign's 燃气安全 check); it is not visible to expressions.
type Subject struct {
	Tags     []string       `json:"tags,omitempty"`
	Size     string         `json:"size,omitempty"`
	Licences []string       `json:"licences,omitempty"`
	Attrs    map[string]any `json:"attrs,omitempty"`
	Themes   []string       `json:"themes,omitempty"`
}

func (s Subject) env() SubjectEnv {
	attrs := maps.Clone(s.Attrs)
	if attrs == nil {
		attrs = map[string]any{}
	}
	return SubjectEnv{
		Tags:     slices.Clone(s.Tags),
		Size:     s.Size,
		Licences: slices.Clone(s.Licences),
		Attrs:    attrs,
	}
}

// MatchesIndustry reports whether the item's industries cover the subject:
// 全部, or any tag in common.
func (it *Item) MatchesIndustry(s Subject) bool {
	for _, ind := range it.Industries {
		if ind == AllIndustries || slices.Contains(s.Tags, ind) {
			return true
		}
	}
	return false
}

// Applicable returns the items that can apply to s, in template order: the
// industries match and the relevant expression holds. A relevant expression
// that reads answers of other applicable items cannot be decided before the
// questionnaire is answered, so such an item is kept and the Session decides;
// one that reads only subject data, or answers of items that never apply to
// s, is decided here. Calculations are not returned.
func (t *Template) Applicable(s Subject) []*Item {
	env := t.env(nil, s, "")
	applicable := map[string]bool{}
	var out []*Item
	for _, it := range t.Items {
		if !it.Asked() || !it.MatchesIndustry(s) {
			continue
		}
		if it.Relevant != nil && !dependsOn(it.Relevant, applicable) && !it.Relevant.evalBool(env) {
			continue
		}
		applicable[it.ID] = true
		out = append(out, it)
	}
	return out
}

// SelfCheckItems returns Applicable(s) without the items that need an
// on-site visit: what a self-check session asks. When s.Themes is set only
// the items of those themes are asked, with the gate questions their
// relevant expressions read (使用燃气 before the gas items).
func (t *Template) SelfCheckItems(s Subject) []*Item {
	var out []*Item
	for _, it := range t.Applicable(s) {
		if it.SelfCheckable {
			out = append(out, it)
		}
	}
	if len(s.Themes) == 0 {
		return out
	}
	keep := map[string]bool{}
	for _, it := range out {
		if slices.Contains(s.Themes, it.Theme) {
			keep[it.ID] = true
		}
	}
	for grown := true; grown; {
		grown = false
		for _, it := range out {
			if !keep[it.ID] || it.Relevant == nil {
				continue
			}
			for _, r := range it.Relevant.refs {
				if g := t.Item(r); g != nil && !keep[g.ID] && slices.Contains(out, g) {
					keep[g.ID], grown = true, true
				}
			}
		}
	}
	return slices.DeleteFunc(out, func(it *Item) bool { return !keep[it.ID] })
}

func dependsOn(e *Expr, ids map[string]bool) bool {
	for _, r := range e.refs {
		if ids[r] {
			return true
		}
	}
	return false
}

// env builds the expression environment from answers; calculations are
// evaluated in template order so each sees the ones before it.
func (t *Template) env(answers map[string]Answer, s Subject, today string) map[string]any {
	env := make(map[string]any, len(t.Items)+3)
	env["subject"] = s.env()
	env["today"] = today
	for _, it := range t.Items {
		if a, ok := answers[it.ID]; ok {
			env[ident(it.ID)] = a.Value.env(it.Type)
		} else {
			env[ident(it.ID)] = zeroOf(it.Type)
		}
	}
	for _, it := range t.Items {
		if it.Calculate == nil {
			continue
		}
		v, err := it.Calculate.eval(env)
		if err != nil {
			v = nil
		}
		env[ident(it.ID)] = v
	}
	return env
}

// relevant reports whether it applies given the environment.
func (it *Item) relevant(s Subject, env map[string]any) bool {
	if !it.MatchesIndustry(s) {
		return false
	}
	return it.Relevant == nil || it.Relevant.evalBool(env)
}

// compliant reports whether v is a compliant answer to a judged item; ok is
// false for items that are not judged.
func (it *Item) compliant(v Value, env map[string]any) (compliant, ok bool) {
	switch {
	case it.CompliantAnswer != nil:
		return v.Bool != nil && *v.Bool == *it.CompliantAnswer, true
	case it.CompliantIf != nil:
		e := maps.Clone(env)
		e["value"] = v.env(it.Type)
		return it.CompliantIf.evalBool(e), true
	}
	return false, false
}

// Themes lists the themes of the template's self-checkable items, in
// template order, each once: what a campaign may narrow a self-check to.
func (t *Template) Themes() []string {
	var out []string
	for _, it := range t.Items {
		if it.SelfCheckable && it.Theme != "" && !slices.Contains(out, it.Theme) {
			out = append(out, it.Theme)
		}
	}
	return out
}
