package seeddata

import (
	"testing"

	"selfcheck/models"
)

// BenchmarkGenerate measures the CPU the generator spends per 1,000 firms
// (firms, name grams and history, no database): the part of a seed that Run
// spreads over Config.Generators goroutines.
func BenchmarkGenerate(b *testing.B) {
	g, err := New(runConfig(b, 5000))
	if err != nil {
		b.Fatal(err)
	}
	ids := make([]int64, len(campaignPlans))
	rows := 0
	for b.Loop() {
		var hb models.HistoryBatch
		for i := range 1000 {
			f, err := g.Firm(i)
			if err != nil {
				b.Fatal(err)
			}
			models.NameBigrams(f.Enterprise.Name)
			if err := g.AppendHistory(&hb, f, int64(i+1), ids); err != nil {
				b.Fatal(err)
			}
		}
		rows = hb.Len()
	}
	b.ReportMetric(float64(rows)/1000, "rows/firm")
}
