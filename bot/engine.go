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

// errDuplicate marks a batch holding a message whose dedupe key is already
// recorded.
var errDuplicate = errors.New("duplicate message")

// Handle processes one inbound message exactly once and returns the replies.
// In one transaction it records the dedupe key, locks and loads the chat's
// session, runs the conversation and saves the session with the reply, so
// the key, the effects and the session commit together before the reply
// leaves. That transaction may be shared with messages of other chats that
// arrived at the same time (group commit, see batcher); messages of one
// chat are handled one after the other in arrival order. A retry of a
// message already committed gets the reply stored with it if it is the
// chat's latest message, else none ("success"): WeChat drops the first
// reply when it retries, so repeating it is what the user needs.
func (b *Bot) Handle(ctx context.Context, in Inbound) ([]Outbound, error) {
	return b.batch.do(ctx, in)
}

// newBatcher returns the group commit for b: batches on MySQL, one message
// at a time on SQLite, whose single writer gains nothing from concurrency.
func (b *Bot) newBatcher() *batcher {
	if b.store.Dialect() == "sqlite" {
		q := newBatcher(b.runBatch, 1, 1)
		q.late = b.lateReply
		return q
	}
	q := newBatcher(b.runBatch, batchWorkers, maxBatch)
	q.linger = batchLinger
	q.late = b.lateReply
	return q
}

// runBatch handles jobs, each of a different chat, in one transaction. If
// that fails (a message's internal error, a retry among them, a lost
// deadlock) nothing of it is committed, and each message is handled again
// in a transaction of its own, so only the culprit fails.
func (b *Bot) runBatch(jobs []*job) {
	if len(jobs) > 1 {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(jobs[0].ctx), ReplyBudget)
		err := b.commit(ctx, jobs)
		cancel()
		if err == nil {
			return
		}
		if !errors.Is(err, errDuplicate) {
			b.Logger.Warn("wechat batch rolled back; handling its messages one by one", "messages", len(jobs), "err", err)
		}
	}
	for _, j := range jobs {
		if err := j.ctx.Err(); err != nil {
			j.err = err // its caller gave up: WeChat retries it
			continue
		}
		ctx, cancel := context.WithTimeout(context.WithoutCancel(j.ctx), ReplyBudget)
		j.out, j.err = b.handleOne(ctx, j)
		cancel()
	}
}

// handleOne handles one message in its own transaction.
func (b *Bot) handleOne(ctx context.Context, j *job) ([]Outbound, error) {
	err := b.commit(ctx, []*job{j})
	if errors.Is(err, errDuplicate) {
		countDedupeHit()
		raw, err := b.store.Conversation(ctx, j.in.OpenID)
		if err != nil {
			return nil, err
		}
		if st, _ := decodeSession(raw); st.LastKey == j.in.DedupeKey() {
			return st.LastReply, nil
		}
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return j.out, nil
}

// commit handles jobs in one transaction with a fixed number of statements
// besides the flows' own, whatever the number of jobs: record the dedupe
// keys and nonces, lock and load the sessions, identify the senders (see
// identify), save the sessions.
// It sets each job's replies only when the transaction commits.
func (b *Bot) commit(ctx context.Context, jobs []*job) error {
	keys := make([]string, len(jobs))
	ids := make([]string, len(jobs))
	for i, j := range jobs {
		keys[i], ids[i] = j.in.DedupeKey(), j.in.OpenID
	}
	outs := make([][]Outbound, len(jobs))
	err := b.store.Tx(ctx, func(tx *models.Store) error {
		if err := tx.MarkProcessed(ctx, keys...); err != nil {
			if models.ErrorCode(err) == models.ECONFLICT {
				return errDuplicate
			}
			return err
		}
		if err := rememberNonces(ctx, tx, jobs); err != nil {
			return err
		}
		raw, err := tx.LockConversations(ctx, ids)
		if err != nil {
			return err
		}
		sessions, err := b.identify(ctx, tx, jobs, raw)
		if err != nil {
			return err
		}
		states := make(map[string]string, len(jobs))
		for i, j := range jobs {
			out, st, err := b.converse(ctx, tx, j.in, sessions[i])
			if err != nil {
				return err
			}
			outs[i], states[j.in.OpenID] = out, st
		}
		return tx.SaveConversations(ctx, states)
	})
	if err != nil {
		return err
	}
	for i, j := range jobs {
		j.out = outs[i]
	}
	return nil
}

// converse runs one message against the chat's session st (its sender
// identified) and returns the replies and the state to save. A panic in a
// flow is an error of this message alone: the batch is retried without it.
func (b *Bot) converse(ctx context.Context, tx *models.Store, in Inbound, st *session) (out []Outbound, state string, err error) {
	defer func() {
		if p := recover(); p != nil {
			out, state, err = nil, "", fmt.Errorf("conversation of %s panicked: %v", in.OpenID, p)
		}
	}()
	c := &chat{b: b, ctx: ctx, tx: tx, st: st, in: in, now: b.Now()}
	// The pages of a long reply wait for 更多; any other message drops them.
	pending := st.More
	st.More = nil
	if in.isMore() {
		out = c.more(pending)
	} else {
		if out, err = c.dispatch(); err != nil {
			return nil, "", err
		}
		out, st.More = b.texts.paginate(out)
	}
	st.LastKey, st.LastReply = in.DedupeKey(), out
	if state, err = st.encode(); err != nil {
		return nil, "", fmt.Errorf("encode session: %w", err)
	}
	return out, state, nil
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
