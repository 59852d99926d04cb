package scoring

import "testing"

func BenchmarkScore(b *testing.B) {
	p := DefaultParams()
	events := randomEvents(b, newRand(9), p, 20, propertyAt)
	b.ReportAllocs()
	for b.Loop() {
		Score(p, events, propertyAt)
	}
}

func BenchmarkDrawAudit(b *testing.B) {
	pop := population(map[Grade]int{GradeA: 30000, GradeB: 50000, GradeC: 15000, GradeD: 5000})
	rates := DefaultParams().AuditRates()
	b.ReportAllocs()
	for b.Loop() {
		DrawAudit(pop, rates, 1)
	}
}

func BenchmarkSummarize(b *testing.B) {
	p := DefaultParams()
	events := randomEvents(b, newRand(9), p, 20, propertyAt)
	b.ReportAllocs()
	for b.Loop() {
		Summarize(p, events, propertyAt)
	}
}
