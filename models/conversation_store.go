package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"
)

// conversation is a row of conversations: one chat's session state as JSON.
type conversation struct {
	OpenID    string `gorm:"column:openid;primaryKey"`
	State     string
	UpdatedAt time.Time
}

func (conversation) TableName() string { return "conversations" }

// LockConversations returns the saved session state of each chat ("" for a
// new one; every openid given is in the map) and, inside Tx, holds the rows'
// locks until the transaction ends, so two messages of one user are handled
// one after the other on any replica. It costs two statements whatever the
// number of chats. The locks come from an insert that does nothing for rows
// that exist (on MySQL an ON DUPLICATE KEY UPDATE no-op, which takes the
// row's exclusive lock; SQLite's write lock covers the whole database). This
// avoids the gap-lock deadlocks of SELECT ... FOR UPDATE on missing rows;
// the states are then read with a locking read, which sees what another
// replica committed before the lock was granted whatever the transaction
// read first. When the insert created every row there is no state to read
// and the second statement is skipped.
func (s *Store) LockConversations(ctx context.Context, openIDs []string) (map[string]string, error) {
	states := make(map[string]string, len(openIDs))
	if len(openIDs) == 0 {
		return states, nil
	}
	// Sorted rows are locked in one order in every transaction.
	ids := slices.Compact(slices.Sorted(slices.Values(openIDs)))
	now := s.now()
	args := make([]any, 0, 3*len(ids))
	for _, id := range ids {
		args = append(args, id, "", now)
		states[id] = ""
	}
	insert := "INSERT INTO conversations (openid, state, updated_at) VALUES " + valuesList(len(ids), 3) + s.insertIgnoring("openid")
	inserted, err := s.execCount(ctx, insert, args...)
	if err != nil {
		return nil, fmt.Errorf("lock %d conversations (first %s): %w", len(ids), ids[0], err)
	}
	if inserted == int64(len(ids)) {
		return states, nil
	}
	saved, err := s.conversations(ctx, ids, s.lockingRead())
	if err != nil {
		return nil, err
	}
	maps.Copy(states, saved)
	return states, nil
}

// Conversations returns the saved session state of each chat that has one
// (openid -> state), without locking, in one statement.
func (s *Store) Conversations(ctx context.Context, openIDs []string) (map[string]string, error) {
	return s.conversations(ctx, openIDs, "")
}

// conversations is Conversations with a clause after the query, such as
// lockingRead.
func (s *Store) conversations(ctx context.Context, openIDs []string, lock string) (map[string]string, error) {
	states := make(map[string]string, len(openIDs))
	if len(openIDs) == 0 {
		return states, nil
	}
	rows, err := s.db.WithContext(ctx).Raw("SELECT openid, state FROM conversations WHERE openid IN ?"+lock, openIDs).Rows()
	if err != nil {
		return nil, fmt.Errorf("read %d conversations (first %s): %w", len(openIDs), openIDs[0], err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, state string
		if err := rows.Scan(&id, &state); err != nil {
			return nil, fmt.Errorf("read conversations: %w", err)
		}
		states[id] = state
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read conversations: %w", err)
	}
	return states, nil
}

// Conversation returns the saved session state of a chat without locking it.
func (s *Store) Conversation(ctx context.Context, openID string) (string, error) {
	var state string
	err := s.db.WithContext(ctx).Raw("SELECT state FROM conversations WHERE openid = ?", openID).Row().Scan(&state)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("load conversation %s: %w", openID, err)
	}
	return state, nil
}

// SaveConversations stores the session state of each chat (openid -> state)
// in one statement.
func (s *Store) SaveConversations(ctx context.Context, states map[string]string) error {
	if len(states) == 0 {
		return nil
	}
	ids := slices.Sorted(maps.Keys(states))
	now := s.now()
	args := make([]any, 0, 3*len(ids))
	for _, id := range ids {
		args = append(args, id, states[id], now)
	}
	err := s.exec(ctx, "INSERT INTO conversations (openid, state, updated_at) VALUES "+valuesList(len(ids), 3)+
		s.upsert("openid", "state", "updated_at"), args...)
	if err != nil {
		return fmt.Errorf("save %d conversations (first %s): %w", len(ids), ids[0], err)
	}
	return nil
}
