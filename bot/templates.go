package bot

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// TemplateSpec maps one topic to a WeChat template message: the template's
// id in the account, the link it opens, and the value of each of its
// keyword fields, written with the notice's {fields}.
type TemplateSpec struct {
	ID string `json:"template_id" yaml:"template_id"`
	// URL is absolute, or a path joined to PUBLIC_BASE_URL; "" uses the
	// notice's Path.
	URL    string            `json:"url,omitempty" yaml:"url,omitempty"`
	Fields map[string]string `json:"fields" yaml:"fields"`
	// Title and Labels are how the account's template shows the message
	// (its title and each keyword's caption); WeChat draws them from the
	// template itself, so they are only for reading the mapping and for
	// the simulator.
	Title  string            `json:"title,omitempty" yaml:"title,omitempty"`
	Labels map[string]string `json:"labels,omitempty" yaml:"labels,omitempty"`
}

// Templates is the WECHAT_TEMPLATES mapping: a TemplateSpec per topic.
type Templates map[Topic]TemplateSpec

// Validate reports every problem, one line each: unknown or missing topics,
// empty template ids, no fields, bad field names, placeholders a topic
// does not carry, and keywords whose type the topic's values cannot fill.
func (ts Templates) Validate() error {
	var errs []error
	bad := func(topic Topic, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", topic, fmt.Sprintf(format, args...)))
	}
	topics := make([]string, 0, len(TopicFields))
	for t := range TopicFields {
		topics = append(topics, string(t))
	}
	sort.Strings(topics)
	for _, t := range topics {
		if _, ok := ts[Topic(t)]; !ok {
			bad(Topic(t), "no template: every notice needs one, for users outside the 48-hour window")
		}
	}
	names := make([]string, 0, len(ts))
	for t := range ts {
		names = append(names, string(t))
	}
	sort.Strings(names)
	for _, name := range names {
		t, spec := Topic(name), ts[Topic(name)]
		fields, known := TopicFields[t]
		if !known {
			bad(t, "unknown notice (known: %s)", strings.Join(topics, ", "))
			continue
		}
		if strings.TrimSpace(spec.ID) == "" {
			bad(t, "template_id is empty")
		}
		if len(spec.Fields) == 0 {
			bad(t, "fields is empty")
		}
		keys := make([]string, 0, len(spec.Fields))
		for k := range spec.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if k == "" || strings.ContainsAny(k, " {}") {
				bad(t, "field name %q is not a template keyword such as thing1", k)
			}
			unknown := false
			for _, p := range placeholders(spec.Fields[k] + spec.URL) {
				if !slices.Contains(fields, p) {
					bad(t, "field %s uses {%s}; %s notices carry %s", k, p, t, strings.Join(fields, ", "))
					unknown = true
				}
			}
			if why := checkKeyword(t, k, spec.Fields[k]); why != "" && !unknown {
				bad(t, "%s", why)
			}
		}
	}
	// One template has one set of keywords, whichever notices use it.
	byID := map[string]Topic{}
	for _, name := range names {
		t, spec := Topic(name), ts[Topic(name)]
		first, ok := byID[spec.ID]
		if !ok {
			byID[spec.ID] = t
			continue
		}
		if a, b := keywordList(ts[first]), keywordList(spec); a != b {
			bad(t, "template %s has the keywords %s for %s but %s here: one template has one set of keywords", spec.ID, a, first, b)
		}
	}
	return errors.Join(errs...)
}

// keywordList names a spec's keywords, sorted.
func keywordList(spec TemplateSpec) string {
	keys := make([]string, 0, len(spec.Fields))
	for k := range spec.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, ", ")
}

// clipKeyword returns value fitted to the template keyword named field;
// see shapeKeyword.
func clipKeyword(field, value string) string { return shapeKeyword(field, value) }

// checkKeyword reports why the keyword k of topic t, written as value (a
// fixed text, a {field}, or for a thing a mix of both), cannot be filled
// with what WeChat accepts for its type, or "" when it can.
func checkKeyword(t Topic, k, value string) string {
	typ := keywordType(k)
	if !keywordTypes[typ] {
		return fmt.Sprintf("keyword %s is not of a WeChat keyword type (thing, time, date, phrase, character_string, number, ...)", k)
	}
	ps := placeholders(value)
	switch {
	case len(ps) == 0:
		if !fixedValueFits(k, value) {
			return fmt.Sprintf("keyword %s: the fixed value %q is not a valid %s", k, value, typ)
		}
	case typ == "thing":
	case len(ps) > 1 || value != "{"+ps[0]+"}":
		return fmt.Sprintf("keyword %s: %q mixes fields and text, which only a thing keyword can show", k, value)
	default:
		kind := fieldKind(t, ps[0])
		if !slices.Contains(keywordAccepts[typ], kind) {
			return fmt.Sprintf("keyword %s (%s) cannot be filled by %s notices: {%s} is %s", k, typ, t, ps[0], kind)
		}
	}
	return ""
}
