package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"selfcheck/models"
)

// touchEvery bounds how often a user's last_inbound_at is written: the
// 48-hour customer-service window is then known to within this much, and
// most messages cost no write to wechat_users.
const touchEvery = time.Hour

// errDuplicate marks a message whose dedupe key is already recorded.
var errDuplicate = errors.New("duplicate message")

// Handle processes one inbound message exactly once and returns the replies.
// In one transaction it records the dedupe key, locks and loads the chat's
// session, runs the conversation and saves the session with the reply, so
// the key, the effects and the session commit together before the reply
// leaves. A retry of a message already committed gets the reply stored with
// it if it is the chat's latest message, else none ("success"): WeChat drops
// the first reply when it retries, so repeating it is what the user needs.
func (b *Bot) Handle(ctx context.Context, in Inbound) ([]Outbound, error) {
	key := in.DedupeKey()
	var out []Outbound
	err := b.store.Tx(ctx, func(tx *models.Store) error {
		if err := tx.MarkProcessed(ctx, key); err != nil {
			if models.ErrorCode(err) == models.ECONFLICT {
				return errDuplicate
			}
			return err
		}
		raw, err := tx.LockConversation(ctx, in.OpenID)
		if err != nil {
			return err
		}
		st, ok := decodeSession(raw)
		if !ok {
			b.Logger.Warn("unreadable conversation state reset", "openid", in.OpenID)
		}
		c := &chat{b: b, ctx: ctx, tx: tx, st: st, in: in, now: b.Now()}
		if err := c.identify(); err != nil {
			return err
		}
		if out, err = c.dispatch(); err != nil {
			return err
		}
		st.LastKey, st.LastReply = key, out
		enc, err := st.encode()
		if err != nil {
			return fmt.Errorf("encode session: %w", err)
		}
		return tx.SaveConversation(ctx, in.OpenID, enc)
	})
	if errors.Is(err, errDuplicate) {
		raw, err := b.store.Conversation(ctx, in.OpenID)
		if err != nil {
			return nil, err
		}
		if st, _ := decodeSession(raw); st.LastKey == key {
			return st.LastReply, nil
		}
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// chat is one message being handled inside the transaction.
type chat struct {
	b   *Bot
	ctx context.Context
	tx  *models.Store
	st  *session
	in  Inbound
	now time.Time
}

// identify makes sure the sender has a wechat_users row and keeps its
// last_inbound_at and subscription fresh.
func (c *chat) identify() error {
	subscribed := !(c.in.Kind == KindEvent && c.in.Event == EventUnsubscribe)
	if c.st.UserID == 0 {
		u, err := c.tx.EnsureWechatUser(c.ctx, c.in.OpenID)
		if err != nil {
			return err
		}
		c.st.UserID = u.ID
	}
	sub := c.in.Kind == KindEvent && (c.in.Event == EventSubscribe || c.in.Event == EventUnsubscribe)
	if sub || c.now.Sub(c.st.Seen) >= touchEvery {
		if err := c.tx.TouchWechatUser(c.ctx, c.st.UserID, subscribed); err != nil {
			return err
		}
		c.st.Seen = c.now
	}
	return nil
}

// say renders one text reply.
func (c *chat) say(key string, kv ...string) []Outbound {
	return []Outbound{{Text: c.b.texts.say(key, kv...)}}
}

// fail turns an error into a reply when it is meant for the user (it has a
// code) and passes internal errors up, which rolls the message back.
func (c *chat) fail(err error) ([]Outbound, error) {
	if models.ErrorCode(err) == models.EINTERNAL {
		return nil, err
	}
	return []Outbound{{Text: models.ErrorMessage(err)}}, nil
}
