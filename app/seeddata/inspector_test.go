package seeddata

import (
	"testing"
	"time"

	"selfcheck/models/modelstest"
)

// TestRoster checks the demo roster's shape: 6 to 20 drawable inspectors
// per department, at least two of them in every street, and one expired
// certificate per department that is never drawable.
func TestRoster(t *testing.T) {
	d := modelstest.District(t)
	today := time.Date(2026, 5, 11, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))
	depts := []string{"消防救援", "市场监管", "应急管理"}
	people := Roster(depts, d, 1, today)
	for _, dept := range depts {
		certified, expired := 0, 0
		perStreet := map[string]int{}
		for i := range people {
			p := &people[i]
			if p.Department != dept {
				continue
			}
			if !p.CertValid(today) {
				expired++
				continue
			}
			certified++
			for _, st := range d.Streets {
				if p.Covers(st.Code) {
					perStreet[st.Code]++
				}
			}
		}
		if certified < 6 || certified > 20 || expired != 1 {
			t.Errorf("%s: %d certified, %d expired; want 6-20 and 1", dept, certified, expired)
		}
		for _, st := range d.Streets {
			if perStreet[st.Code] < 2 {
				t.Errorf("%s: %d inspectors cover %s, want >= 2", dept, perStreet[st.Code], st.Name)
			}
		}
	}
	again := Roster(depts, d, 1, today)
	if len(again) != len(people) || again[0].Name != people[0].Name {
		t.Errorf("Roster is not reproducible")
	}
}
