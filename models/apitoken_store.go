package models

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// APITokenPrefix starts every API token, so a leaked one is easy to find.
const APITokenPrefix = "sc_"

// APIToken is a bearer token of the JSON API. Only its sha256 is stored.
type APIToken struct {
	ID         int64
	UserID     int64
	Name       string
	TokenHash  string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// TableName maps APIToken to the api_tokens table.
func (APIToken) TableName() string { return "api_tokens" }

// hashAPIToken returns the stored form of a token.
func hashAPIToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreateAPIToken issues a new token for a user and returns it; it cannot be
// shown again. The issue is recorded in the audit log.
func (s *Store) CreateAPIToken(ctx context.Context, userID int64, name, actor string) (string, error) {
	buf := make([]byte, 32)
	if _, err := rand.Read(buf); err != nil {
		return "", fmt.Errorf("create api token: %w", err)
	}
	token := APITokenPrefix + hex.EncodeToString(buf)
	err := s.Tx(ctx, func(tx *Store) error {
		t := APIToken{UserID: userID, Name: name, TokenHash: hashAPIToken(token), CreatedAt: tx.now()}
		if err := tx.db.WithContext(ctx).Create(&t).Error; err != nil {
			return fmt.Errorf("create api token for user %d: %w", userID, err)
		}
		after := map[string]any{"id": t.ID, "user_id": userID, "name": name}
		return tx.Audit(ctx, actor, "api_token.create", "api_token", fmt.Sprint(t.ID), nil, after)
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// UserByAPIToken returns the enabled user a live token belongs to, and notes
// its use. An unknown, revoked or disabled token is EFORBIDDEN.
func (s *Store) UserByAPIToken(ctx context.Context, token string) (*User, error) {
	db := s.db.WithContext(ctx)
	var t APIToken
	err := db.Where("token_hash = ? AND revoked_at IS NULL", hashAPIToken(token)).Take(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, Errorf(EFORBIDDEN, "API 令牌无效或已撤销")
	} else if err != nil {
		return nil, fmt.Errorf("find api token: %w", err)
	}
	u, err := s.UserByID(ctx, t.UserID)
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, Errorf(EFORBIDDEN, "该账号已停用")
	}
	now := s.now()
	// Noting the last use at most once a minute keeps reads from writing.
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > time.Minute {
		if err := db.Model(&APIToken{}).Where("id = ?", t.ID).Update("last_used_at", now).Error; err != nil {
			return nil, fmt.Errorf("note api token use: %w", err)
		}
	}
	return u, nil
}
