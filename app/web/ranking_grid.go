package web

import (
	"net/url"

	"selfcheck/models"
)

// gridOfStreet drops a grid filter that belongs to another street than the
// one chosen: changing the street on the page keeps the old grid in the
// form, and the new street should win rather than fail the whole filter.
func (s *Server) gridOfStreet(v url.Values) url.Values {
	street, grid := v.Get("street"), v.Get("grid")
	if street == "" || grid == "" {
		return v
	}
	if g, ok := s.district.Grid(grid); ok && g.Street != street {
		v = cloneValues(v)
		v.Del("grid")
	}
	return v
}

// gridsFor lists the grids the ranking's grid picker offers: those of the
// chosen street, or of the chosen grid's street when only a grid is given.
func (s *Server) gridsFor(street, grid string) []models.Grid {
	if street == "" && grid != "" {
		if g, ok := s.district.Grid(grid); ok {
			street = g.Street
		}
	}
	if st, ok := s.district.Street(street); ok {
		return st.Grids
	}
	return nil
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
