package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var hrefOf = func(id string) *regexp.Regexp { return regexp.MustCompile(`href="([^"]*)"[^>]*id="` + id + `"`) }

// TestRankingPagingKeepsFilter follows the ranking's 下一页 and 导出 links of
// a filtered list: both keep the filter, so page 2 lists only the street's
// firms and the export is the street's.
func TestRankingPagingKeepsFilter(t *testing.T) {
	e := newEnv(t, "sqlite")
	c := e.login("admin")
	status, body := e.get(c, "/admin/ranking?street=440604012&limit=1")
	if status != http.StatusOK {
		t.Fatalf("GET ranking = %d", status)
	}
	for _, id := range []string{"next", "export"} {
		m := hrefOf(id).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no %s link on the filtered ranking", id)
		}
		link := html.UnescapeString(m[1])
		if !strings.Contains(link, "street=440604012") || !strings.Contains(link, "limit=1") || strings.Contains(link, "%3d") {
			t.Errorf("%s link = %q, want the filter kept as parameters", id, link)
		}
		if id == "export" && strings.Contains(link, "after=") {
			t.Errorf("export link = %q, want the whole list, not a page", link)
		}
		if id != "next" {
			continue
		}
		status, page2 := e.get(c, link)
		if status != http.StatusOK {
			t.Fatalf("GET %s = %d", link, status)
		}
		if strings.Contains(page2, "石湾红棉酒家") || !strings.Contains(page2, "佛山市禅城区") {
			t.Errorf("page 2 of the street's ranking lists another street's firm or none:\n%.2000s", page2)
		}
		if m := hrefOf("first").FindStringSubmatch(page2); m == nil || !strings.Contains(m[1], "street=440604012") {
			t.Errorf("回到第一页 link = %v, want the filter kept", m)
		}
	}
}

// TestRankingShortSearch answers a one-character name search with a hint
// rather than an empty list; a code's first digit is still searched.
func TestRankingShortSearch(t *testing.T) {
	e := newEnv(t, "sqlite")
	c := e.login("admin")
	for _, tc := range []struct {
		q      string
		status int
		hint   bool
	}{{"红", http.StatusBadRequest, true}, {"红 棉", http.StatusBadRequest, true}, {"红棉", http.StatusOK, false}, {"9", http.StatusOK, false}} {
		status, body := e.get(c, "/admin/ranking?q="+url.QueryEscape(tc.q))
		if status != tc.status || strings.Contains(body, "请至少输入两个字") != tc.hint {
			t.Errorf("GET ranking?q=%s = %d, hint shown %v; want %d, %v", tc.q, status, !tc.hint, tc.status, tc.hint)
		}
	}
}

// TestRankingGridFollowsStreet: a grid of another street than the one
// chosen is dropped (the street wins), and a grid alone lists its street's
// grids in the picker.
func TestRankingGridFollowsStreet(t *testing.T) {
	e := newEnv(t, "sqlite")
	c := e.login("admin")
	status, body := e.get(c, "/admin/ranking?street=440604011&grid=440604012002")
	if status != http.StatusOK || !strings.Contains(body, "石湾红棉酒家") || strings.Contains(body, "绿叶陶瓷") {
		t.Errorf("street 石湾 with a 祖庙 grid = %d, want 石湾's firms:\n%.1500s", status, body)
	}
	status, body = e.get(c, "/admin/ranking?grid=440604012002")
	if status != http.StatusOK || !strings.Contains(body, `<option value="440604012002" selected>`) {
		t.Errorf("grid alone = %d, want the grid picker to list and select it", status)
	}
}
