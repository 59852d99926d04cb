package seeddata

import (
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"

	"selfcheck/models"
)

// history draws the history of firms 0..n-1 with made-up ids.
func history(tb testing.TB, g *Generator, n int) ([]Firm, *models.HistoryBatch) {
	tb.Helper()
	fs := firms(tb, g, n)
	var b models.HistoryBatch
	ids := make([]int64, len(campaignPlans))
	for i := range ids {
		ids[i] = int64(100 + i)
	}
	for i, f := range fs {
		if err := g.AppendHistory(&b, f, int64(i+1), ids); err != nil {
			tb.Fatalf("AppendHistory(%d): %v", i, err)
		}
	}
	return fs, &b
}

func TestHistoryDeterministic(t *testing.T) {
	_, a := history(t, newGenerator(t, 5), 200)
	_, b := history(t, newGenerator(t, 5), 200)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("same seed, different history (-first +second):\n%s", diff)
	}
	_, c := history(t, newGenerator(t, 6), 200)
	if len(a.CreditEvents) == len(c.CreditEvents) && len(a.Findings) == len(c.Findings) && len(a.Visits) == len(c.Visits) {
		t.Errorf("seeds 5 and 6 gave the same numbers of events, findings and visits")
	}
}

func TestHistoryFollowsProfile(t *testing.T) {
	fs, b := history(t, newGenerator(t, 1), 3000)
	// Count per firm, then compare the least and the most compliant fifths.
	onsite := map[int64]int{}
	missed := map[int64]int{}
	falseReports := 0
	for _, f := range b.Findings {
		if f.Source == models.FindingOnSite {
			onsite[f.EnterpriseID]++
		}
	}
	for _, e := range b.CreditEvents {
		switch e.Kind {
		case "selfcheck_missed":
			missed[e.EnterpriseID]++
		case "false_report":
			falseReports++
		}
		if e.Source < 1 || e.ParamsID != 1 || !e.OccurredAt.Before(testNow) || !e.ExpiresAt.After(e.OccurredAt) {
			t.Fatalf("credit event %+v: want a batch source, params 1, in the past, expiring later", e)
		}
	}
	var lowOnsite, highOnsite, lowMissed, highMissed, low, high int
	for i, f := range fs {
		id := int64(i + 1)
		switch c := f.Profile.Compliance; {
		case c < 0.6:
			low++
			lowOnsite += onsite[id]
			lowMissed += missed[id]
		case c > 0.88:
			high++
			highOnsite += onsite[id]
			highMissed += missed[id]
		}
	}
	perFirm := func(n, firms int) float64 { return float64(n) / float64(max(firms, 1)) }
	if perFirm(lowOnsite, low) < 3*perFirm(highOnsite, high) {
		t.Errorf("on-site findings per firm: low compliance %.2f, high %.2f; want several times more for low",
			perFirm(lowOnsite, low), perFirm(highOnsite, high))
	}
	if perFirm(lowMissed, low) <= perFirm(highMissed, high) {
		t.Errorf("missed self-checks per firm: low compliance %.2f, high %.2f; want more for low",
			perFirm(lowMissed, low), perFirm(highMissed, high))
	}
	if falseReports == 0 || len(b.Reports) == 0 || len(b.Visits) == 0 {
		t.Errorf("3000 firms: %d false reports, %d citizen reports, %d visits; want some of each", falseReports, len(b.Reports), len(b.Visits))
	}
	tickets := map[string]bool{}
	for _, r := range b.Reports {
		if !ticketPattern.MatchString(r.TicketNo) || tickets[r.TicketNo] {
			t.Errorf("report ticket %q: want a unique ticket in the format of models.TicketNo", r.TicketNo)
		}
		tickets[r.TicketNo] = true
	}
	if len(b.Profiles) != len(fs) {
		t.Errorf("%d profiles for %d firms", len(b.Profiles), len(fs))
	}
	for _, a := range b.Answers {
		if a.Assignment < 1 || a.Assignment > len(b.Assignments) {
			t.Fatalf("answer refers to assignment %d of %d", a.Assignment, len(b.Assignments))
		}
	}
	t.Logf("3000 firms: %d assignments, %d answers, %d findings, %d visits, %d reports, %d credit events (%d false reports)",
		len(b.Assignments), len(b.Answers), len(b.Findings), len(b.Visits), len(b.Reports), len(b.CreditEvents), falseReports)
	for _, f := range fs[:8] {
		t.Logf("%s %s %s %s %s %s %v", f.Enterprise.USCC, f.Enterprise.Name, f.Enterprise.Address, f.Enterprise.LegalRep, f.Enterprise.ContactPhone, f.Enterprise.Size, f.Profile)
	}
}

// ticketPattern is the one ticket format of citizen reports, as
// models.TicketNo writes it: JB20261127-0001.
var ticketPattern = regexp.MustCompile(`^JB20[0-9]{6}-[0-9]{4,}$`)
