package models

import (
	"fmt"
	"io/fs"
	"time"

	"github.com/goccy/go-yaml"
)

// Calendar tells working days from days off: weekends and official holidays
// are off, except the make-up workdays (调休) the State Council announces.
type Calendar struct {
	loc      *time.Location
	off      map[string]string // date -> holiday name
	workdays map[string]bool
	lastYear int
}

// LoadCalendar reads holidays.yaml from fsys; dates are in loc.
func LoadCalendar(fsys fs.FS, name string, loc *time.Location) (*Calendar, error) {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	var doc struct {
		Years map[int]struct {
			Holidays []struct {
				Name string `yaml:"name"`
				From string `yaml:"from"`
				To   string `yaml:"to"`
			} `yaml:"holidays"`
			Workdays []string `yaml:"workdays"`
		} `yaml:"years"`
	}
	if err := yaml.UnmarshalWithOptions(src, &doc, yaml.Strict()); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	c := &Calendar{loc: loc, off: map[string]string{}, workdays: map[string]bool{}}
	for year, y := range doc.Years {
		c.lastYear = max(c.lastYear, year)
		for _, h := range y.Holidays {
			from, err1 := time.ParseInLocation(time.DateOnly, h.From, loc)
			to, err2 := time.ParseInLocation(time.DateOnly, h.To, loc)
			if err1 != nil || err2 != nil || to.Before(from) || from.Year() != year {
				return nil, fmt.Errorf("%s: years.%d: holiday %s: bad dates %s..%s", name, year, h.Name, h.From, h.To)
			}
			for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
				c.off[d.Format(time.DateOnly)] = h.Name
			}
		}
		for _, w := range y.Workdays {
			d, err := time.ParseInLocation(time.DateOnly, w, loc)
			if err != nil || d.Year() != year {
				return nil, fmt.Errorf("%s: years.%d: bad workday %q", name, year, w)
			}
			if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
				return nil, fmt.Errorf("%s: years.%d: make-up workday %s is not a weekend day", name, year, w)
			}
			c.workdays[w] = true
		}
	}
	return c, nil
}

// LastYear is the last year the calendar lists.
func (c *Calendar) LastYear() int { return c.lastYear }

// Location is the calendar's time zone.
func (c *Calendar) Location() *time.Location { return c.loc }

// IsWorkday reports whether the calendar day of t (in the calendar's zone) is
// a working day.
func (c *Calendar) IsWorkday(t time.Time) bool {
	key := t.In(c.loc).Format(time.DateOnly)
	if c.workdays[key] {
		return true
	}
	if _, ok := c.off[key]; ok {
		return false
	}
	wd := t.In(c.loc).Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// AddWorkdays returns the end (23:59:59.999 local) of the n-th working day
// after the day of t: a deadline of n working days from t.
func (c *Calendar) AddWorkdays(t time.Time, n int) time.Time {
	d := t.In(c.loc)
	d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, c.loc)
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if c.IsWorkday(d) {
			n--
		}
	}
	return d.AddDate(0, 0, 1).Add(-time.Millisecond)
}
