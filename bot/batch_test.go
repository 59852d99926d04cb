package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// queued reports how many jobs of chat wait behind the one in flight.
func (q *batcher) queued(chat string) int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.chats[chat])
}

// waitQueued yields until n jobs of chat wait in q.
func waitQueued(q *batcher, chat string, n int) {
	for q.queued(chat) < n {
		runtime.Gosched()
	}
}

// TestBatcherOrder: a chat's messages run one at a time in arrival order,
// and a batch takes the ready messages of other chats together.
func TestBatcherOrder(t *testing.T) {
	started, gate := make(chan struct{}), make(chan struct{})
	var mu sync.Mutex
	var batches [][]string
	q := newBatcher(func(jobs []*job) {
		if jobs[0].in.Content == "x1" {
			close(started)
			<-gate
		}
		var names []string
		for _, j := range jobs {
			names = append(names, j.in.Content)
			j.out = []Outbound{{Text: "re " + j.in.Content}}
		}
		mu.Lock()
		batches = append(batches, names)
		mu.Unlock()
	}, 1, 8)
	ctx := context.Background()
	var wg sync.WaitGroup
	send := func(chat, content string) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, err := q.do(ctx, Inbound{OpenID: chat, Content: content})
			if err != nil || len(out) != 1 || out[0].Text != "re "+content {
				t.Errorf("do(%s) = %v, %v; want its own reply", content, out, err)
			}
		}()
	}
	send("x", "x1")
	<-started // x1 is in flight, held at the gate
	send("x", "x2")
	waitQueued(q, "x", 1)
	send("x", "x3")
	waitQueued(q, "x", 2)
	send("y", "y1")
	for {
		q.mu.Lock()
		n := len(q.ready)
		q.mu.Unlock()
		if n == 1 {
			break
		}
		runtime.Gosched()
	}
	close(gate)
	wg.Wait()
	want := [][]string{{"x1"}, {"y1", "x2"}, {"x3"}}
	if diff := cmp.Diff(want, batches); diff != "" {
		t.Errorf("batches (-want +got):\n%s", diff)
	}
	// The worker stops once it has released the last chat.
	for {
		q.mu.Lock()
		idle := q.running == 0 && len(q.chats) == 0 && len(q.ready) == 0
		q.mu.Unlock()
		if idle {
			break
		}
		runtime.Gosched()
	}
}

// TestBatcherExpired: a message whose caller gave up before its batch
// started is still handled, once, and its outcome goes to the late hook.
func TestBatcherExpired(t *testing.T) {
	ran := 0
	gate := make(chan struct{})
	q := newBatcher(func(jobs []*job) {
		<-gate
		ran += len(jobs)
		for _, j := range jobs {
			j.out = []Outbound{{Text: "re"}}
		}
	}, 1, 8)
	var late []*job
	q.late = func(j *job) { late = append(late, j) }
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := q.do(ctx, Inbound{OpenID: "z"}); !errors.Is(err, ErrLate) {
		t.Errorf("do with a cancelled context = %v, want ErrLate", err)
	}
	close(gate)
	// A later message of the chat waits for the first, then runs.
	if _, err := q.do(context.Background(), Inbound{OpenID: "z"}); err != nil {
		t.Fatal(err)
	}
	if ran != 2 || len(late) != 1 || late[0].out[0].Text != "re" {
		t.Errorf("ran %d messages, %d late; want 2 and 1 with its reply", ran, len(late))
	}
}

// TestRunBatch: a batch commits its messages together; a retry or a failing
// message among them sends the others through one by one, so only the
// failing one fails and the retry gets its stored reply.
func TestRunBatch(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		now := testNow
		b := newTestBot(t, s, &now)
		ctx := context.Background()
		msg := func(openID string, id int64, text string) *job {
			return &job{ctx: ctx, in: Inbound{OpenID: openID, Kind: KindText, Content: text, MsgID: id, Time: now}}
		}
		run := func(jobs ...*job) {
			t.Helper()
			b.runBatch(jobs)
		}
		first := []*job{msg("o-a", 1, "我要举报"), msg("o-b", 2, "帮助"), msg("o-c", 3, "我要举报")}
		run(first...)
		for _, j := range first {
			if j.err != nil || len(j.out) != 1 {
				t.Fatalf("%s: %v %v", j.in.OpenID, j.out, j.err)
			}
		}
		if n := countProcessed(t, s); n != 3 {
			t.Fatalf("processed %d, want 3", n)
		}

		retry := msg("o-a", 1, "我要举报")
		bad := msg("", 4, "帮助") // no openid: identify fails inside the transaction
		next := msg("o-c", 5, "2")
		fresh := msg("o-d", 6, "帮助")
		run(retry, bad, next, fresh)
		if diff := cmp.Diff(first[0].out, retry.out); diff != "" || retry.err != nil {
			t.Errorf("retry reply (-want +got):\n%s (err %v)", diff, retry.err)
		}
		if bad.err == nil {
			t.Errorf("message without openid: %v, want an error", bad.out)
		}
		if next.err != nil || len(next.out) != 1 || !strings.Contains(next.out[0].Text, "请用文字描述问题") {
			t.Errorf("o-c's second message: %v %v, want the description prompt", next.out, next.err)
		}
		if fresh.err != nil || len(fresh.out) != 1 {
			t.Errorf("o-d: %v %v", fresh.out, fresh.err)
		}
		if n := countProcessed(t, s); n != 5 {
			t.Errorf("processed %d, want 5", n)
		}
	})
}

// TestWebhookManyChats drives many chats at once through the webhook, each
// sending its messages one after the other: every reply follows its own
// chat's state, and every message is recorded once.
func TestWebhookManyChats(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		now := testNow
		b := newTestBot(t, s, &now)
		srv := httptest.NewServer(b)
		defer srv.Close()
		u := signedURL(srv.URL, now, nil)
		steps := []struct{ text, want string }{
			{"我要举报", "请选择举报类别"},
			{"2", "请用文字描述问题"},
			{"帮助", "绑定企业"},
		}
		const chats = 24
		var wg sync.WaitGroup
		for c := range chats {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i, st := range steps {
					code, raw := post(t, u, textXML(fmt.Sprintf("o-many-%d", c), int64(1000*c+i+1), st.text))
					if code != 200 || !strings.Contains(replyContent(t, raw), st.want) {
						t.Errorf("chat %d step %d: %d %q, want %q", c, i+1, code, raw, st.want)
						return
					}
				}
			}()
		}
		wg.Wait()
		if n := countProcessed(t, s); n != chats*int64(len(steps)) {
			t.Errorf("processed %d, want %d", n, chats*len(steps))
		}
	})
}
