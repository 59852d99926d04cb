package web

import (
	"net/url"
	"testing"
)

func TestPageURL(t *testing.T) {
	q := url.Values{"grade": {"C"}, "street": {"440604011"}, "after": {"645.00_65"}, "q": {"红棉 酒家"}, "empty": {""}}
	tests := []struct {
		name string
		base string
		q    url.Values
		set  []string
		want string
	}{
		{"OKKeepsFilters", "/admin/ranking", q, nil,
			"/admin/ranking?after=645.00_65&grade=C&q=%E7%BA%A2%E6%A3%89+%E9%85%92%E5%AE%B6&street=440604011"},
		{"OKNextPage", "/admin/ranking", q, []string{"after", "600.00_12"},
			"/admin/ranking?after=600.00_12&grade=C&q=%E7%BA%A2%E6%A3%89+%E9%85%92%E5%AE%B6&street=440604011"},
		{"OKFirstPage", "/admin/ranking/export.xlsx", q, []string{"after", ""},
			"/admin/ranking/export.xlsx?grade=C&q=%E7%BA%A2%E6%A3%89+%E9%85%92%E5%AE%B6&street=440604011"},
		{"OKSortResetsPage", "/admin/review", url.Values{"status": {"submitted"}, "page": {"3"}}, []string{"order", "newest", "page", ""},
			"/admin/review?order=newest&status=submitted"},
		{"OKNoQuery", "/admin/review", nil, nil, "/admin/review"},
		{"OKOddPairIgnored", "/admin/review", url.Values{"a": {"1"}}, []string{"b"}, "/admin/review?a=1"},
		{"OKDoesNotChangeInput", "/x", url.Values{"a": {"1", "2"}}, []string{"a", "3"}, "/x?a=3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := tc.q.Encode()
			if got := string(pageURL(tc.base, tc.q, tc.set...)); got != tc.want {
				t.Errorf("pageURL(%q, %v, %q) = %q, want %q", tc.base, tc.q, tc.set, got, tc.want)
			}
			if tc.q.Encode() != before {
				t.Errorf("pageURL changed its input to %v", tc.q)
			}
		})
	}
}
