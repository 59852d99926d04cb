package models

import "time"

// Outbox statuses. A message is pending until a worker delivers it (sent) or
// its retries are spent or WeChat refuses it for good (dead: a dead letter,
// kept with its last error for regulators to see and requeue).
const (
	OutboxPending = "pending"
	OutboxSent    = "sent"
	OutboxDead    = "dead"
	// OutboxUnsubscribed ends a message to a user who no longer follows
	// the account (WeChat's 43004): not retried, and not a dead letter,
	// since there is nothing to fix.
	OutboxUnsubscribed = "unsubscribed"
)

// Outbox kinds: how a message reaches the user.
const (
	// OutboxTemplate is a template message: allowed at any time, counted
	// against a daily quota, and deduplicated by WeChat through its
	// client_msg_id.
	OutboxTemplate = "template"
	// OutboxCustom is a customer-service message: free text, allowed only
	// within 48 hours of the user's last message, with no deduplication key.
	OutboxCustom = "custom"
)

// OutboxMessage is one message to one WeChat user. The outbox table is the
// send queue: pending rows due at NextAttemptAt are the work, and a worker
// claims a batch by leasing it (LockedBy, LockedUntil, NextAttemptAt pushed
// past the lease), so a worker that dies leaves its rows to be claimed again
// when the lease ends.
type OutboxMessage struct {
	ID int64
	// MsgKey is stable for the life of the message and is sent as
	// client_msg_id, so a resend after a crash between send and commit is
	// dropped by WeChat. At most 32 characters.
	MsgKey        string
	Kind          string
	Topic         string
	OpenID        string `gorm:"column:openid"`
	Payload       string
	Status        string
	Attempts      int
	NextAttemptAt time.Time
	LockedUntil   *time.Time
	LockedBy      string
	LastError     string
	CampaignID    *int64
	EnterpriseID  *int64
	CreatedAt     time.Time
	SentAt        *time.Time
}

// TableName is the outbox table.
func (OutboxMessage) TableName() string { return "outbox" }

// MaxMsgKey is the longest MsgKey: WeChat's client_msg_id limit.
const MaxMsgKey = 32

// Validate checks what the database cannot.
func (m *OutboxMessage) Validate() error {
	switch {
	case m.MsgKey == "" || len(m.MsgKey) > MaxMsgKey:
		return Errorf(EINVALID, "消息标识须为1至%d个字符", MaxMsgKey)
	case m.Kind != OutboxTemplate && m.Kind != OutboxCustom:
		return Errorf(EINVALID, "未知的消息类型 %q", m.Kind)
	case m.OpenID == "":
		return Errorf(EINVALID, "消息缺少接收用户")
	case m.Topic == "" || len(m.Topic) > 32:
		return Errorf(EINVALID, "消息主题须为1至32个字符")
	}
	return nil
}

// OutboxCounts is how many messages are in each status.
type OutboxCounts struct {
	Pending, Sent, Dead int64
}
