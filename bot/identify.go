package bot

import (
	"context"
	"time"

	"selfcheck/models"
)

// identify locks and loads the sessions of a batch's chats and makes sure
// every sender has a wechat_users row whose last_inbound_at and
// subscription are fresh, for the whole batch at once: the first-contact
// rows in an insert and a select, the chats' locks and states in at most
// two statements (see LockConversations), the touches in at most two
// updates (one per subscription state). A user's row created here is
// written-to now, so it needs no touch.
//
// Senders whose chat the read pass found without a session are most likely
// new, so their rows are created first. When that creates every one of
// them, no other transaction can reach their chats before this one commits
// (another would wait on the same rows and then find them), so their chats
// are neither locked nor read: each starts a new session, saved once with
// its state. Otherwise every chat is locked and read, and any sender still
// without a row gets one. Two replicas handling one sender at the same
// instant may then lock its user row and its chat in opposite orders; the
// database refuses one of them, whose batch is retried message by message.
//
// The sessions come back in the order of jobs, each with its user id and
// when it was last touched; first tells whose sender's row was created
// here (no firm is bound to it yet and it has made no report).
func (b *Bot) identify(ctx context.Context, tx *models.Store, jobs []*job) (sessions []*session, first []bool, err error) {
	now := b.Now()
	var absent []string
	for _, j := range jobs {
		if j.absent {
			absent = append(absent, j.in.OpenID)
		}
	}
	ids, created, err := tx.EnsureWechatUsers(ctx, absent)
	if err != nil {
		return nil, nil, err
	}
	var lock []string
	for _, j := range jobs {
		if !created || !j.absent {
			lock = append(lock, j.in.OpenID)
		}
	}
	raw, err := tx.LockConversations(ctx, lock)
	if err != nil {
		return nil, nil, err
	}
	sessions = make([]*session, len(jobs))
	// A user row created here is subscribed and written-to now.
	first = make([]bool, len(jobs))
	var unknown []string
	for i, j := range jobs {
		if created && j.absent {
			sessions[i] = &session{UserID: ids[j.in.OpenID], Seen: now}
			first[i] = true
			continue
		}
		st, ok := decodeSession(raw[j.in.OpenID])
		if !ok {
			b.Logger.Warn("unreadable conversation state reset", "openid", j.in.OpenID)
		}
		sessions[i] = st
		if st.UserID == 0 {
			if id := ids[j.in.OpenID]; id != 0 {
				st.UserID, st.Seen = id, time.Time{} // found, not created: touched below
			} else {
				unknown = append(unknown, j.in.OpenID)
			}
		}
	}
	if len(unknown) > 0 {
		more, fresh, err := tx.EnsureWechatUsers(ctx, unknown)
		if err != nil {
			return nil, nil, err
		}
		for i, j := range jobs {
			if id := more[j.in.OpenID]; id != 0 && sessions[i].UserID == 0 {
				sessions[i].UserID, sessions[i].Seen = id, time.Time{}
				if fresh {
					sessions[i].Seen, first[i] = now, true
				}
			}
		}
	}
	touch := map[bool][]int64{}
	for i, j := range jobs {
		st, in := sessions[i], j.in
		subscribed := !(in.Kind == KindEvent && in.Event == EventUnsubscribe)
		sub := in.Kind == KindEvent && (in.Event == EventSubscribe || in.Event == EventUnsubscribe)
		if first[i] && subscribed {
			continue
		}
		if sub || now.Sub(st.Seen) >= touchEvery {
			touch[subscribed] = append(touch[subscribed], st.UserID)
			st.Seen = now
		}
	}
	for _, subscribed := range []bool{true, false} {
		if err := tx.TouchWechatUsers(ctx, touch[subscribed], subscribed); err != nil {
			return nil, nil, err
		}
	}
	return sessions, first, nil
}
