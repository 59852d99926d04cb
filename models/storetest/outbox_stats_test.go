package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

func TestOutboxStats(t *testing.T) {
	ctx := context.Background()
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		now := time.Date(2026, 5, 6, 10, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		got, err := s.OutboxStats(ctx, now)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(models.OutboxStats{}, got); diff != "" {
			t.Errorf("OutboxStats of an empty outbox (-want +got):\n%s", diff)
		}
		var msgs []models.OutboxMessage
		for i, at := range []time.Time{now.Add(-90 * time.Second), now.Add(-30 * time.Second), now.Add(time.Hour), now.Add(-time.Hour)} {
			msgs = append(msgs, models.OutboxMessage{MsgKey: fmt.Sprintf("stats-%d", i), Kind: models.OutboxTemplate,
				Topic: "selfcheck_assigned", OpenID: fmt.Sprintf("o%d", i), Payload: "{}", NextAttemptAt: at})
		}
		if _, err := s.EnqueueOutbox(ctx, msgs); err != nil {
			t.Fatal(err)
		}
		// The hour-old one died.
		var dead models.OutboxMessage
		if err := s.DB().Where("msg_key = ?", "stats-3").First(&dead).Error; err != nil {
			t.Fatal(err)
		}
		if err := s.KillOutbox(ctx, dead.ID, "refused"); err != nil {
			t.Fatal(err)
		}
		got, err = s.OutboxStats(ctx, now)
		if err != nil {
			t.Fatal(err)
		}
		want := models.OutboxStats{Pending: 3, Due: 2, OldestDue: 90 * time.Second, Dead: 1}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("OutboxStats (-want +got):\n%s", diff)
		}
	})
}
