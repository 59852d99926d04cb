package main

import (
	"context"
	"testing"
	"time"

	"selfcheck/models"
	"selfcheck/models/modelstest"
	"selfcheck/scoring"
)

// inspectionNow is a Monday after the 劳动节 holiday.
var inspectionNow = time.Date(2026, 5, 11, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))

var admin = &models.User{Username: "admin", Name: "管理员", Role: models.RoleAdmin}

// firmAt inserts a 餐饮 firm at a point of a grid of 祖庙街道.
func firmAt(t *testing.T, a *App, lat, lon float64, grid string) *models.Enterprise {
	t.Helper()
	return modelstest.Enterprise(t, a.store, func(e *models.Enterprise) {
		e.Lat, e.Lon, e.GridCode = &lat, &lon, grid
	})
}

// makeGradeA gives a firm five clean audits: 700 + 5 × 30 = 850, grade A,
// exempt from routine inspection.
func makeGradeA(t *testing.T, a *App, firm int64) {
	t.Helper()
	// A perfect self-check habit and clean audits.
	habit, err := a.credit.Event(firm, scoring.KindSelfCheckOnTime, scoring.SeverityNone, a.now().AddDate(0, -1, 0), "assignment", firm*100+99)
	if err != nil {
		t.Fatal(err)
	}
	evs := []models.CreditEvent{habit}
	for i := range 5 {
		ev, err := a.credit.Event(firm, scoring.KindCleanAudit, scoring.SeverityNone, a.now().AddDate(0, -1, 0), "visit", firm*100+int64(i))
		if err != nil {
			t.Fatal(err)
		}
		evs = append(evs, ev)
	}
	if err := a.store.AppendAndRescore(context.Background(), evs, a.credit.Scorer(true)); err != nil {
		t.Fatal(err)
	}
	if s, _ := a.store.CurrentScore(context.Background(), firm); s.Decision != string(scoring.ModeExempt) {
		t.Fatalf("firm %d: decision %s, want exempt", firm, s.Decision)
	}
}

// submitSelfCheck stores a submitted self-check of a firm with the given
// compliant answers and returns its assignment id.
func submitSelfCheck(t *testing.T, a *App, firm int64, at time.Time, compliant map[string]bool) int64 {
	t.Helper()
	ctx := context.Background()
	c := &models.HistoryBatch{Campaigns: []models.Campaign{{Name: "企业自查", Audience: "enterprise", Filter: "{}", DeadlineDays: 10,
		Status: "pushed", CreatedAt: at, UpdatedAt: at}}}
	if err := a.store.InsertHistory(ctx, c); err != nil {
		t.Fatal(err)
	}
	sub := at.UTC()
	b := &models.HistoryBatch{Assignments: []models.Assignment{{CampaignID: c.Campaigns[0].ID, EnterpriseID: &firm,
		Status: models.AssignmentSubmitted, SubmittedAt: &sub, CreatedAt: sub, UpdatedAt: sub}}}
	for item, ok := range compliant {
		b.Answers = append(b.Answers, models.BatchAnswer{Answer: models.Answer{ItemID: item, Value: `"yes"`, Compliant: &ok, AnsweredAt: sub}, Assignment: 1})
	}
	if err := a.store.InsertHistory(ctx, b); err != nil {
		t.Fatal(err)
	}
	return b.Assignments[0].ID
}

// addRosters puts three certified inspectors of each department on the
// rosters, and one without a certificate.
func addRosters(t *testing.T, a *App, depts ...string) {
	t.Helper()
	var people []models.Inspector
	for _, d := range depts {
		for i := range 3 {
			people = append(people, models.Inspector{Name: d + "执法员", Department: d, CertNo: d + string(rune('A'+i)), Active: true})
		}
	}
	people = append(people, models.Inspector{Name: "辅助人员", Department: depts[0], CertNo: "", Active: true})
	if err := a.store.AddInspectors(context.Background(), people); err != nil {
		t.Fatal(err)
	}
}

func day(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))
}
