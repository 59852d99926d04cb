package seeddata

import (
	"context"
	"fmt"
	"time"

	"selfcheck/models"
)

// Summary counts what Run wrote.
type Summary struct {
	Firms int
	// FirstUSCC is the code of the first firm written: DemoUSCC when the run
	// started at offset 0.
	FirstUSCC  string
	Individual int            // firms registered as 个体工商户
	ByStreet   map[string]int // firms per street name
	ByCategory map[string]int // firms per industry category
	Rows       map[string]int // history rows per table
	Events     map[string]int // credit events per kind
	Elapsed    time.Duration
}

func newSummary() Summary {
	return Summary{ByStreet: map[string]int{}, ByCategory: map[string]int{}, Rows: map[string]int{}, Events: map[string]int{}}
}

func (s *Summary) addFirms(d *models.District, firms []Firm) {
	for _, f := range firms {
		e := &f.Enterprise
		if s.Firms == 0 {
			s.FirstUSCC = e.USCC
		}
		s.Firms++
		if e.USCC[:2] == "92" {
			s.Individual++
		}
		if st, ok := d.Street(e.StreetCode); ok {
			s.ByStreet[st.Name]++
		}
		s.ByCategory[e.Industry]++
	}
}

func (s *Summary) addHistory(b *models.HistoryBatch) {
	s.Rows["assignments"] += len(b.Assignments)
	s.Rows["answers"] += len(b.Answers)
	s.Rows["visits"] += len(b.Visits)
	s.Rows["findings"] += len(b.Findings)
	s.Rows["citizen_reports"] += len(b.Reports)
	s.Rows["report_events"] += len(b.ReportEvents)
	s.Rows["credit_events"] += len(b.CreditEvents)
	for _, e := range b.CreditEvents {
		s.Events[e.Kind]++
	}
}

// Run generates the district of cfg and writes it to s in chunks of
// cfg.ChunkSize firms, each chunk in two transactions (the firms, then their
// history), so memory stays bounded whatever the size. progress, when not
// nil, is told the number of firms written after each chunk. Generation of
// the next chunk overlaps the writing of the current one.
func Run(ctx context.Context, s *models.Store, cfg Config, progress func(done int)) (Summary, error) {
	began := time.Now()
	sum := newSummary()
	g, err := New(cfg)
	if err != nil {
		return sum, err
	}
	cfg = g.cfg
	campaigns := models.HistoryBatch{Campaigns: g.Campaigns()}
	if err := s.InsertHistory(ctx, &campaigns); err != nil {
		return sum, fmt.Errorf("store campaigns: %w", err)
	}
	sum.Rows["campaigns"] = len(campaigns.Campaigns)
	ids := make([]int64, len(campaigns.Campaigns))
	for i, c := range campaigns.Campaigns {
		ids[i] = c.ID
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type chunk struct {
		firms []Firm
		err   error
	}
	chunks := make(chan chunk, 1)
	go func() {
		defer close(chunks)
		for from := cfg.Offset; from < cfg.Offset+cfg.Enterprises; from += cfg.ChunkSize {
			to := min(from+cfg.ChunkSize, cfg.Offset+cfg.Enterprises)
			c := chunk{firms: make([]Firm, 0, to-from)}
			for i := from; i < to && c.err == nil; i++ {
				var f Firm
				f, c.err = g.Firm(i)
				c.firms = append(c.firms, f)
			}
			select {
			case chunks <- c:
			case <-ctx.Done():
				return
			}
			if c.err != nil {
				return
			}
		}
	}()
	for c := range chunks {
		if c.err != nil {
			return sum, c.err
		}
		if err := g.write(ctx, s, c.firms, ids, &sum); err != nil {
			return sum, err
		}
		if progress != nil {
			progress(sum.Firms)
		}
	}
	sum.Elapsed = time.Since(began)
	return sum, ctx.Err()
}

// write stores one chunk of firms, then their history.
func (g *Generator) write(ctx context.Context, s *models.Store, firms []Firm, campaignIDs []int64, sum *Summary) error {
	es := make([]models.Enterprise, len(firms))
	for i := range firms {
		es[i] = firms[i].Enterprise
	}
	if err := s.InsertEnterprises(ctx, es); err != nil {
		return fmt.Errorf("store firms %d-%d: %w", firms[0].Index, firms[len(firms)-1].Index, err)
	}
	var b models.HistoryBatch
	for i := range firms {
		firms[i].Enterprise.ID = es[i].ID
		if err := g.AppendHistory(&b, firms[i], es[i].ID, campaignIDs); err != nil {
			return err
		}
	}
	if err := s.InsertHistory(ctx, &b); err != nil {
		return fmt.Errorf("store history of firms %d-%d: %w", firms[0].Index, firms[len(firms)-1].Index, err)
	}
	sum.addFirms(g.cfg.District, firms)
	sum.addHistory(&b)
	return nil
}
