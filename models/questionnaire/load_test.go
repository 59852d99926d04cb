package questionnaire

import (
	"strings"
	"testing"
	"testing/fstest"
)

const minimal = `slug: t
title: 测试
audience: household
items:
  - id: a
    type: yesno
    text: 是否测试？
`

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name  string
		extra string
		want  []string
	}{
		{name: "OK", extra: ""},
		{name: "ErrUnknownIdentifier", extra: "  - id: b\n    type: yesno\n    text: 是否？\n    relevant: nosuch == true\n",
			want: []string{"x.yaml", "item b", "relevant", "nosuch"}},
		{name: "ErrUnknownSubjectField", extra: "  - id: b\n    type: yesno\n    text: 是否？\n    relevant: '\"餐饮\" in subject.tagz'\n",
			want: []string{"item b", "tagz"}},
		{name: "ErrTypeMismatch", extra: "  - id: b\n    type: yesno\n    text: 是否？\n    relevant: a > 3\n",
			want: []string{"item b", "relevant"}},
		{name: "ErrNotBool", extra: "  - id: b\n    type: yesno\n    text: 是否？\n    relevant: '1 + 2'\n",
			want: []string{"item b", "bool"}},
		{name: "ErrForbiddenFunction", extra: "  - id: b\n    type: yesno\n    text: 是否？\n    relevant: 'now() != nil'\n",
			want: []string{"item b", "now"}},
		{name: "ErrRepeat", extra: "  - id: b\n    type: text\n    text: 说说？\n    constraint: 'len(repeat(value, 9)) > 1'\n    constraint_message: 错\n",
			want: []string{"item b", "repeat"}},
		{name: "ErrDuplicateID", extra: "  - id: a\n    type: yesno\n    text: 是否？\n", want: []string{"item a", "repeated"}},
		{name: "ErrBadType", extra: "  - id: b\n    type: slider\n    text: 几？\n", want: []string{"item b", "slider"}},
		{name: "ErrChoiceList", extra: "  - id: b\n    type: single\n    text: 哪个？\n    choice_list: nope\n", want: []string{"item b", "nope"}},
		{name: "ErrSeverity", extra: "  - id: b\n    type: yesno\n    text: 是否？\n    theme: 消防安全\n    department: 消防救援\n    severity: 很严重\n    compliant: \"yes\"\n",
			want: []string{"item b", "severity"}},
		{name: "ErrConstraintMessage", extra: "  - id: b\n    type: integer\n    text: 几？\n    constraint: value > 1\n",
			want: []string{"item b", "constraint_message"}},
		{name: "ErrUnknownField", extra: "  - id: b\n    type: yesno\n    text: 是否？\n    relevent: a\n", want: []string{"x.yaml", "relevent"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("x.yaml", []byte(minimal+tc.extra))
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Parse = nil error, want one mentioning %v", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Parse error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestVersionHash(t *testing.T) {
	a, err := Parse("a.yaml", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Parse("b.yaml", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	c, err := Parse("a.yaml", []byte(minimal+"# changed\n"))
	if err != nil {
		t.Fatal(err)
	}
	if a.Hash != b.Hash || len(a.Hash) != 64 {
		t.Errorf("same bytes: hashes %s and %s, want equal sha256 hex", a.Hash, b.Hash)
	}
	if a.Hash == c.Hash {
		t.Errorf("changed bytes kept hash %s", a.Hash)
	}
	again, err := Parse("pinned", a.Source)
	if err != nil || again.Hash != a.Hash {
		t.Errorf("re-parsing Source = %v, hash %s, want %s", err, again.Hash, a.Hash)
	}
}

func TestLoadDirDuplicateSlug(t *testing.T) {
	fsys := fstest.MapFS{
		"q/a.yaml":   {Data: []byte(minimal)},
		"q/b.yaml":   {Data: []byte(minimal)},
		"q/notes.md": {Data: []byte("ignored")},
	}
	if _, err := LoadDir(fsys, "q"); err == nil || !strings.Contains(err.Error(), "q/b.yaml") {
		t.Errorf("LoadDir with a repeated slug = %v, want an error naming q/b.yaml", err)
	}
	delete(fsys, "q/b.yaml")
	ts, err := LoadDir(fsys, "q")
	if err != nil || len(ts) != 1 || ts[0].Name != "q/a.yaml" {
		t.Errorf("LoadDir = %v, %v, want one template from q/a.yaml", ts, err)
	}
}
