package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"selfcheck/models"
)

// defaultPageSize is the ranking page size when none is asked for.
const defaultPageSize = 50

// rankingQuery is the ranking's filter as it arrives in a query string.
type rankingQuery struct {
	Street   string `json:"street" label:"镇街" validate:"omitempty,max=12"`
	Grid     string `json:"grid" label:"网格" validate:"omitempty,max=15"`
	Industry string `json:"industry" label:"行业" validate:"omitempty,max=32"`
	Grade    string `json:"grade" label:"等级" validate:"omitempty,oneof=A B C D"`
	Q        string `json:"q" label:"搜索内容" validate:"omitempty,max=50"`
	Sort     string `json:"sort" label:"排序" validate:"omitempty,oneof=score_desc score_asc"`
	After    string `json:"after" label:"分页位置" validate:"omitempty,max=40"`
	Limit    int    `json:"limit" label:"每页条数" validate:"min=1,max=500"`
}

// parseRanking reads and checks a ranking filter for user u. A street user is
// held to its street. Field problems come back as a map.
func (s *Server) parseRanking(v url.Values, u *models.User) (models.RankingFilter, map[string]string) {
	q := rankingQuery{
		Street: s.streetCode(v.Get("street")), Grid: v.Get("grid"), Industry: v.Get("industry"), Grade: v.Get("grade"),
		Q: strings.TrimSpace(v.Get("q")), Sort: v.Get("sort"), After: v.Get("after"), Limit: defaultPageSize,
	}
	fields := map[string]string{}
	if l := v.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil {
			fields["limit"] = "每页条数必须是整数"
		} else {
			q.Limit = n
		}
	}
	for k, m := range s.check(&q) {
		fields[k] = m
	}
	if sc := s.scopeOf(u); sc.StreetFilter() != "" {
		if q.Street != "" && q.Street != sc.Street {
			fields["street"] = "只能查看本镇街的企业"
		}
		q.Street = sc.Street
	}
	if q.Street != "" && fields["street"] == "" {
		if st, ok := s.district.Street(q.Street); !ok || st.Code != q.Street {
			fields["street"] = "镇街不存在"
		}
	}
	if q.Grid != "" && fields["grid"] == "" {
		if g, ok := s.district.Grid(q.Grid); !ok || (q.Street != "" && g.Street != q.Street) {
			fields["grid"] = "网格不存在或不属于所选镇街"
		}
	}
	if q.Industry != "" && fields["industry"] == "" && !slices.Contains(s.categories(), q.Industry) {
		fields["industry"] = "行业不存在"
	}
	f := models.RankingFilter{Street: q.Street, Grid: q.Grid, Industry: q.Industry, Grade: q.Grade,
		Query: q.Q, Sort: q.Sort, After: q.After, Limit: q.Limit}
	if len(fields) > 0 {
		return f, fields
	}
	return f, nil
}

// categories lists the product's industry categories in district order.
func (s *Server) categories() []string {
	var out []string
	for _, in := range s.district.Industries {
		if !slices.Contains(out, in.Category) {
			out = append(out, in.Category)
		}
	}
	return out
}

// rankingData is the ranking page.
type rankingData struct {
	page
	Query      url.Values
	Filter     models.RankingFilter
	Fields     map[string]string
	Rows       []models.RankingRow
	Next       string
	First      int
	Streets    []models.Street
	Grids      []models.Grid
	Industries []string
	Grades     []string
	Locked     bool // the street filter is the user's scope
}

func (s *Server) rankingPage(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	f, fields := s.parseRanking(r.URL.Query(), u)
	d := &rankingData{page: page{Title: "信用排名", Nav: "ranking"}, Query: r.URL.Query(), Filter: f, Fields: fields,
		Streets: s.district.Streets, Industries: s.categories(), Grades: []string{"A", "B", "C", "D"},
		Locked: s.scopeOf(u).StreetFilter() != ""}
	if st, ok := s.district.Street(f.Street); ok {
		d.Grids = st.Grids
	}
	status := http.StatusOK
	if fields != nil {
		status = http.StatusBadRequest
	} else {
		p, err := s.store.Ranking(r.Context(), f)
		if err != nil {
			if models.ErrorCode(err) != models.EINVALID {
				return err
			}
			d.Fields, status = map[string]string{"after": models.ErrorMessage(err)}, http.StatusBadRequest
		} else {
			d.Rows, d.Next = p.Rows, p.Next
		}
	}
	s.render(w, r, status, "ranking", d)
	return nil
}

func (s *Server) apiRanking(w http.ResponseWriter, r *http.Request) error {
	f, fields := s.parseRanking(r.URL.Query(), userFrom(r.Context()))
	if fields != nil {
		return fieldsError(fields)
	}
	p, err := s.store.Ranking(r.Context(), f)
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, s.rankingV1(p))
	return nil
}
