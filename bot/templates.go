package bot

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
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
}

// Templates is the WECHAT_TEMPLATES mapping: a TemplateSpec per topic.
type Templates map[Topic]TemplateSpec

// Validate reports every problem, one line each: unknown or missing topics,
// empty template ids, no fields, bad field names and placeholders a topic
// does not carry.
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
			for _, p := range placeholders(spec.Fields[k] + spec.URL) {
				if !slices.Contains(fields, p) {
					bad(t, "field %s uses {%s}; %s notices carry %s", k, p, t, strings.Join(fields, ", "))
				}
			}
		}
	}
	return errors.Join(errs...)
}

// keywordLimits are the lengths WeChat allows per keyword type, by the
// field name's prefix (thing1, character_string2 ...).
var keywordLimits = []struct {
	prefix string
	max    int
}{
	{"character_string", 32}, {"thing", 20}, {"phrase", 5}, {"number", 32}, {"letter", 32}, {"name", 10},
}

// clipKeyword shortens a value to what WeChat takes for the field, marking
// the cut with an ellipsis.
func clipKeyword(field, value string) string {
	for _, l := range keywordLimits {
		if strings.HasPrefix(field, l.prefix) && utf8.RuneCountInString(value) > l.max {
			r := []rune(value)
			return string(r[:l.max-1]) + "…"
		}
	}
	return value
}
