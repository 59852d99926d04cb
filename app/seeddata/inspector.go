package seeddata

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"selfcheck/models"
)

// Roster makes a realistic roster (执法人员名录库) for the departments:
// each gets 6 to 20 certified inspectors, every one covering two
// neighbouring streets so that each street has at least two of every
// department; certificates run one to five years past today, a few
// inspectors are away for a week within the next month, and each
// department has one more person whose certificate expired last month
// (on the roster, never drawn). The same seed gives the same roster.
func Roster(depts []string, d *models.District, seed uint64, today time.Time) []models.Inspector {
	var streets []string
	for _, st := range d.Streets {
		streets = append(streets, st.Code)
	}
	var out []models.Inspector
	for k, dept := range depts {
		r := rand.New(rand.NewPCG(seed, 0x1500+uint64(k)))
		n := 6 + r.IntN(15)
		for i := range n + 1 {
			p := models.Inspector{
				Name: personName(r), Department: dept, Active: true,
				CertNo: fmt.Sprintf("44060420%02d%04d", k+1, i+1),
			}
			exp := today.AddDate(1+r.IntN(5), r.IntN(12), 0)
			if i == n {
				exp = today.AddDate(0, -1, 0)
			}
			exp = exp.UTC()
			p.CertExpiresOn = &exp
			if len(streets) > 0 {
				cover := []string{streets[i%len(streets)]}
				if len(streets) > 1 {
					cover = append(cover, streets[(i+1)%len(streets)])
				}
				p.Streets = strings.Join(cover, ",")
			}
			if r.IntN(8) == 0 {
				from := today.AddDate(0, 0, 3+r.IntN(25))
				p.AwayDays = from.Format(time.DateOnly) + "~" + from.AddDate(0, 0, 6).Format(time.DateOnly)
			}
			out = append(out, p)
		}
	}
	return out
}
