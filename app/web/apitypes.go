package web

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// The /api/v1 wire types live in the apitypes_*.go files, apart from the
// storage types: snake_case names, nested objects as JSON, dates as
// YYYY-MM-DD, instants in RFC 3339 with the district's zone, and every code
// next to its Chinese label. The OpenAPI document is generated from them
// (openapi_gen.go), reading the tags description, enum, example and format.

// Coded is a code with its Chinese label.
type Coded struct {
	Code string `json:"code" description:"代码" example:"sampled"`
	Name string `json:"name" description:"中文名称" example:"随机抽查"`
}

// Date is a calendar day in SELFCHECK_TZ, YYYY-MM-DD.
type Date string

// Instant is a moment in RFC 3339 with the offset of SELFCHECK_TZ.
type Instant string

// initAPI sets up what the API needs beyond the pages: the change feed's
// settling time.
func (s *Server) initAPI(d Deps) error {
	s.feedSettle = d.FeedSettle
	if s.feedSettle == 0 {
		s.feedSettle = defaultFeedSettle
	}
	return nil
}

// coded pairs a code of kind (a section of labels.yaml) with its label.
func (s *Server) coded(kind, code string) Coded {
	// Label falls back to the code itself, nil Labels included.
	return Coded{Code: code, Name: s.labels.Label(kind, code)}
}

// codedPtr is coded, nil for an empty code.
func (s *Server) codedPtr(kind, code string) *Coded {
	if code == "" {
		return nil
	}
	c := s.coded(kind, code)
	return &c
}

// streetOf is a street code with the street's name.
func (s *Server) streetOf(code string) *Coded {
	if code == "" {
		return nil
	}
	if st, ok := s.district.Street(code); ok {
		return &Coded{Code: st.Code, Name: st.Name}
	}
	return &Coded{Code: code, Name: code}
}

// gridOf is a grid code with the grid's name; street is the street the
// record names, kept for the call sites' symmetry.
func (s *Server) gridOf(street, code string) *Coded {
	if code == "" {
		return nil
	}
	if g, ok := s.district.Grid(code); ok {
		return &Coded{Code: g.Code, Name: g.Name}
	}
	return &Coded{Code: code, Name: code}
}

// day is t's calendar day in the district's zone.
func (s *Server) day(t time.Time) Date {
	if t.IsZero() {
		return ""
	}
	return Date(t.In(s.loc).Format(time.DateOnly))
}

// dayPtr is day, nil for nil.
func (s *Server) dayPtr(t *time.Time) *Date {
	if t == nil || t.IsZero() {
		return nil
	}
	d := s.day(*t)
	return &d
}

// instant is t in RFC 3339 with the district's offset.
func (s *Server) instant(t time.Time) Instant {
	return Instant(t.In(s.loc).Format(time.RFC3339))
}

// instantPtr is instant, nil for nil.
func (s *Server) instantPtr(t *time.Time) *Instant {
	if t == nil || t.IsZero() {
		return nil
	}
	i := s.instant(*t)
	return &i
}

// points is a decimal with two places, as the explanation shows it.
func points(d decimal.Decimal) string { return d.StringFixed(2) }

// pointsPtr is points, nil for nil.
func pointsPtr(d *decimal.Decimal) *string {
	if d == nil {
		return nil
	}
	p := points(*d)
	return &p
}

// orEmpty makes a nil slice an empty one, so lists are [] and never null.
func orEmpty[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}

// convert maps every element of in through f.
func convert[A, B any](in []A, f func(A) B) []B {
	out := make([]B, 0, len(in))
	for _, a := range in {
		out = append(out, f(a))
	}
	return out
}

// streetCode turns a street given by code or name into its code.
func (s *Server) streetCode(v string) string {
	if st, ok := s.district.Street(v); ok && v != "" {
		return st.Code
	}
	return v
}

// streetCodes turns streets given by code or name into codes; an unknown
// street stays as given for the validation to refuse.
func (s *Server) streetCodes(in []string) []string {
	out := make([]string, 0, len(in))
	for _, v := range in {
		if st, ok := s.district.Street(v); ok {
			v = st.Code
		}
		out = append(out, v)
	}
	return out
}

// sortedKeys returns m's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// jsonText is v as JSON text, or as Go prints it when it cannot be encoded.
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
