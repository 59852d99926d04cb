package models

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// AuditEntry is one write recorded in the audit log: who did what to which
// object, when, and the object before and after (JSON; "null" when absent).
type AuditEntry struct {
	ID         int64     `json:"id"`
	Actor      string    `json:"actor"`
	Action     string    `json:"action"`
	ObjectType string    `json:"object_type"`
	ObjectID   string    `json:"object_id"`
	BeforeJSON string    `json:"before"`
	AfterJSON  string    `json:"after"`
	CreatedAt  time.Time `json:"created_at"`
}

// TableName maps AuditEntry to the audit_log table.
func (AuditEntry) TableName() string { return "audit_log" }

// Audit appends an entry to the audit log. Call it on a Store bound to the
// transaction of the write (see Tx), so the entry commits with the write.
func (s *Store) Audit(ctx context.Context, actor, action, objectType, objectID string, before, after any) error {
	b, err := json.Marshal(before)
	if err != nil {
		return fmt.Errorf("audit %s: encode before: %w", action, err)
	}
	a, err := json.Marshal(after)
	if err != nil {
		return fmt.Errorf("audit %s: encode after: %w", action, err)
	}
	e := AuditEntry{Actor: actor, Action: action, ObjectType: objectType, ObjectID: objectID,
		BeforeJSON: string(b), AfterJSON: string(a), CreatedAt: s.now()}
	if err := s.db.WithContext(ctx).Create(&e).Error; err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}

// AuditLog returns the latest entries about one object, newest first, at
// most limit of them.
func (s *Store) AuditLog(ctx context.Context, objectType, objectID string, limit int) ([]AuditEntry, error) {
	var out []AuditEntry
	err := s.db.WithContext(ctx).Where("object_type = ? AND object_id = ?", objectType, objectID).
		Order("created_at DESC, id DESC").Limit(limit).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("audit log of %s %s: %w", objectType, objectID, err)
	}
	return out, nil
}
