package main

import (
	"context"
	"selfcheck/app/regulator"
	"strings"
	"testing"
	"time"

	"selfcheck/models"
	"selfcheck/models/modelstest"
	"selfcheck/scoring"
)

// TestGradeDropNotified drops a bound firm from B to D with a serious on-site
// finding and checks one grade-drop notice is queued for its user, with the
// hard rule among the reasons, however often the worker looks.
func TestGradeDropNotified(t *testing.T) {
	for _, dialect := range modelstest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			a := newTestApp(t, dialect, testNow)
			firm := modelstest.Enterprise(t, a.store, nil)
			user, err := a.store.EnsureWechatUser(ctx, "o_grade_drop")
			if err != nil {
				t.Fatal(err)
			}
			code, err := a.store.CreateBindCode(ctx, firm.ID, time.Hour, "test")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.store.RedeemBindCode(ctx, user, firm.USCC, code); err != nil {
				t.Fatal(err)
			}
			if _, err := a.store.Rescore(ctx, firm.ID, a.credit.Scorer(true)); err != nil {
				t.Fatal(err)
			}
			ev, err := a.credit.Event(firm.ID, scoring.KindFindingOnsite, scoring.SeveritySerious, testNow.Add(-time.Hour), "test", 1)
			if err != nil {
				t.Fatal(err)
			}
			if err := a.store.AppendAndRescore(ctx, []models.CreditEvent{ev}, a.credit.Scorer(true)); err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 2; i++ {
				n, err := a.reg.NotifyGradeDrops(ctx)
				if err != nil || n != 1 {
					t.Fatalf("notifyGradeDrops run %d = %d, %v; want 1 drop", i+1, n, err)
				}
			}
			var rows []models.OutboxMessage
			a.store.DB().Where("topic = ?", regulator.NoticeGradeDrop).Find(&rows)
			if len(rows) != 1 || rows[0].OpenID != "o_grade_drop" {
				t.Fatalf("grade-drop outbox rows = %+v, want one for o_grade_drop", rows)
			}
			if !strings.Contains(rows[0].Payload, "D") || !strings.Contains(rows[0].Payload, "严重") {
				t.Errorf("payload %s lacks the new grade or the serious finding", rows[0].Payload)
			}
		})
	}
}
