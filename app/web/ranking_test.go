package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"selfcheck/app/web"
	"selfcheck/models"
	"selfcheck/models/modelstest"
)

type rankingBody struct {
	Items []web.RankingItem
	Next  string
	Error struct {
		Code   string
		Fields map[string]string
	}
}

func names(rows []web.RankingItem) []string {
	out := []string{}
	for _, r := range rows {
		out = append(out, r.Name)
	}
	return out
}

func TestRankingAPI(t *testing.T) {
	for _, dialect := range modelstest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			e := newEnv(t, dialect)
			admin, street := e.token("admin"), e.token("zumiao")
			tests := []struct {
				name, token, query string
				status             int
				want               []string
				field              string
			}{
				{"OKAll", admin, "", 200, []string{"佛山市禅城区红棉餐厅", "佛山市禅城区绿叶陶瓷有限公司", "佛山市石湾红棉酒家"}, ""},
				{"OKName", admin, "q=红棉", 200, []string{"佛山市禅城区红棉餐厅", "佛山市石湾红棉酒家"}, ""},
				{"OKNameWords", admin, "q=石湾+酒家", 200, []string{"佛山市石湾红棉酒家"}, ""},
				{"OKNameNone", admin, "q=不存在的名字", 200, []string{}, ""},
				{"OKCode", admin, "q=" + strings.ToLower(e.firms[1].USCC), 200, []string{"佛山市禅城区绿叶陶瓷有限公司"}, ""},
				{"OKStreet", admin, "street=440604011", 200, []string{"佛山市石湾红棉酒家"}, ""},
				{"OKGrid", admin, "street=440604012&grid=440604012002", 200, []string{"佛山市禅城区绿叶陶瓷有限公司"}, ""},
				{"OKIndustry", admin, "industry=制造", 200, []string{"佛山市禅城区绿叶陶瓷有限公司"}, ""},
				{"OKStreetScope", street, "", 200, []string{"佛山市禅城区红棉餐厅", "佛山市禅城区绿叶陶瓷有限公司"}, ""},
				{"ErrStreetScope", street, "street=440604011", 400, nil, "street"},
				{"ErrGrade", admin, "grade=E", 400, nil, "grade"},
				{"ErrLimit", admin, "limit=abc", 400, nil, "limit"},
				{"ErrLimitRange", admin, "limit=501", 400, nil, "limit"},
				{"ErrStreet", admin, "street=999", 400, nil, "street"},
				{"ErrGridOfOtherStreet", admin, "street=440604011&grid=440604012002", 400, nil, "grid"},
				{"ErrCursor", admin, "after=zzz", 400, nil, ""},
			}
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					var got rankingBody
					status := e.api(tc.token, "GET", "/api/v1/ranking?"+tc.query, "", &got)
					if status != tc.status {
						t.Fatalf("GET ranking?%s = %d %+v, want %d", tc.query, status, got.Error, tc.status)
					}
					if tc.status != 200 {
						if got.Error.Code != models.EINVALID || (tc.field != "" && got.Error.Fields[tc.field] == "") {
							t.Errorf("error = %+v, want invalid on %q", got.Error, tc.field)
						}
						return
					}
					// All firms score the same base, so ties are broken by id, descending.
					want := append([]string{}, tc.want...)
					for i, j := 0, len(want)-1; i < j; i, j = i+1, j-1 {
						want[i], want[j] = want[j], want[i]
					}
					if diff := cmp.Diff(want, names(got.Items)); diff != "" {
						t.Errorf("ranking?%s (-want +got):\n%s", tc.query, diff)
					}
				})
			}
		})
	}
}

func TestRankingKeyset(t *testing.T) {
	for _, dialect := range modelstest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			e := newEnv(t, dialect)
			tok := e.token("admin")
			for _, sort := range []string{"score_desc", "score_asc"} {
				var seen []int64
				after := ""
				for page := 0; page < 5; page++ {
					var got rankingBody
					if status := e.api(tok, "GET", "/api/v1/ranking?limit=1&sort="+sort+"&after="+after, "", &got); status != 200 {
						t.Fatalf("page %d = %d", page, status)
					}
					for _, r := range got.Items {
						seen = append(seen, r.ID)
					}
					if after = got.Next; after == "" {
						break
					}
				}
				want := []int64{e.firms[2].ID, e.firms[1].ID, e.firms[0].ID}
				if sort == "score_asc" {
					want = []int64{e.firms[0].ID, e.firms[1].ID, e.firms[2].ID}
				}
				if diff := cmp.Diff(want, seen); diff != "" {
					t.Errorf("%s pages (-want +got):\n%s", sort, diff)
				}
			}
		})
	}
}

func TestRankingPage(t *testing.T) {
	e := newEnv(t, "sqlite")
	c := e.login("admin")
	status, body := e.get(c, "/admin/ranking?q=绿叶")
	if status != http.StatusOK || !strings.Contains(body, "佛山市禅城区绿叶陶瓷有限公司") || strings.Contains(body, "红棉餐厅") {
		t.Errorf("ranking?q=绿叶 = %d, want only the ceramics firm", status)
	}
	status, body = e.get(c, "/admin/ranking?grade=X&q=红棉")
	if status != http.StatusBadRequest || !strings.Contains(body, "等级必须是[A B C D]中的一个") || !strings.Contains(body, `value="红棉"`) {
		t.Errorf("ranking?grade=X = %d, want 400 with the error and the input kept: %.500s", status, body)
	}
}
