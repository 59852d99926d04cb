package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// TestWriteGuard: a guarded store refuses every kind of write (an ORM
// insert, update and delete, a hand-written statement) before it reaches
// the database, notes that one was asked even when the caller ignores the
// error, and still reads; inside a transaction as outside.
func TestWriteGuard(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		if err := s.MarkProcessed(ctx, "msg:kept"); err != nil {
			t.Fatal(err)
		}
		writes := []struct {
			name  string
			write func(g *models.Store) error
		}{
			{"hand-written insert", func(g *models.Store) error { return g.MarkProcessed(ctx, "msg:new") }},
			{"ORM insert", func(g *models.Store) error { return g.Audit(ctx, "tester", "guard", "test", "1", nil, "x") }},
			{"ORM update", func(g *models.Store) error {
				_, err := g.SetCampaignStatus(ctx, 1, "active", nil, "draft")
				return err
			}},
			{"ORM delete", func(g *models.Store) error {
				_, err := g.PurgeProcessed(ctx, time.Now().Add(time.Hour))
				return err
			}},
		}
		for _, w := range writes {
			for _, inTx := range []bool{false, true} {
				var g models.WriteGuard
				var err error
				run := func(st *models.Store) error {
					err = w.write(st.Guarded(&g))
					return nil // as a flow that swallows the error
				}
				if inTx {
					if rerr := s.Tx(ctx, run); rerr != nil {
						t.Fatalf("%s: Tx: %v", w.name, rerr)
					}
				} else {
					run(s)
				}
				if !errors.Is(err, models.ErrReadOnly) || !g.Tried() {
					t.Errorf("%s (in a transaction %v): err %v, tried %v; want ErrReadOnly and tried", w.name, inTx, err, g.Tried())
				}
			}
		}
		if n := countRows(t, s, "processed_messages"); n != 1 {
			t.Errorf("%d dedupe keys after the refused writes, want the one kept", n)
		}
		if n := countRows(t, s, "audit_log"); n != 0 {
			t.Errorf("%d audit entries written through the guard", n)
		}
		var g models.WriteGuard
		if _, err := s.Guarded(&g).Conversations(ctx, []string{"o1"}); err != nil || g.Tried() {
			t.Errorf("a read through the guard: %v, tried %v", err, g.Tried())
		}
	})
}
