package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

func outboxRows(n int, prefix string) []models.OutboxMessage {
	var out []models.OutboxMessage
	for i := range n {
		out = append(out, models.OutboxMessage{MsgKey: fmt.Sprintf("%s%d", prefix, i), Kind: models.OutboxTemplate,
			Topic: "selfcheck_assigned", OpenID: fmt.Sprintf("o%d", i), Payload: "{}"})
	}
	return out
}

// TestOutboxLease: a claim leases its rows (no other claim sees them), the
// lease ends, a retry waits for its time, and the dead letters are listed.
func TestOutboxLease(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		if n, err := s.EnqueueOutbox(ctx, outboxRows(5, "k")); err != nil || n != 5 {
			t.Fatalf("EnqueueOutbox = %d, %v, want 5", n, err)
		}
		if _, err := s.EnqueueOutbox(ctx, []models.OutboxMessage{{MsgKey: "", Kind: "x"}}); models.ErrorCode(err) != models.EINVALID {
			t.Fatalf("EnqueueOutbox(invalid) = %v, want EINVALID", err)
		}
		a, err := s.ClaimOutbox(ctx, "a", 3, time.Minute)
		if err != nil || len(a) != 3 || a[0].Attempts != 1 {
			t.Fatalf("ClaimOutbox(a) = %d rows, %v", len(a), err)
		}
		b, _ := s.ClaimOutbox(ctx, "b", 10, time.Minute)
		if len(b) != 2 {
			t.Fatalf("ClaimOutbox(b) = %d rows, want the 2 not leased", len(b))
		}
		if err := s.MarkOutboxSent(ctx, a[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := s.RetryOutbox(ctx, a[1].ID, "a", "http 502", now.Add(10*time.Second)); err != nil {
			t.Fatal(err)
		}
		if err := s.RetryOutbox(ctx, b[0].ID, "a", "not my lease", now); err != nil {
			t.Fatal(err)
		}
		if err := s.KillOutbox(ctx, b[1].ID, "errcode 43004: require subscribe"); err != nil {
			t.Fatal(err)
		}
		if c, _ := s.ClaimOutbox(ctx, "c", 10, time.Minute); len(c) != 0 {
			t.Fatalf("claimed %d rows before any retry or lease was due", len(c))
		}
		now = now.Add(11 * time.Second)
		if c, _ := s.ClaimOutbox(ctx, "c", 10, time.Minute); len(c) != 1 || c[0].ID != a[1].ID || c[0].LastError != "http 502" || c[0].Attempts != 2 {
			t.Fatalf("after the retry time: %+v", c)
		}
		now = now.Add(2 * time.Minute)
		c, _ := s.ClaimOutbox(ctx, "c", 10, time.Minute)
		if len(c) != 3 {
			t.Fatalf("after the leases: %d rows, want 3 (a's, b's and the retried one)", len(c))
		}
		dead, err := s.DeadOutbox(ctx, 10, 0)
		if err != nil || len(dead) != 1 || dead[0].LastError != "errcode 43004: require subscribe" {
			t.Fatalf("DeadOutbox = %+v, %v", dead, err)
		}
		counts, _ := s.CountOutbox(ctx, 0)
		if counts != (models.OutboxCounts{Pending: 3, Sent: 1, Dead: 1}) {
			t.Errorf("CountOutbox = %+v", counts)
		}
	})
}

// TestOutboxRelease: a batch claimed but not tried is given back, due at
// once and with its attempt undone; a release by a lease that ended and was
// taken over is a no-op.
func TestOutboxRelease(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		if _, err := s.EnqueueOutbox(ctx, outboxRows(4, "r")); err != nil {
			t.Fatal(err)
		}
		a, err := s.ClaimOutbox(ctx, "a", 2, time.Minute)
		if err != nil || len(a) != 2 || a[0].LockedBy == "" || a[0].LockedUntil == nil || a[0].Attempts != 1 {
			t.Fatalf("ClaimOutbox(a) = %+v, %v", a, err)
		}
		if err := s.ReleaseOutbox(ctx, a); err != nil {
			t.Fatal(err)
		}
		b, _ := s.ClaimOutbox(ctx, "b", 10, time.Minute)
		if len(b) != 4 {
			t.Fatalf("after the release: claimed %d rows, want 4", len(b))
		}
		for _, m := range b {
			if m.Attempts != 1 {
				t.Errorf("message %d: attempts %d after a release and a claim, want 1", m.ID, m.Attempts)
			}
		}
		// a's lease is gone: its release must not free b's claim.
		if err := s.ReleaseOutbox(ctx, a); err != nil {
			t.Fatal(err)
		}
		if c, _ := s.ClaimOutbox(ctx, "c", 10, time.Minute); len(c) != 0 {
			t.Fatalf("a stale release freed %d of b's rows", len(c))
		}
	})
}

// TestOutboxBulk: enqueue, claim and mark in batches larger than one
// statement's chunk; a repeat of some keys adds only the new ones.
func TestOutboxBulk(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		const n = 2600
		if got, err := s.EnqueueOutbox(ctx, outboxRows(n, "bulk")); err != nil || got != n {
			t.Fatalf("EnqueueOutbox = %d, %v, want %d", got, err, n)
		}
		if got, err := s.EnqueueOutbox(ctx, outboxRows(n+10, "bulk")); err != nil || got != 10 {
			t.Fatalf("EnqueueOutbox again = %d, %v, want the 10 new", got, err)
		}
		var ids []int64
		seen := map[int64]bool{}
		for {
			batch, err := s.ClaimOutbox(ctx, "w", 1200, time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			if len(batch) == 0 {
				break
			}
			for i, m := range batch {
				if seen[m.ID] || m.Attempts != 1 || m.Payload != "{}" || i > 0 && batch[i-1].ID >= m.ID {
					t.Fatalf("claimed %+v (seen before: %v)", m, seen[m.ID])
				}
				seen[m.ID] = true
				ids = append(ids, m.ID)
			}
		}
		if len(ids) != n+10 {
			t.Fatalf("claimed %d, want %d", len(ids), n+10)
		}
		if err := s.MarkOutboxSent(ctx, ids...); err != nil {
			t.Fatal(err)
		}
		if c, _ := s.CountOutbox(ctx, 0); c != (models.OutboxCounts{Sent: n + 10}) {
			t.Errorf("CountOutbox = %+v", c)
		}
	})
}
