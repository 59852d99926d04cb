package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// historyBatch returns one firm's small history: a self-check with a
// self-reported finding, a visit with an on-site finding, a citizen report
// with two status changes, the credit events of each and the hidden profile.
func historyBatch(firm int64, campaign int64, at time.Time) *models.HistoryBatch {
	ptr := func(t time.Time) *time.Time { return &t }
	no := false
	return &models.HistoryBatch{
		Assignments: []models.Assignment{{
			CampaignID: campaign, VersionID: 1, EnterpriseID: &firm, Status: models.AssignmentAccepted,
			DueAt: ptr(at.AddDate(0, 0, 14)), SubmittedAt: ptr(at.AddDate(0, 0, 3)), CreatedAt: at, UpdatedAt: at,
		}},
		Answers: []models.BatchAnswer{{
			Answer:     models.Answer{ItemID: "exits_clear", Value: "false", Compliant: &no, AnsweredAt: at.AddDate(0, 0, 3)},
			Assignment: 1,
		}},
		Visits: []models.Visit{{
			EnterpriseID: firm, PlannedOn: at.AddDate(0, 1, 0), Status: "done", Inspectors: "[]",
			Items: `["fire_doors_locked"]`, Outcome: "violations", CreatedAt: at, CompletedAt: ptr(at.AddDate(0, 1, 0)),
		}},
		Findings: []models.BatchFinding{
			{Finding: models.Finding{EnterpriseID: firm, Source: models.FindingSelfReported, ItemID: "exits_clear", Severity: "较重",
				Status: models.FindingClosed, DeadlineAt: at.AddDate(0, 0, 23), RectifiedAt: ptr(at.AddDate(0, 0, 10)),
				ClosedAt: ptr(at.AddDate(0, 0, 12)), CreatedAt: at.AddDate(0, 0, 3), UpdatedAt: at.AddDate(0, 0, 12)}, Assignment: 1},
			{Finding: models.Finding{EnterpriseID: firm, Source: models.FindingOnSite, ItemID: "fire_doors_locked", Severity: "严重",
				Status: models.FindingOpen, DeadlineAt: at.AddDate(0, 2, 0), CreatedAt: at.AddDate(0, 1, 0), UpdatedAt: at.AddDate(0, 1, 0)}, Visit: 1},
		},
		Reports: []models.CitizenReport{{
			TicketNo: "S250101000000010", Source: "chat", Category: "油烟污染", Description: "油烟直排😷", EnterpriseID: &firm,
			EnterpriseName: "测试餐饮店", StreetCode: "440604012", Department: "生态环境", Verified: true,
			Status: models.ReportDispatched, CreatedAt: at, UpdatedAt: at.Add(time.Hour),
		}},
		ReportEvents: []models.BatchReportEvent{
			{ReportEvent: models.ReportEvent{ToStatus: models.ReportNew, Actor: "citizen", CreatedAt: at}, Report: 1},
			{ReportEvent: models.ReportEvent{FromStatus: models.ReportNew, ToStatus: models.ReportDispatched, CreatedAt: at.Add(time.Hour)}, Report: 1},
		},
		CreditEvents: []models.BatchCreditEvent{
			{CreditEvent: credit(firm, "selfcheck_on_time", "", "10", at.AddDate(0, 0, 3), "assignment"), Source: 1},
			{CreditEvent: credit(firm, "finding_self_reported", "较重", "-5", at.AddDate(0, 0, 3), "finding"), Source: 1},
			{CreditEvent: credit(firm, "finding_onsite", "严重", "-80", at.AddDate(0, 1, 0), "finding"), Source: 2},
			{CreditEvent: credit(firm, "citizen_report", "一般", "-10", at.Add(time.Hour), "report"), Source: 1},
		},
		Profiles: []models.SeedProfile{{EnterpriseID: firm, Seed: 3, Compliance: 0.25, Honesty: 0.5, Diligence: 0.75}},
	}
}

func credit(firm int64, kind, sev, points string, at time.Time, src string) models.CreditEvent {
	return models.CreditEvent{
		EnterpriseID: firm, Kind: kind, Severity: sev, Points: decimal.RequireFromString(points),
		OccurredAt: at, ExpiresAt: at.AddDate(1, 0, 0), Rule: kind, SourceType: src, ParamsID: 1, CreatedBy: "test",
	}
}

func TestInsertHistory(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		at := time.Date(2025, 1, 6, 1, 30, 0, 0, time.UTC)
		s.Now = func() time.Time { return at.AddDate(0, 3, 0) }
		firm := modelstest.Enterprise(t, s, nil)
		campaigns := &models.HistoryBatch{Campaigns: []models.Campaign{{
			Name: "2025年1月综合自查", VersionID: 1, Audience: "enterprise", Filter: "{}", DeadlineDays: 10,
			Status: "closed", CreatedAt: at, UpdatedAt: at,
		}}}
		if err := s.InsertHistory(ctx, campaigns); err != nil {
			t.Fatal(err)
		}
		b := historyBatch(firm.ID, campaigns.Campaigns[0].ID, at)
		if err := s.InsertHistory(ctx, b); err != nil {
			t.Fatal(err)
		}

		// The references between rows were resolved to the new ids.
		a := b.Assignments[0]
		if b.Answers[0].AssignmentID != a.ID || *b.Findings[0].AssignmentID != a.ID || *b.Findings[1].VisitID != b.Visits[0].ID ||
			b.ReportEvents[1].ReportID != b.Reports[0].ID {
			t.Errorf("references not resolved: answer→%d finding→%d finding→%d event→%d; want %d, %d, %d, %d",
				b.Answers[0].AssignmentID, *b.Findings[0].AssignmentID, *b.Findings[1].VisitID, b.ReportEvents[1].ReportID,
				a.ID, a.ID, b.Visits[0].ID, b.Reports[0].ID)
		}

		// What was stored reads back the same.
		opts := cmp.Options{cmpopts.EquateApproxTime(time.Millisecond), cmp.Comparer(func(x, y decimal.Decimal) bool { return x.Equal(y) })}
		roundTrip(t, s, "assignments", b.Assignments, opts)
		roundTrip(t, s, "visits", b.Visits, opts)
		roundTrip(t, s, "citizen_reports", b.Reports, opts)
		var findings []models.Finding
		for _, f := range b.Findings {
			findings = append(findings, f.Finding)
		}
		roundTrip(t, s, "findings", findings, opts)
		roundTrip(t, s, "seed_profiles", b.Profiles, opts)

		evs, err := s.CreditEvents(ctx, firm.ID)
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, e := range evs {
			keys = append(keys, e.SourceKey)
		}
		want := []string{
			"report:" + itoa(b.Reports[0].ID) + ":citizen_report",
			"assignment:" + itoa(a.ID) + ":selfcheck_on_time",
			"finding:" + itoa(b.Findings[0].ID) + ":finding_self_reported",
			"finding:" + itoa(b.Findings[1].ID) + ":finding_onsite",
		}
		if diff := cmp.Diff(want, keys); diff != "" {
			t.Errorf("credit event source keys (-want +got):\n%s", diff)
		}

		// Replaying the ledger appends nothing; a bad reference writes nothing.
		again := &models.HistoryBatch{Findings: b.Findings[:1], CreditEvents: b.CreditEvents[1:2]}
		again.Findings[0].ID, again.Findings[0].Assignment = 0, 0
		again.CreditEvents[0].ID, again.CreditEvents[0].Source, again.CreditEvents[0].SourceID = 0, 0, b.Findings[0].ID
		if err := s.InsertHistory(ctx, again); err != nil {
			t.Fatal(err)
		}
		bad := historyBatch(firm.ID, campaigns.Campaigns[0].ID, at)
		bad.Reports[0].TicketNo = "S250101000000011"
		bad.CreditEvents[0].Source = 5
		if err := s.InsertHistory(ctx, bad); err == nil {
			t.Error("InsertHistory with a reference past the batch: no error")
		}
		if evs, _ := s.CreditEvents(ctx, firm.ID); len(evs) != 4 {
			t.Errorf("%d credit events after a replay and a failed batch, want 4", len(evs))
		}
		var n int64
		s.DB().Table("assignments").Count(&n)
		if n != 1 {
			t.Errorf("%d assignments after a failed batch, want 1 (the batch is one transaction)", n)
		}
	})
}

func roundTrip[T any](t *testing.T, s *models.Store, table string, want []T, opts cmp.Options) {
	t.Helper()
	var got []T
	if err := s.DB().Table(table).Order("1").Find(&got).Error; err != nil {
		t.Fatalf("read %s: %v", table, err)
	}
	if diff := cmp.Diff(want, got, opts); diff != "" {
		t.Errorf("%s after InsertHistory (-want +got):\n%s", table, diff)
	}
}

func itoa(n int64) string { return decimal.NewFromInt(n).String() }
