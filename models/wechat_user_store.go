package models

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// EnsureWechatUser returns the user with the given openid, creating it
// (subscribed) on first contact.
func (s *Store) EnsureWechatUser(ctx context.Context, openID string) (*WechatUser, error) {
	if openID == "" {
		return nil, Errorf(EINVALID, "缺少用户标识")
	}
	db := s.db.WithContext(ctx)
	now := s.now()
	u := WechatUser{OpenID: openID, Subscribed: true, CreatedAt: now, UpdatedAt: now}
	if err := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&u).Error; err != nil {
		return nil, fmt.Errorf("ensure wechat user %s: %w", openID, err)
	}
	return s.WechatUserByOpenID(ctx, openID)
}

// WechatUserByOpenID returns the user with the given openid.
func (s *Store) WechatUserByOpenID(ctx context.Context, openID string) (*WechatUser, error) {
	var u WechatUser
	err := s.db.WithContext(ctx).Where("openid = ?", openID).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, Errorf(ENOTFOUND, "未找到该微信用户")
	} else if err != nil {
		return nil, fmt.Errorf("wechat user %s: %w", openID, err)
	}
	return &u, nil
}

// TouchWechatUser records that the user wrote now, and whether it follows
// the account.
func (s *Store) TouchWechatUser(ctx context.Context, id int64, subscribed bool) error {
	now := s.now()
	err := s.db.WithContext(ctx).Model(&WechatUser{}).Where("id = ?", id).
		Updates(map[string]any{"last_inbound_at": now, "subscribed": subscribed, "updated_at": now}).Error
	if err != nil {
		return fmt.Errorf("touch wechat user %d: %w", id, err)
	}
	return nil
}

// SetWechatUserArea records the street and community (grid code) a citizen
// lives in.
func (s *Store) SetWechatUserArea(ctx context.Context, id int64, street, community string) error {
	err := s.db.WithContext(ctx).Model(&WechatUser{}).Where("id = ?", id).
		Updates(map[string]any{"street_code": street, "community_code": community, "updated_at": s.now()}).Error
	if err != nil {
		return fmt.Errorf("set area of wechat user %d: %w", id, err)
	}
	return nil
}

// SetWechatUserSubscribed records whether the user follows the account, as
// WeChat told the sender (43004: it does not). A user who writes again or
// follows again is marked subscribed by the bot.
func (s *Store) SetWechatUserSubscribed(ctx context.Context, openID string, subscribed bool) error {
	err := s.db.WithContext(ctx).Model(&WechatUser{}).Where("openid = ?", openID).
		Updates(map[string]any{"subscribed": subscribed, "updated_at": s.now()}).Error
	if err != nil {
		return fmt.Errorf("set subscription of wechat user: %w", err)
	}
	return nil
}

// UnsubscribedAmong returns which of openIDs are known not to follow the
// account.
func (s *Store) UnsubscribedAmong(ctx context.Context, openIDs []string) (map[string]bool, error) {
	out := map[string]bool{}
	for start := 0; start < len(openIDs); start += 1000 {
		var ids []string
		err := s.db.WithContext(ctx).Model(&WechatUser{}).Where("openid IN ? AND subscribed = ?", openIDs[start:min(start+1000, len(openIDs))], false).
			Pluck("openid", &ids).Error
		if err != nil {
			return nil, fmt.Errorf("unsubscribed wechat users: %w", err)
		}
		for _, id := range ids {
			out[id] = true
		}
	}
	return out, nil
}

// EnsureWechatUsers returns the id of the user of each openid, creating the
// missing ones (subscribed, writing now) on first contact, in two
// statements whatever the number of users. The webhook calls it once per
// batch of messages. created reports whether this call created every one of
// them: inside Tx, no firm can be bound to such a user and it has made no
// report, and no other transaction can see it until this one commits.
func (s *Store) EnsureWechatUsers(ctx context.Context, openIDs []string) (ids map[string]int64, created bool, err error) {
	ids = make(map[string]int64, len(openIDs))
	if len(openIDs) == 0 {
		return ids, false, nil
	}
	// Sorted rows take their locks in one order in every transaction.
	sorted := slices.Compact(slices.Sorted(slices.Values(openIDs)))
	if sorted[0] == "" {
		return nil, false, Errorf(EINVALID, "缺少用户标识")
	}
	now := s.now()
	args := make([]any, 0, 4*len(sorted))
	for _, id := range sorted {
		args = append(args, id, now, now, now)
	}
	insert := "INSERT INTO wechat_users (openid, subscribed, street_code, community_code, last_inbound_at, created_at, updated_at) VALUES " +
		strings.Repeat("(?, TRUE, '', '', ?, ?, ?),", len(sorted))
	inserted, err := s.execCount(ctx, strings.TrimSuffix(insert, ",")+s.insertIgnoring("openid"), args...)
	if err != nil {
		return nil, false, fmt.Errorf("ensure %d wechat users (first %s): %w", len(sorted), sorted[0], err)
	}
	rows, err := s.db.WithContext(ctx).Raw("SELECT id, openid FROM wechat_users WHERE openid IN ?"+s.lockingRead(), sorted).Rows()
	if err != nil {
		return nil, false, fmt.Errorf("ensure %d wechat users (first %s): %w", len(sorted), sorted[0], err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var openID string
		if err := rows.Scan(&id, &openID); err != nil {
			return nil, false, fmt.Errorf("ensure wechat users: %w", err)
		}
		ids[openID] = id
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("ensure wechat users: %w", err)
	}
	for _, id := range sorted {
		if ids[id] == 0 {
			return nil, false, fmt.Errorf("ensure wechat user %s: not found after insert", id)
		}
	}
	return ids, inserted == int64(len(sorted)), nil
}

// TouchWechatUsers is TouchWechatUser for many users in one statement.
func (s *Store) TouchWechatUsers(ctx context.Context, ids []int64, subscribed bool) error {
	if len(ids) == 0 {
		return nil
	}
	now := s.now()
	err := s.exec(ctx, "UPDATE wechat_users SET last_inbound_at = ?, subscribed = ?, updated_at = ? WHERE id IN ?",
		now, subscribed, now, slices.Sorted(slices.Values(ids)))
	if err != nil {
		return fmt.Errorf("touch %d wechat users: %w", len(ids), err)
	}
	return nil
}
