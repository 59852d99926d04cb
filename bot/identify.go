package bot

import (
	"context"

	"selfcheck/models"
)

// identify decodes the saved sessions of a batch's chats (raw, by openid)
// and makes sure every sender has a wechat_users row whose last_inbound_at
// and subscription are fresh, for the whole batch at once: the first-contact
// rows in one insert and one select, the touches in at most two updates (one
// per subscription state). A new user's row is created written-to now, so it
// needs no touch. The sessions come back in the order of jobs, each with its
// user id and when it was last touched.
func (b *Bot) identify(ctx context.Context, tx *models.Store, jobs []*job, raw map[string]string) ([]*session, error) {
	now := b.Now()
	sessions := make([]*session, len(jobs))
	var unknown []string
	for i, j := range jobs {
		st, ok := decodeSession(raw[j.in.OpenID])
		if !ok {
			b.Logger.Warn("unreadable conversation state reset", "openid", j.in.OpenID)
		}
		sessions[i] = st
		if st.UserID == 0 {
			unknown = append(unknown, j.in.OpenID)
		}
	}
	var created map[string]int64
	if len(unknown) > 0 {
		var err error
		if created, err = tx.EnsureWechatUsers(ctx, unknown); err != nil {
			return nil, err
		}
	}
	touch := map[bool][]int64{}
	for i, j := range jobs {
		st, in := sessions[i], j.in
		if st.UserID == 0 {
			st.UserID, st.Seen = created[in.OpenID], now
			if in.Kind != KindEvent || in.Event != EventUnsubscribe {
				continue // created subscribed and written-to now
			}
		}
		subscribed := !(in.Kind == KindEvent && in.Event == EventUnsubscribe)
		sub := in.Kind == KindEvent && (in.Event == EventSubscribe || in.Event == EventUnsubscribe)
		if sub || now.Sub(st.Seen) >= touchEvery {
			touch[subscribed] = append(touch[subscribed], st.UserID)
			st.Seen = now
		}
	}
	for _, subscribed := range []bool{true, false} {
		if err := tx.TouchWechatUsers(ctx, touch[subscribed], subscribed); err != nil {
			return nil, err
		}
	}
	return sessions, nil
}
