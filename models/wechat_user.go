package models

import "time"

// WechatUser is one follower of the Official Account, known by its openid. A
// citizen records only a street and a community (网格), no other personal data.
type WechatUser struct {
	ID            int64
	OpenID        string `gorm:"column:openid"`
	Subscribed    bool
	StreetCode    string
	CommunityCode string
	// LastInboundAt is when the user last wrote; customer-service messages
	// may be sent within 48 hours of it. The bot refreshes it at most hourly.
	LastInboundAt *time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Binding links a WeChat user to a firm it speaks for.
type Binding struct {
	ID           int64
	WechatUserID int64
	EnterpriseID int64
	CreatedAt    time.Time
}

// BindCode is a one-time code that binds whoever presents it to a firm. Only
// the sha256 of the code is stored.
type BindCode struct {
	ID           int64
	EnterpriseID int64
	CodeHash     string
	ExpiresAt    time.Time
	UsedAt       *time.Time
	UsedBy       *int64
	CreatedBy    string
	CreatedAt    time.Time
}

// BindAttempt records one try at a bind code, for rate limiting.
type BindAttempt struct {
	ID        int64
	OpenID    string `gorm:"column:openid"`
	OK        bool   `gorm:"column:ok"`
	CreatedAt time.Time
}
