package models

import (
	"context"
	"errors"
	"fmt"

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
