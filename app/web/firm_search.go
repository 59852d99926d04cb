package web

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"selfcheck/models"
)

// firmHit is one firm a picker offers.
type firmHit struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	USCC   string `json:"uscc"`
	Street string `json:"street"`
}

// firmSearchLimit is how many firms a picker offers at once.
const firmSearchLimit = 10

// firmSearch answers a form's firm picker: the firms of the user's scope
// whose name contains the words typed (through the ranking's bigram name
// search) or whose code starts with them. One character cannot be searched
// by name: the answer says so instead of offering nothing.
func (s *Server) firmSearch(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	out := map[string]any{"firms": []firmHit{}}
	if utf8.RuneCountInString(q) < 2 {
		out["hint"] = "请至少输入企业名称中的两个字，或统一社会信用代码的开头"
		s.writeJSON(w, http.StatusOK, out)
		return nil
	}
	f, fields := s.parseRanking(url.Values{"q": {q}}, userFrom(r.Context()))
	if fields != nil {
		return fieldsError(fields)
	}
	f.Limit = firmSearchLimit
	p, err := s.store.Ranking(r.Context(), f)
	if err != nil {
		return err
	}
	hits := make([]firmHit, 0, len(p.Rows))
	for _, row := range p.Rows {
		hits = append(hits, firmHit{ID: row.EnterpriseID, Name: row.Name, USCC: row.USCC, Street: s.streetName(row.StreetCode)})
	}
	out["firms"] = hits
	if len(hits) == 0 {
		out["hint"] = "未找到名称含“" + q + "”的企业"
	}
	s.writeJSON(w, http.StatusOK, out)
	return nil
}

// streetName names a street by its code, or returns the code.
func (s *Server) streetName(code string) string {
	if st, ok := s.district.Street(code); ok {
		return st.Name
	}
	return code
}

// streetGrids are a street's grids, for the street → grid picker.
type streetGrids struct {
	Code, Name string
	Grids      []models.Grid
}

// gridPicker lists every street with its grids; the page's script shows
// only the chosen street's, and without it the grids stay grouped by street.
func (s *Server) gridPicker() []streetGrids {
	out := make([]streetGrids, 0, len(s.district.Streets))
	for _, st := range s.district.Streets {
		out = append(out, streetGrids{Code: st.Code, Name: st.Name, Grids: st.Grids})
	}
	return out
}
