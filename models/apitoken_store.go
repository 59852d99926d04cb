package models

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
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
	// ExpiresAt is when the token stops working; nil never.
	ExpiresAt *time.Time
}

// Active reports whether the token works at now.
func (t *APIToken) Active(now time.Time) bool {
	return t.RevokedAt == nil && (t.ExpiresAt == nil || now.Before(*t.ExpiresAt))
}

// APITokenRow is a token as the token list shows it: never its hash.
type APITokenRow struct {
	ID         int64      `json:"id"`
	UserID     int64      `json:"user_id"`
	Username   string     `json:"username"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
	ExpiresAt  *time.Time `json:"expires_at,omitempty"`
}

// TableName maps APIToken to the api_tokens table.
func (APIToken) TableName() string { return "api_tokens" }

// hashAPIToken returns the stored form of a token.
func hashAPIToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreateAPIToken issues a new token for a user that does not expire; see
// IssueAPIToken.
func (s *Store) CreateAPIToken(ctx context.Context, userID int64, name, actor string) (string, error) {
	return s.IssueAPIToken(ctx, userID, name, nil, actor)
}

// IssueAPIToken issues a new token for a user and returns it; it cannot be
// shown again. A non-nil expiresAt must be in the future. The issue is
// recorded in the audit log.
func (s *Store) IssueAPIToken(ctx context.Context, userID int64, name string, expiresAt *time.Time, actor string) (string, error) {
	if expiresAt != nil {
		if !expiresAt.After(s.now()) {
			return "", Errorf(EINVALID, "有效期应晚于当前时间")
		}
		e := expiresAt.UTC()
		expiresAt = &e
	}
	buf := make([]byte, 32)
	if _, err := rand.Read(buf); err != nil {
		return "", fmt.Errorf("create api token: %w", err)
	}
	token := APITokenPrefix + hex.EncodeToString(buf)
	err := s.Tx(ctx, func(tx *Store) error {
		if _, err := tx.UserByID(ctx, userID); err != nil {
			return err
		}
		t := APIToken{UserID: userID, Name: name, TokenHash: hashAPIToken(token), CreatedAt: tx.now(), ExpiresAt: expiresAt}
		if err := tx.db.WithContext(ctx).Create(&t).Error; err != nil {
			return fmt.Errorf("create api token for user %d: %w", userID, err)
		}
		after := map[string]any{"id": t.ID, "user_id": userID, "name": name, "expires_at": expiresAt}
		return tx.Audit(ctx, actor, "api_token.create", "api_token", fmt.Sprint(t.ID), nil, after)
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// UserByAPIToken returns the enabled user a live token belongs to, and notes
// its use. An unknown, revoked or expired token, or one of a disabled user,
// is EFORBIDDEN.
func (s *Store) UserByAPIToken(ctx context.Context, token string) (*User, error) {
	db := s.db.WithContext(ctx)
	var t APIToken
	err := db.Where("token_hash = ?", hashAPIToken(token)).Take(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) || (err == nil && !t.Active(s.now())) {
		return nil, Errorf(EFORBIDDEN, "API 令牌无效、已过期或已撤销")
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

// ListAPITokens returns the tokens of one user (userID > 0) or of everyone,
// newest first.
func (s *Store) ListAPITokens(ctx context.Context, userID int64) ([]APITokenRow, error) {
	q := s.db.WithContext(ctx).Table("api_tokens t").Joins("JOIN users u ON u.id = t.user_id").
		Select("t.id, t.user_id, u.username, t.name, t.created_at, t.last_used_at, t.revoked_at, t.expires_at")
	if userID > 0 {
		q = q.Where("t.user_id = ?", userID)
	}
	var out []APITokenRow
	if err := q.Order("t.created_at DESC, t.id DESC").Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("list api tokens: %w", err)
	}
	return out, nil
}

// RevokeAPIToken ends a token at once and records it in the audit log.
// Revoking a revoked token changes nothing.
func (s *Store) RevokeAPIToken(ctx context.Context, id int64, actor string) error {
	return s.Tx(ctx, func(tx *Store) error {
		var t APIToken
		err := tx.db.WithContext(ctx).Take(&t, id).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return Errorf(ENOTFOUND, "未找到 API 令牌 %d", id)
		} else if err != nil {
			return fmt.Errorf("api token %d: %w", id, err)
		}
		if t.RevokedAt != nil {
			return nil
		}
		now := tx.now()
		if err := tx.db.WithContext(ctx).Model(&APIToken{}).Where("id = ?", id).Update("revoked_at", now).Error; err != nil {
			return fmt.Errorf("revoke api token %d: %w", id, err)
		}
		return tx.Audit(ctx, actor, "api_token.revoke", "api_token", fmt.Sprint(id), map[string]any{"user_id": t.UserID, "name": t.Name}, map[string]any{"revoked_at": now})
	})
}

// ParseTokenExpiry reads a token lifetime as a number of days ("90d"), of
// hours ("12h") or an end date ("2027-06-30", the end of that day in loc).
// An empty string never expires (nil).
func ParseTokenExpiry(v string, now time.Time, loc *time.Location) (*time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, nil
	}
	bad := Errorf(EINVALID, "有效期「%s」应为天数（如 90d）、小时数（如 12h）或日期（如 2027-06-30）", v)
	if n, ok := strings.CutSuffix(v, "d"); ok {
		d, err := strconv.Atoi(n)
		if err != nil || d < 1 || d > 3660 {
			return nil, bad
		}
		t := now.Add(time.Duration(d) * 24 * time.Hour)
		return &t, nil
	}
	if n, ok := strings.CutSuffix(v, "h"); ok {
		h, err := strconv.Atoi(n)
		if err != nil || h < 1 || h > 3660*24 {
			return nil, bad
		}
		t := now.Add(time.Duration(h) * time.Hour)
		return &t, nil
	}
	day, err := time.ParseInLocation(time.DateOnly, v, loc)
	if err != nil {
		return nil, bad
	}
	t := day.AddDate(0, 0, 1)
	if !t.After(now) {
		return nil, Errorf(EINVALID, "有效期应晚于当前时间")
	}
	return &t, nil
}
