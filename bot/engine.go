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

// runBatch handles jobs, each of a different chat. It first answers from a
// read, with writes refused, the messages that change nothing (see read),
// then commits all of them in one transaction. If that fails (a message's
// internal error, a retry or a replay among them, a lost deadlock) nothing
// of its messages' effects is committed (at most the nonces of a batch the
// read answered whole, which a retry of the same message accepts), and each
// message is committed again on its own, so only the culprit fails.
func (b *Bot) runBatch(jobs []*job) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(jobs[0].ctx), ReplyBudget)
	b.read(ctx, jobs)
	if len(jobs) > 1 {
		err := b.commit(ctx, jobs)
		if err == nil {
			cancel()
			return
		}
		if !errors.Is(err, errDuplicate) {
			b.Logger.Warn("wechat batch failed; handling its messages one by one", "messages", len(jobs), "err", err)
		}
	}
	cancel()
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
// besides the flows' own, whatever the number of jobs: record the requests'
// nonces, and for the messages read did not answer record the dedupe keys,
// identify the senders and lock and load their sessions (see identify), run
// the conversations and save the sessions. It sets each job's replies only when
// the transaction commits, so no reply, not even one read answered, leaves
// before its request is on record. A batch that read answered whole needs
// no transaction: its one statement, the nonces, commits by itself.
func (b *Bot) commit(ctx context.Context, jobs []*job) error {
	var writers []*job
	for _, j := range jobs {
		if !j.answered {
			writers = append(writers, j)
		}
	}
	if len(writers) == 0 {
		if err := rememberNonces(ctx, b.store, jobs); err != nil {
			return err
		}
		for _, j := range jobs {
			j.out = j.early
		}
		return nil
	}
	keys := make([]string, len(writers))
	for i, j := range writers {
		keys[i] = j.in.DedupeKey()
	}
	outs := make([][]Outbound, len(writers))
	err := b.store.Tx(ctx, func(tx *models.Store) error {
		// Dedupe keys first: a retry of a message that changed something
		// is a duplicate before its repeated nonce could look like a replay.
		if err := tx.MarkProcessed(ctx, keys...); err != nil {
			if models.ErrorCode(err) == models.ECONFLICT {
				return errDuplicate
			}
			return err
		}
		if err := rememberNonces(ctx, tx, jobs); err != nil {
			return err
		}
		sessions, first, err := b.identify(ctx, tx, writers)
		if err != nil {
			return err
		}
		states := make(map[string]string, len(writers))
		for i, j := range writers {
			var pre preload
			if first[i] {
				pre = newcomer(j.in)
			}
			out, st, err := b.converse(ctx, tx, j.in, sessions[i], pre)
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
	for _, j := range jobs {
		if j.answered {
			j.out = j.early
		}
	}
	for i, j := range writers {
		j.out = outs[i]
	}
	return nil
}

// read answers the messages of jobs that change nothing: a help request, a
// lookup, a greeting. Each message is run against its chat's saved session
// (read without a lock or a transaction) on a store that refuses writes,
// with what its flow looks up first read for the whole batch at once (see
// preload); it is answered here if the conversation asked no write, left
// its session as it was (apart from the latest message and reply) and its
// sender is known and not due a touch. A chat in a flow or with pages
// waiting is not tried: its next message moves it on. Such a message needs
// no dedupe key or session write: handled again, it gives the same answer.
// The retry of the chat's latest message that changed something gets that
// message's reply, as commit would give it. Every other message, and every
// message if a read fails, is left to commit, which handles it from the
// start. An answer leaves only when commit has recorded its request's
// nonce, so that the request cannot come back with another message.
func (b *Bot) read(ctx context.Context, jobs []*job) {
	ids := make([]string, len(jobs))
	for i, j := range jobs {
		ids[i] = j.in.OpenID
	}
	raw, err := b.store.Conversations(ctx, ids)
	if err != nil {
		// commit reports the failure if it lasts, once per message.
		b.Logger.Debug("wechat batch not read; committing every message", "messages", len(jobs), "err", err)
		return
	}
	now := b.Now()
	type attempt struct {
		j   *job
		st  *session
		pre preload
	}
	var tries []attempt
	var firmsOf, reportsOf []int64
	for _, j := range jobs {
		in := j.in
		_, saved := raw[in.OpenID]
		j.absent = !saved
		if in.Kind == KindEvent && (in.Event == EventSubscribe || in.Event == EventUnsubscribe) {
			continue
		}
		st, ok := decodeSession(raw[in.OpenID])
		if !ok || st.UserID == 0 || now.Sub(st.Seen) >= touchEvery {
			continue
		}
		if st.LastKey == in.DedupeKey() {
			j.early, j.answered = st.LastReply, true
			continue
		}
		if st.Flow != "" || len(st.More) > 0 {
			// A chat in a flow (a questionnaire, a report) or with pages
			// waiting: its next message moves it on, so running it here
			// first would only do the work twice.
			continue
		}
		var pre preload
		pre.hasFirms, pre.hasReports = firstLookups(in)
		if pre.hasFirms {
			firmsOf = append(firmsOf, st.UserID)
		}
		if pre.hasReports {
			reportsOf = append(reportsOf, st.UserID)
		}
		tries = append(tries, attempt{j, st, pre})
	}
	// What the flows look up first, for the whole batch: a statement each.
	firms, err := b.store.BoundEnterprisesOf(ctx, firmsOf)
	if err != nil {
		b.Logger.Debug("wechat batch's firms not read; committing its messages", "messages", len(tries), "err", err)
		return
	}
	reports, err := b.store.ReportsByReporters(ctx, reportsOf, progressLimit)
	if err != nil {
		b.Logger.Debug("wechat batch's reports not read; committing its messages", "messages", len(tries), "err", err)
		return
	}
	for _, t := range tries {
		j, st, pre := t.j, t.st, t.pre
		before, err := st.shape()
		if err != nil {
			continue
		}
		pre.firms, pre.reports = firms[st.UserID], reports[st.UserID]
		var g models.WriteGuard
		out, err := b.reply(ctx, b.store.Guarded(&g), j.in, st, pre)
		if err != nil || g.Tried() {
			continue
		}
		if after, err := st.shape(); err != nil || after != before {
			continue
		}
		j.early, j.answered = out, true
		readAnswers.Inc()
	}
}

// converse runs one message against the chat's session st (its sender
// identified) and returns the replies and the state to save, which records
// the message and its reply for a retry.
func (b *Bot) converse(ctx context.Context, tx *models.Store, in Inbound, st *session, pre preload) ([]Outbound, string, error) {
	out, err := b.reply(ctx, tx, in, st, pre)
	if err != nil {
		return nil, "", err
	}
	st.LastKey, st.LastReply = in.DedupeKey(), out
	state, err := st.encode()
	if err != nil {
		return nil, "", fmt.Errorf("encode session: %w", err)
	}
	return out, state, nil
}

// reply runs one message against the chat's session st, which it moves
// on, with what its flow looks up first in pre, and returns the replies. A
// panic in a flow is an error of this message alone: the batch is retried
// without it.
func (b *Bot) reply(ctx context.Context, tx *models.Store, in Inbound, st *session, pre preload) (out []Outbound, err error) {
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, fmt.Errorf("conversation of %s panicked: %v", in.OpenID, p)
		}
	}()
	c := &chat{b: b, ctx: ctx, tx: tx, st: st, in: in, now: b.Now(), pre: pre}
	// The pages of a long reply wait for 更多; any other message drops them.
	pending := st.More
	st.More = nil
	if in.isMore() {
		return c.more(pending), nil
	}
	if out, err = c.dispatch(); err != nil {
		return nil, err
	}
	out, st.More = b.texts.paginate(out)
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
	pre preload
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
