package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

func TestConversations(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		if got, err := s.Conversation(ctx, "o-new"); err != nil || got != "" {
			t.Fatalf("Conversation(new) = %q, %v; want \"\"", got, err)
		}
		err := s.Tx(ctx, func(tx *models.Store) error {
			got, err := tx.LockConversations(ctx, []string{"o-b", "o-a", "o-b"})
			if err != nil {
				return err
			}
			if diff := cmp.Diff(map[string]string{"o-a": "", "o-b": ""}, got); diff != "" {
				t.Errorf("LockConversations of new chats (-want +got):\n%s", diff)
			}
			return tx.SaveConversations(ctx, map[string]string{"o-a": `{"flow":"report"}`, "o-b": "😀"})
		})
		if err != nil {
			t.Fatal(err)
		}
		err = s.Tx(ctx, func(tx *models.Store) error {
			got, err := tx.LockConversations(ctx, []string{"o-a", "o-b", "o-c"})
			if err != nil {
				return err
			}
			want := map[string]string{"o-a": `{"flow":"report"}`, "o-b": "😀", "o-c": ""}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("LockConversations (-want +got):\n%s", diff)
			}
			return tx.SaveConversations(ctx, map[string]string{"o-a": "second"})
		})
		if err != nil {
			t.Fatal(err)
		}
		// A rolled-back save leaves the state as it was.
		boom := errors.New("boom")
		err = s.Tx(ctx, func(tx *models.Store) error {
			if _, err := tx.LockConversations(ctx, []string{"o-a"}); err != nil {
				return err
			}
			if err := tx.SaveConversations(ctx, map[string]string{"o-a": "lost"}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("Tx = %v, want boom", err)
		}
		for id, want := range map[string]string{"o-a": "second", "o-b": "😀", "o-c": ""} {
			if got, err := s.Conversation(ctx, id); err != nil || got != want {
				t.Errorf("Conversation(%s) = %q, %v; want %q", id, got, err, want)
			}
		}
		if got, err := s.LockConversations(ctx, nil); err != nil || len(got) != 0 {
			t.Errorf("LockConversations(nil) = %v, %v; want empty", got, err)
		}
		if err := s.SaveConversations(ctx, nil); err != nil {
			t.Errorf("SaveConversations(nil) = %v", err)
		}
	})
}

// TestLockConversationsBlocks: on MySQL a second transaction cannot lock a
// chat another one holds, whether the row existed or was just created, so
// two replicas never run one chat at the same time. (SQLite's write lock
// covers the whole database.)
func TestLockConversationsBlocks(t *testing.T) {
	s := modelstest.Open(t, "mysql")
	ctx := context.Background()
	if err := s.SaveConversations(ctx, map[string]string{"o-old": "old"}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"o-old", "o-fresh"} {
		t.Run(id, func(t *testing.T) {
			err := s.Tx(ctx, func(tx *models.Store) error {
				if _, err := tx.LockConversations(ctx, []string{id}); err != nil {
					return err
				}
				// The holder keeps the lock past the other's deadline: the
				// other must give up, not read.
				short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
				defer cancel()
				err := s.Tx(short, func(tx2 *models.Store) error {
					_, err := tx2.LockConversations(short, []string{"o-other", id})
					return err
				})
				if err == nil {
					t.Errorf("second LockConversations(%s) succeeded while the first held it", id)
				}
				return tx.SaveConversations(ctx, map[string]string{id: "first"})
			})
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := s.Conversation(ctx, id); got != "first" {
				t.Errorf("Conversation(%s) = %q, want first", id, got)
			}
		})
	}
}

// TestLockConversationsSeesLatest: a chat's state is read as last
// committed, even when the transaction read other rows before it asked for
// the chat's lock. Under REPEATABLE READ a plain read would fix the
// transaction's snapshot at its first read, so a batch that created its
// first contacts' users first would see a chat as it was before another
// replica's commit, and save over it.
func TestLockConversationsSeesLatest(t *testing.T) {
	s := modelstest.Open(t, "mysql")
	ctx := context.Background()
	if err := s.SaveConversations(ctx, map[string]string{"o-snap": "before"}); err != nil {
		t.Fatal(err)
	}
	err := s.Tx(ctx, func(tx *models.Store) error {
		if _, _, err := tx.EnsureWechatUsers(ctx, []string{"o-snap-new"}); err != nil {
			return err
		}
		// Another replica's message to o-snap commits meanwhile.
		if err := s.SaveConversations(ctx, map[string]string{"o-snap": "after"}); err != nil {
			return err
		}
		got, err := tx.LockConversations(ctx, []string{"o-snap"})
		if err != nil {
			return err
		}
		if got["o-snap"] != "after" {
			t.Errorf("LockConversations read %q, want the state committed since: after", got["o-snap"])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
