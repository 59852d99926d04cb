package sheetcell_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"selfcheck/app/sheetcell"
)

func TestText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"Empty", "", ""},
		{"Plain", "佛山市禅城区红棉餐厅", "佛山市禅城区红棉餐厅"},
		{"Formula", `=HYPERLINK("http://x","y")`, `'=HYPERLINK("http://x","y")`},
		{"Plus", "+86 757 1234", "'+86 757 1234"},
		{"Minus", "-2+3", "'-2+3"},
		{"At", "@SUM(A1)", "'@SUM(A1)"},
		{"Tab", "\t=1", "'\t=1"},
		{"CarriageReturn", "\r=1", "'\r=1"},
		{"InnerEquals", "a=b", "a=b"},
		{"LeadingSpace", " =1", " =1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := sheetcell.Text(tc.in); got != tc.want {
				t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestRow(t *testing.T) {
	s := "=1+1"
	got := sheetcell.Row([]any{1, -2.5, "-x", "ok", &s, nil})
	want := []any{1, -2.5, "'-x", "ok", "'=1+1", nil}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Row mismatch (-want +got):\n%s", diff)
	}
	if got := sheetcell.Strings([]string{"@a", "b"}); !cmp.Equal(got, []string{"'@a", "b"}) {
		t.Errorf("Strings = %q", got)
	}
}
