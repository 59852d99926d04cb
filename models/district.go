package models

import (
	"fmt"
	"io/fs"

	"github.com/goccy/go-yaml"
)

// District is the reference data of the district the service runs in: its
// streets (镇街) with their grids (网格, one per 村/社区) and the industry classes
// firms are registered under. It is read from templates/district.yaml.
type District struct {
	Code       string     `yaml:"code"`
	Name       string     `yaml:"name"`
	BBox       BBox       `yaml:"bbox"`
	Streets    []Street   `yaml:"-"`
	Industries []Industry `yaml:"-"`

	streets    map[string]*Street
	grids      map[string]*Grid
	industries map[string]*Industry
}

// BBox is a WGS-84 bounding box.
type BBox struct {
	MinLat float64 `yaml:"min_lat"`
	MaxLat float64 `yaml:"max_lat"`
	MinLon float64 `yaml:"min_lon"`
	MaxLon float64 `yaml:"max_lon"`
}

// Contains reports whether the point lies inside the box.
func (b BBox) Contains(lat, lon float64) bool {
	return lat >= b.MinLat && lat <= b.MaxLat && lon >= b.MinLon && lon <= b.MaxLon
}

// Street is a town-level unit (街道 or 镇).
type Street struct {
	Code   string `yaml:"code"`
	Name   string `yaml:"name"`
	Center struct {
		Lat float64 `yaml:"lat"`
		Lon float64 `yaml:"lon"`
	} `yaml:"center"`
	Grids []Grid `yaml:"grids"`
}

// Grid is a 村 or 社区, the unit a grid worker (网格员) covers.
type Grid struct {
	Code   string `yaml:"code"`
	Name   string `yaml:"name"`
	Street string `yaml:"-"`
}

// Industry is a GB/T 4754-2017 class with the product's category and the
// applicability tags of the checklist.
type Industry struct {
	Code     string   `yaml:"code"`
	Name     string   `yaml:"name"`
	Category string   `yaml:"category"`
	Tags     []string `yaml:"tags"`
}

// LoadDistrict reads and checks district.yaml from fsys.
func LoadDistrict(fsys fs.FS, name string) (*District, error) {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	var doc struct {
		District   District   `yaml:"district"`
		Streets    []Street   `yaml:"streets"`
		Industries []Industry `yaml:"industries"`
	}
	if err := yaml.UnmarshalWithOptions(src, &doc, yaml.Strict()); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	d := &doc.District
	d.Streets, d.Industries = doc.Streets, doc.Industries
	d.streets = map[string]*Street{}
	d.grids = map[string]*Grid{}
	d.industries = map[string]*Industry{}
	for i := range d.Streets {
		st := &d.Streets[i]
		if st.Code == "" || st.Name == "" || len(st.Grids) == 0 {
			return nil, fmt.Errorf("%s: street %d: code, name and grids are required", name, i+1)
		}
		if d.streets[st.Code] != nil {
			return nil, fmt.Errorf("%s: street %s listed twice", name, st.Code)
		}
		d.streets[st.Code] = st
		for j := range st.Grids {
			g := &st.Grids[j]
			g.Street = st.Code
			if d.grids[g.Code] != nil {
				return nil, fmt.Errorf("%s: grid %s listed twice", name, g.Code)
			}
			d.grids[g.Code] = g
		}
	}
	for i := range d.Industries {
		in := &d.Industries[i]
		if in.Code == "" || in.Category == "" {
			return nil, fmt.Errorf("%s: industry %d: code and category are required", name, i+1)
		}
		if d.industries[in.Code] != nil {
			return nil, fmt.Errorf("%s: industry %s listed twice", name, in.Code)
		}
		d.industries[in.Code] = in
	}
	if len(d.Streets) == 0 || len(d.Industries) == 0 {
		return nil, fmt.Errorf("%s: needs streets and industries", name)
	}
	return d, nil
}

// Street returns the street with the given code or name.
func (d *District) Street(codeOrName string) (*Street, bool) {
	if st, ok := d.streets[codeOrName]; ok {
		return st, true
	}
	for i := range d.Streets {
		if d.Streets[i].Name == codeOrName {
			return &d.Streets[i], true
		}
	}
	return nil, false
}

// Grid returns the grid with the given code.
func (d *District) Grid(code string) (*Grid, bool) {
	g, ok := d.grids[code]
	return g, ok
}

// GridByName returns the grid of street st whose name is name (a 社区 may be
// written with or without its suffix).
func (d *District) GridByName(st *Street, name string) (*Grid, bool) {
	for i := range st.Grids {
		g := &st.Grids[i]
		if g.Name == name || g.Name == name+"社区" || g.Code == name {
			return g, true
		}
	}
	return nil, false
}

// Industry returns the industry with the given GB/T 4754 code. A code given
// without its section letter ("6210") or with a different case is accepted.
func (d *District) Industry(code string) (*Industry, bool) {
	if in, ok := d.industries[code]; ok {
		return in, true
	}
	for i := range d.Industries {
		in := &d.Industries[i]
		if in.Code[1:] == code || in.Name == code {
			return in, true
		}
	}
	return nil, false
}
