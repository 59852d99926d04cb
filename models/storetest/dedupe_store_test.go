package storetest

import (
	"context"
	"testing"
	"time"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

func countRows(t *testing.T, s *models.Store, table string) int64 {
	t.Helper()
	var n int64
	if err := s.DB().Table(table).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestMarkProcessed(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		now := inboundNow
		pin(s, &now)
		if err := s.MarkProcessed(ctx, "msg:1"); err != nil {
			t.Fatal(err)
		}
		if err := s.MarkProcessed(ctx, "msg:3", "msg:2", "evt:o1:1:subscribe:"); err != nil {
			t.Fatal(err)
		}
		if err := s.MarkProcessed(ctx); err != nil {
			t.Errorf("MarkProcessed() = %v, want nil", err)
		}
		tests := []struct {
			name string
			keys []string
		}{
			{"ErrRetry", []string{"msg:1"}},
			// One retry among new keys inserts none of them.
			{"ErrRetryInBatch", []string{"msg:4", "msg:2", "msg:5"}},
			{"ErrTwiceInBatch", []string{"msg:6", "msg:6"}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				if err := s.MarkProcessed(ctx, tc.keys...); models.ErrorCode(err) != models.ECONFLICT {
					t.Errorf("MarkProcessed(%v) = %v, want ECONFLICT", tc.keys, err)
				}
			})
		}
		if n := countRows(t, s, "processed_messages"); n != 4 {
			t.Errorf("processed_messages has %d rows, want 4", n)
		}
		// A key inserted in a rolled-back transaction is free again.
		_ = s.Tx(ctx, func(tx *models.Store) error {
			if err := tx.MarkProcessed(ctx, "msg:7"); err != nil {
				t.Fatal(err)
			}
			return context.Canceled
		})
		if err := s.MarkProcessed(ctx, "msg:7"); err != nil {
			t.Errorf("MarkProcessed after rollback = %v", err)
		}

		now = now.Add(25 * time.Hour)
		if err := s.MarkProcessed(ctx, "msg:8"); err != nil {
			t.Fatal(err)
		}
		n, err := s.PurgeProcessed(ctx, now.Add(-24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if n != 5 {
			t.Errorf("PurgeProcessed = %d, want 5", n)
		}
		if err := s.MarkProcessed(ctx, "msg:8"); models.ErrorCode(err) != models.ECONFLICT {
			t.Errorf("MarkProcessed of a kept key = %v, want ECONFLICT", err)
		}
	})
}
