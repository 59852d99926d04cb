package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// statementCounter counts the SQL statements a Store's sessions send,
// through GORM's callbacks (BEGIN and COMMIT are not among them).
type statementCounter struct {
	mu  sync.Mutex
	n   int
	sql []string
}

func countStatements(t testing.TB, s *models.Store) *statementCounter {
	t.Helper()
	c := &statementCounter{}
	count := func(db *gorm.DB) {
		c.mu.Lock()
		c.n++
		c.sql = append(c.sql, db.Statement.SQL.String())
		c.mu.Unlock()
	}
	cb := s.DB().Callback()
	for name, err := range map[string]error{
		"create": cb.Create().After("gorm:create").Register("test:count", count),
		"query":  cb.Query().After("gorm:query").Register("test:count", count),
		"update": cb.Update().After("gorm:update").Register("test:count", count),
		"delete": cb.Delete().After("gorm:delete").Register("test:count", count),
		"row":    cb.Row().After("gorm:row").Register("test:count", count),
		"raw":    cb.Raw().After("gorm:raw").Register("test:count", count),
	} {
		if err != nil {
			t.Fatalf("register %s counter: %v", name, err)
		}
	}
	return c
}

// take returns the statements counted since the last take.
func (c *statementCounter) take() (int, []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, sql := c.n, c.sql
	c.n, c.sql = 0, nil
	return n, sql
}

// TestBatchStatements: a batch of messages costs a fixed number of
// statements whatever its size, for first-time users (whose wechat_users
// and conversations rows are created in the batch, and who have no firm or
// report to look up) as for known ones, so the webhook's round trips per
// message fall as batches grow; messages of known users that change
// nothing (help, small talk, lookups) write nothing but their requests'
// nonces (not counted here: these jobs come without a request), and what
// their flows look up is read for the whole batch at once.
func TestBatchStatements(t *testing.T) {
	s := modelstest.Open(t, "mysql")
	now := testNow
	b := newTestBot(t, s, &now)
	ctx := context.Background()
	counter := countStatements(t, s)
	const size = 16
	var msgID int64
	batch := func(prefix, text string) []*job {
		jobs := make([]*job, size)
		for i := range jobs {
			msgID++
			jobs[i] = &job{ctx: ctx, in: Inbound{OpenID: fmt.Sprintf("o-rt-%s-%d", prefix, i), Kind: KindText, Content: text,
				MsgID: msgID, Time: now}}
		}
		return jobs
	}
	for _, tc := range []struct {
		name    string
		chats   string
		text    string
		max     int
		writes  bool
		replies string
	}{
		{"first contact", "a", "帮助", 5, true, "自查"},
		{"first contact, credit", "b", "我的信用", 5, true, "绑定"},
		{"first contact, progress", "c", "进度", 5, true, "举报"},
		{"known users", "a", "帮助", 1, false, "自查"},
		{"known users, small talk", "a", "你好", 1, false, "没能理解"},
		{"known users, credit", "b", "我的信用", 2, false, "绑定"},
		{"known users, progress", "c", "进度", 2, false, "举报"},
	} {
		jobs := batch(tc.chats, tc.text)
		counter.take()
		b.runBatch(jobs)
		n, sql := counter.take()
		for _, j := range jobs {
			if j.err != nil || len(j.out) == 0 || !strings.Contains(j.out[0].Text, tc.replies) {
				t.Fatalf("%s: %s: %v %v, want a reply with %q", tc.name, j.in.OpenID, j.out, j.err, tc.replies)
			}
		}
		t.Logf("%s: %d statements for %d messages", tc.name, n, size)
		if n > tc.max {
			t.Errorf("%s: %d statements for a batch of %d, want at most %d:\n%q", tc.name, n, size, tc.max, sql)
		}
		wrote := slices.ContainsFunc(sql, func(q string) bool { return !strings.HasPrefix(q, "SELECT") })
		if wrote != tc.writes {
			t.Errorf("%s: wrote %v, want %v:\n%q", tc.name, wrote, tc.writes, sql)
		}
	}
}

// TestIdentifyBatch: senders are created on first contact already written
// to, a known sender is touched at most once per touchEvery, and an
// unsubscribe event records the unfollow, all from batches.
func TestIdentifyBatch(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		now := testNow
		b := newTestBot(t, s, &now)
		ctx := context.Background()
		var id int64
		send := func(in Inbound) {
			t.Helper()
			id++
			in.MsgID, in.Time = id, now
			j := &job{ctx: ctx, in: in}
			b.runBatch([]*job{j, {ctx: ctx, in: Inbound{OpenID: "o-id-other", Kind: KindText, Content: "帮助", MsgID: 1000 + id, Time: now}}})
			if j.err != nil {
				t.Fatalf("%+v: %v", in, j.err)
			}
		}
		check := func(when string, wantSeen time.Time, wantSub bool) {
			t.Helper()
			u, err := s.WechatUserByOpenID(ctx, "o-id")
			if err != nil {
				t.Fatal(err)
			}
			if u.LastInboundAt == nil || !u.LastInboundAt.Equal(wantSeen.UTC().Truncate(time.Second)) && !u.LastInboundAt.Equal(wantSeen.UTC()) || u.Subscribed != wantSub {
				t.Errorf("%s: last inbound %v subscribed %v, want %v %v", when, u.LastInboundAt, u.Subscribed, wantSeen.UTC(), wantSub)
			}
		}
		first := now
		send(Inbound{OpenID: "o-id", Kind: KindText, Content: "帮助"})
		check("first contact", first, true)
		now = now.Add(10 * time.Minute)
		send(Inbound{OpenID: "o-id", Kind: KindText, Content: "帮助"})
		check("ten minutes later", first, true)
		now = now.Add(touchEvery)
		send(Inbound{OpenID: "o-id", Kind: KindText, Content: "帮助"})
		check("an hour later", now, true)
		now = now.Add(time.Minute)
		send(Inbound{OpenID: "o-id", Kind: KindEvent, Event: EventUnsubscribe})
		check("unsubscribed", now, false)
		now = now.Add(time.Minute)
		send(Inbound{OpenID: "o-id", Kind: KindEvent, Event: EventSubscribe})
		check("subscribed again", now, true)
	})
}

// TestFirstContactNotNew: a sender the read pass found without a chat is
// only presumed new. When its user row exists already (made by another
// path, or by another replica's batch since the read), or its chat appeared
// after the read, the batch locks and reads the chats as for known senders:
// the existing user is kept and a session another batch saved goes on.
func TestFirstContactNotNew(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		now := testNow
		b := newTestBot(t, s, &now)
		ctx := context.Background()
		existing, err := s.EnsureWechatUser(ctx, "o-known-row")
		if err != nil {
			t.Fatal(err)
		}
		jobs := []*job{
			{ctx: ctx, in: Inbound{OpenID: "o-known-row", Kind: KindText, Content: "帮助", MsgID: 1, Time: now}},
			{ctx: ctx, in: Inbound{OpenID: "o-brand-new", Kind: KindText, Content: "我要举报", MsgID: 2, Time: now}},
		}
		b.runBatch(jobs)
		for _, j := range jobs {
			if j.err != nil || len(j.out) == 0 {
				t.Fatalf("%s: %v %v", j.in.OpenID, j.out, j.err)
			}
		}
		raw, err := s.Conversation(ctx, "o-known-row")
		if err != nil {
			t.Fatal(err)
		}
		if st, _ := decodeSession(raw); st.UserID != existing.ID {
			t.Errorf("session of a sender with a row but no chat has user %d, want the existing %d", st.UserID, existing.ID)
		}

		// o-brand-new's report is under way; a batch whose read predates
		// that (absent set by hand, as a stale read leaves it) must
		// continue it, not start the chat afresh.
		now = now.Add(time.Minute)
		stale := &job{ctx: ctx, in: Inbound{OpenID: "o-brand-new", Kind: KindText, Content: "2", MsgID: 3, Time: now}, absent: true}
		if err := b.commit(ctx, []*job{stale}); err != nil {
			t.Fatal(err)
		}
		if len(stale.out) == 0 || !strings.Contains(stale.out[0].Text, "描述") {
			t.Errorf("report category after a stale read: %v, want the description prompt", stale.out)
		}
	})
}

// TestReadAnswers: in a batch, a known follower's message that changes
// nothing is answered without a dedupe key or session write, while a
// message that starts a flow, a first contact and a sender due a touch are
// committed; the retry of a chat's latest committed message gets its reply.
func TestReadAnswers(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		now := testNow
		b := newTestBot(t, s, &now)
		ctx := context.Background()
		run := func(ins ...Inbound) []*job {
			t.Helper()
			jobs := make([]*job, len(ins))
			for i, in := range ins {
				in.Kind, in.Time = KindText, now
				jobs[i] = &job{ctx: ctx, in: in}
			}
			b.runBatch(jobs)
			for _, j := range jobs {
				if j.err != nil || len(j.out) == 0 {
					t.Fatalf("%s %q: %v %v", j.in.OpenID, j.in.Content, j.out, j.err)
				}
			}
			return jobs
		}
		answered := func(jobs []*job) []bool {
			var got []bool
			for _, j := range jobs {
				got = append(got, j.answered)
			}
			return got
		}
		first := run(Inbound{OpenID: "o-a", Content: "帮助", MsgID: 1}, Inbound{OpenID: "o-b", Content: "帮助", MsgID: 2},
			Inbound{OpenID: "o-c", Content: "帮助", MsgID: 3})
		if got := answered(first); slices.Contains(got, true) {
			t.Errorf("first contacts answered from a read: %v", got)
		}
		processed := countProcessed(t, s)
		now = now.Add(10 * time.Minute)
		second := run(Inbound{OpenID: "o-a", Content: "帮助", MsgID: 4}, Inbound{OpenID: "o-b", Content: "我要举报", MsgID: 5},
			Inbound{OpenID: "o-c", Content: "帮助", MsgID: 3})
		if got, want := answered(second), []bool{true, false, true}; !slices.Equal(got, want) {
			t.Errorf("answered from a read: %v, want %v (help, a report begun, a retry)", got, want)
		}
		if n := countProcessed(t, s) - processed; n != 1 {
			t.Errorf("%d dedupe keys recorded, want 1 (the report begun)", n)
		}
		if !strings.Contains(second[1].out[0].Text, "类别") {
			t.Errorf("report begun: %q, want the category prompt", second[1].out[0].Text)
		}
		if second[2].out[0].Text != first[2].out[0].Text {
			t.Errorf("retry: %q, want the first reply %q", second[2].out[0].Text, first[2].out[0].Text)
		}
		// o-b's report goes on: its session moved, which a read would have lost.
		now = now.Add(time.Minute)
		third := run(Inbound{OpenID: "o-b", Content: "2", MsgID: 6})
		if !strings.Contains(third[0].out[0].Text, "描述") {
			t.Errorf("report category: %q, want the description prompt", third[0].out[0].Text)
		}
		// An hour on, the follower is due a touch: committed, and touched.
		now = now.Add(touchEvery)
		fourth := run(Inbound{OpenID: "o-a", Content: "帮助", MsgID: 7})
		if fourth[0].answered {
			t.Errorf("a sender due a touch was answered from a read")
		}
		u, err := s.WechatUserByOpenID(ctx, "o-a")
		if err != nil || u.LastInboundAt == nil || now.Sub(*u.LastInboundAt) > time.Second {
			t.Errorf("o-a last inbound %v (%v), want %v", u.LastInboundAt, err, now)
		}
	})
}
