package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// bulkFirm returns a valid firm that is not stored yet.
func bulkFirm(t *testing.T, name string) models.Enterprise {
	t.Helper()
	lat, lon := 23.03, 113.12
	e := models.Enterprise{
		USCC: modelstest.NewUSCC(), Name: name, IndustryCode: "H6210", StreetCode: "440604012",
		GridCode: "440604012001", Address: "祖庙路1号\t之2\\3", Size: "小型", Lat: &lat, Lon: &lon,
	}
	if err := e.Validate(modelstest.District(t)); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestBulkLoad(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		at := time.Date(2025, 1, 6, 1, 30, 0, 0, time.UTC)
		old := modelstest.Enterprise(t, s, nil)
		// A clock with nanoseconds: the load must store them as an insert
		// does, without a truncation warning.
		s.Now = func() time.Time { return at.AddDate(0, 3, 0).Add(123456789) }
		campaigns := &models.HistoryBatch{Campaigns: []models.Campaign{{
			Name: "2025年1月综合自查", VersionID: 1, Audience: "enterprise", Filter: "{}", DeadlineDays: 10,
			Status: "closed", CreatedAt: at, UpdatedAt: at,
		}}}
		if err := s.InsertHistory(ctx, campaigns); err != nil {
			t.Fatal(err)
		}

		l, err := s.BeginBulkLoad(ctx, models.BulkOptions{Writers: 2})
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		if s.Dialect() == "mysql" {
			if _, err := s.BeginBulkLoad(ctx, models.BulkOptions{}); !errors.Is(err, models.ErrSeedRunning) {
				t.Errorf("a second bulk load while one is open: %v, want ErrSeedRunning", err)
			}
		}
		next := l.NextIDs()
		if next.Enterprise != old.ID+1 || next.Assignment != 1 || next.CreditEvent != 1 {
			t.Errorf("NextIDs = %+v; want enterprise %d and 1 for empty tables", next, old.ID+1)
		}

		// A firm whose name and address need escaping in LOAD DATA's format.
		e := bulkFirm(t, `佛山市禅城区"好味\道"餐饮😀店`)
		e.ID = next.Enterprise
		next.Enterprise++
		b := historyBatch(e.ID, campaigns.Campaigns[0].ID, at)
		b.Reports[0].Description = "油烟\t直排\n😷 \\N"
		b.Reports[0].Lat = nil
		if err := l.Write(ctx, []models.Enterprise{e}, b); err == nil {
			t.Error("Write of a batch with unresolved references: no error")
		}
		if err := b.AssignIDs(&next); err != nil {
			t.Fatal(err)
		}
		if err := l.Write(ctx, []models.Enterprise{e}, b); err != nil {
			t.Fatal(err)
		}

		// Rows read back as written, with the ids and references assigned.
		got, err := s.EnterpriseByUSCC(ctx, e.USCC)
		if err != nil {
			t.Fatal(err)
		}
		e.CreatedAt, e.UpdatedAt = s.Now().UTC(), s.Now().UTC()
		opts := cmp.Options{cmpopts.EquateApproxTime(time.Millisecond), cmp.Comparer(func(x, y decimal.Decimal) bool { return x.Equal(y) })}
		if diff := cmp.Diff(&e, got, opts); diff != "" {
			t.Errorf("firm after Write (-want +got):\n%s", diff)
		}
		var grams []string
		if err := s.DB().Raw("SELECT gram FROM enterprise_bigrams WHERE enterprise_id = ? ORDER BY gram", e.ID).Scan(&grams).Error; err != nil {
			t.Fatal(err)
		}
		want := models.NameBigrams(e.Name)
		slices.Sort(want)
		if diff := cmp.Diff(want, grams); diff != "" {
			t.Errorf("name index after Write (-want +got):\n%s", diff)
		}
		a := b.Assignments[0]
		if b.Answers[0].AssignmentID != a.ID || *b.Findings[0].AssignmentID != a.ID || *b.Findings[1].VisitID != b.Visits[0].ID ||
			b.ReportEvents[1].ReportID != b.Reports[0].ID {
			t.Errorf("references not resolved")
		}
		roundTrip(t, s, "assignments", b.Assignments, opts)
		roundTrip(t, s, "visits", b.Visits, opts)
		roundTrip(t, s, "citizen_reports", b.Reports, opts)
		var findings []models.Finding
		for _, f := range b.Findings {
			findings = append(findings, f.Finding)
		}
		roundTrip(t, s, "findings", findings, opts)
		var answers []models.Answer
		for _, a := range b.Answers {
			answers = append(answers, a.Answer)
		}
		roundTrip(t, s, "answers", answers, opts)
		var events []models.ReportEvent
		for _, e := range b.ReportEvents {
			events = append(events, e.ReportEvent)
		}
		roundTrip(t, s, "report_events", events, opts)
		roundTrip(t, s, "seed_profiles", b.Profiles, opts)
		var ledger []models.CreditEvent
		for _, e := range b.CreditEvents {
			e.CreatedAt = s.Now().UTC()
			ledger = append(ledger, e.CreditEvent)
		}
		roundTrip(t, s, "credit_events", ledger, opts)
		if k := b.CreditEvents[2].SourceKey; k != "finding:"+itoa(b.Findings[1].ID)+":finding_onsite" {
			t.Errorf("source key %q", k)
		}

		// Ids already taken fail the whole Write.
		dup := historyBatch(e.ID, campaigns.Campaigns[0].ID, at)
		dup.Reports[0].TicketNo = "S250101000000011"
		again := l.NextIDs()
		again.Enterprise = next.Enterprise
		if err := dup.AssignIDs(&again); err != nil {
			t.Fatal(err)
		}
		fresh := bulkFirm(t, "佛山市禅城区新来的餐饮店")
		fresh.ID = again.Enterprise
		if err := l.Write(ctx, []models.Enterprise{fresh}, dup); err == nil {
			t.Error("Write reusing ids: no error")
		}
		if _, err := s.EnterpriseByUSCC(ctx, fresh.USCC); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("firm of a failed Write: %v; want not found (one transaction)", err)
		}
		if err := l.Close(); err != nil {
			t.Fatal(err)
		}
		// Closed, the lock is free again.
		l2, err := s.BeginBulkLoad(ctx, models.BulkOptions{})
		if err != nil {
			t.Fatalf("bulk load after Close: %v", err)
		}
		if n := l2.NextIDs(); n.Enterprise != e.ID+1 || n.CreditEvent != int64(len(b.CreditEvents))+1 {
			t.Errorf("NextIDs after a write = %+v", n)
		}
		l2.Close()
	})
}

func TestAssignIDs(t *testing.T) {
	at := time.Date(2025, 1, 6, 1, 30, 0, 0, time.UTC)
	b := historyBatch(7, 3, at)
	next := models.NextIDs{Assignment: 10, Answer: 20, Visit: 30, Finding: 40, Report: 50, ReportEvent: 60, CreditEvent: 70}
	if err := b.AssignIDs(&next); err != nil {
		t.Fatal(err)
	}
	want := models.NextIDs{Assignment: 11, Answer: 21, Visit: 31, Finding: 42, Report: 51, ReportEvent: 62, CreditEvent: 74}
	if next != want {
		t.Errorf("counters after AssignIDs = %+v, want %+v", next, want)
	}
	var keys []string
	for _, e := range b.CreditEvents {
		keys = append(keys, e.SourceKey)
	}
	if diff := cmp.Diff([]string{"assignment:10:selfcheck_on_time", "finding:40:finding_self_reported",
		"finding:41:finding_onsite", "report:50:citizen_report"}, keys); diff != "" {
		t.Errorf("source keys (-want +got):\n%s", diff)
	}
	if *b.Findings[1].VisitID != 30 || b.Answers[0].AssignmentID != 10 || b.ReportEvents[1].ReportID != 50 {
		t.Error("references not resolved")
	}
	bad := historyBatch(7, 3, at)
	bad.CreditEvents[0].Source = 5
	if err := bad.AssignIDs(&next); err == nil {
		t.Error("AssignIDs with a reference past the batch: no error")
	}
}
