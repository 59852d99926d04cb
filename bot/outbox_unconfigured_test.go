package bot

import (
	"context"
	"os"
	"testing"
	"time"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// TestOutboxTemplatesUnconfigured: with no WECHAT_TEMPLATES mapping yet, a
// notice that needs a template message is neither sent nor dead-lettered:
// it waits, and goes out once a sender knows the account's templates.
func TestOutboxTemplatesUnconfigured(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		sim := newSim(t)
		ctx := context.Background()
		ids, openIDs := boundFirms(t, sim, s, 2)
		bare, err := NewOutbox(s, os.DirFS("../templates"), Templates{}, "")
		if err != nil {
			t.Fatal(err)
		}
		if n, err := bare.Enqueue(ctx, campaign(ids, 9)...); err != nil || n != 2 {
			t.Fatalf("Enqueue = %d, %v, want 2", n, err)
		}
		waiting := newTestSender(s, newTestAPI(sim), "w1")
		if _, err := waiting.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		if c, err := s.CountOutbox(ctx, 9); err != nil || c != (models.OutboxCounts{Pending: 2}) {
			t.Fatalf("without templates CountOutbox = %+v, %v; want 2 pending", c, err)
		}
		for _, o := range openIDs {
			if got := sim.DeliveredTo(o); got != 0 {
				t.Errorf("DeliveredTo(%s) = %d without templates, want 0", o, got)
			}
		}
		// WECHAT_TEMPLATES set: the next sender renders and sends them.
		s.Now = func() time.Time { return time.Now().Add(2 * time.Hour) }
		configured := newTestSender(s, newTestAPI(sim), "w2")
		configured.Templates = newTestOutbox(t, s)
		drainAll(t, s, configured, 3)
		assertOnce(t, sim, openIDs)
		if len(sim.Refused()) != 0 {
			t.Errorf("stand-in refused %v", sim.Refused())
		}
	})
}
