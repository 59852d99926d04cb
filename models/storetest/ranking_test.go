package storetest

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// spreadScorer gives firm i the score 300 + i mod 600 and grade by the
// default thresholds, so rankings have ties and every grade.
func spreadScorer(e *models.Enterprise, _ []models.CreditEvent, _ time.Time) models.ScoreResult {
	shown := decimal.NewFromInt(300 + e.ID%600)
	grade := "D"
	switch {
	case shown.GreaterThanOrEqual(decimal.NewFromInt(850)):
		grade = "A"
	case shown.GreaterThanOrEqual(decimal.NewFromInt(700)):
		grade = "B"
	case shown.GreaterThanOrEqual(decimal.NewFromInt(550)):
		grade = "C"
	}
	return models.ScoreResult{Raw: shown, Shown: shown, Grade: grade, Decision: "sampled", ParamsID: 1}
}

// TestRankingSearchPaths runs the same searches through both plans: from the
// bigram matches (few firms) and by scanning the ranking order (more firms
// than the candidate limit share every gram).
func TestRankingSearchPaths(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		d := modelstest.District(t)
		const n = 5200
		firms := make([]models.Enterprise, n)
		for i := range firms {
			name := fmt.Sprintf("佛山市禅城区通用贸易商行%d", i)
			if i%1000 == 7 {
				name = fmt.Sprintf("佛山市禅城区稀有陶瓷厂%d", i)
			}
			firms[i] = models.Enterprise{USCC: modelstest.NewUSCC(), Name: name, IndustryCode: "H6210",
				StreetCode: []string{"440604012", "440604011"}[i%2]}
			if err := firms[i].Validate(d); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.InsertEnterprises(ctx, firms); err != nil {
			t.Fatal(err)
		}
		if _, err := s.RescoreRange(ctx, 0, firms[n-1].ID, spreadScorer); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name  string
			f     models.RankingFilter
			count int
		}{
			{"Rare", models.RankingFilter{Query: "稀有陶瓷"}, 6},
			{"RareStreet", models.RankingFilter{Query: "稀有", Street: "440604011"}, 6},
			{"Common", models.RankingFilter{Query: "通用贸易"}, n - 6},
			{"CommonGrade", models.RankingFilter{Query: "贸易商行", Grade: "A"}, -1},
			{"CodePrefix", models.RankingFilter{Query: firms[42].USCC}, 1},
			{"None", models.RankingFilter{Query: "不存在"}, 0},
			{"All", models.RankingFilter{}, n},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				var got []models.RankingRow
				f := tc.f
				f.Limit = 500
				if err := s.RankingEach(ctx, f, func(r models.RankingRow) error { got = append(got, r); return nil }); err != nil {
					t.Fatal(err)
				}
				// The expected rows, filtered and ordered in Go.
				var want []int64
				for i := len(firms) - 1; i >= 0; i-- {
					want = append(want, firms[i].ID)
				}
				var filtered []int64
				for _, id := range want {
					e := firms[id-firms[0].ID]
					r := spreadScorer(&e, nil, time.Time{})
					if (f.Street == "" || e.StreetCode == f.Street) && (f.Grade == "" || r.Grade == f.Grade) &&
						matches(e, f.Query) {
						filtered = append(filtered, id)
					}
				}
				sortByScore(filtered)
				ids := make([]int64, len(got))
				for i, r := range got {
					ids[i] = r.EnterpriseID
				}
				if diff := cmp.Diff(filtered, ids, cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("Ranking(%+v) (-want +got):\n%.2000s", tc.f, diff)
				}
				if tc.count >= 0 && len(ids) != tc.count {
					t.Errorf("Ranking(%+v) has %d firms, want %d", tc.f, len(ids), tc.count)
				}
			})
		}
		dist, err := s.GradeDistribution(ctx, "street", "")
		if err != nil {
			t.Fatal(err)
		}
		var total int64
		for _, g := range dist {
			total += g.Count
		}
		if total != n || len(dist) != 8 {
			t.Errorf("GradeDistribution = %+v, want 2 streets x 4 grades summing to %d", dist, n)
		}
	})
}

func matches(e models.Enterprise, q string) bool {
	return q == "" || q == e.USCC || strings.Contains(e.Name, q)
}

// sortByScore orders ids by the spread score descending, then id descending.
func sortByScore(ids []int64) {
	score := func(id int64) int64 { return 300 + id%600 }
	sort.Slice(ids, func(i, j int) bool {
		a, b := ids[i], ids[j]
		return score(a) > score(b) || (score(a) == score(b) && a > b)
	})
}
