package bot

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Group commit. With innodb_flush_log_at_trx_commit=1 every commit waits for
// a log flush, so one transaction per message caps the webhook at the disk's
// flush rate. The batcher queues concurrently arriving messages and a few
// workers each take what is queued (up to maxBatch messages) into one
// transaction with one commit, then release every waiting reply. A
// message's dedupe key and session are still committed before its reply.
// Messages of one chat are never in the same or in concurrent batches: a
// message waits until the chat's previous one is done, so each chat stays in
// arrival order and batches never contend for a conversation row.

// Batching defaults for MySQL-compatible databases, from BenchmarkWebhook
// on two cores: two workers let one batch run its statements while the
// other waits for its log flush, and a worker that finds few messages while
// the other is busy waits batchLinger for more, which raised messages per
// commit from about 8 to 13. SQLite has one writer at a time, so it gets one
// worker and no batches.
const (
	batchWorkers = 2
	maxBatch     = 64
	batchLinger  = time.Millisecond
)

// job is one message on its way through a batch.
type job struct {
	// ctx carries the request's values but not its deadline: a message
	// accepted into the queue is handled even if its request gives up.
	ctx  context.Context
	in   Inbound
	out  []Outbound
	err  error
	done chan struct{}
	// answered is set when the read-only pass answered the message with
	// early: it changes nothing, and its reply waits only for its nonce.
	answered bool
	early    []Outbound
	// absent is set when the read pass found no saved session for the
	// chat: its sender is most likely new (see identify).
	absent bool

	mu sync.Mutex
	// state is jobWaiting until the handler takes the reply (jobDone) or
	// gives up waiting for it (jobLate), whichever comes first.
	state int
}

// Job states.
const (
	jobWaiting = iota
	jobDone
	jobLate
)

// settle moves the job from waiting to state and reports whether it did;
// false means the other side settled it first.
func (j *job) settle(state int) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.state != jobWaiting {
		return false
	}
	j.state = state
	return true
}

// ErrLate is Handle's error when the message could not be handled within
// the caller's deadline. The message is not lost: it stays queued and is
// handled once, and its reply goes out through the late hook (a
// customer-service message) instead of the request's answer.
var ErrLate = errors.New("message accepted; its reply will be sent as a customer-service message")

// batcher queues messages and runs them in batches. Workers start when
// messages are queued and stop when the queue is empty, so an idle Bot holds
// no goroutines.
type batcher struct {
	run func([]*job) // handles a batch, setting each job's out and err
	// late delivers the outcome of a job whose caller gave up waiting.
	late func(*job)
	// wait is how long a caller waits for its message to commit
	// (ReplyBudget): WeChat gives up after 5 s.
	wait time.Duration
	// before, set by tests, runs before each batch: it may block, like a
	// slow database, or fail the batch, like a failed one.
	before   func([]*job) error
	workers  int // most batches in flight
	maxBatch int // most messages in one batch
	// linger is how long a worker that found fewer than maxBatch messages
	// while another worker is busy waits for more before starting its
	// transaction. An idle Bot does not linger.
	linger time.Duration

	mu      sync.Mutex
	ready   []*job            // jobs whose chat has nothing in flight, oldest first
	chats   map[string][]*job // chat with a job queued or in flight -> jobs behind it
	running int
}

func newBatcher(run func([]*job), workers, maxBatch int) *batcher {
	return &batcher{run: run, workers: workers, maxBatch: maxBatch, wait: ReplyBudget, chats: map[string][]*job{}}
}

// do queues in and waits for its batch to commit, at most q.wait. When
// that passes or ctx ends first it returns ErrLate: the message is still
// handled, exactly once, and the late hook sends its outcome. It is never
// dropped or applied without a word, so a user never resends an answer
// that then lands on the next question.
func (q *batcher) do(ctx context.Context, in Inbound) ([]Outbound, error) {
	j := &job{ctx: context.WithoutCancel(ctx), in: in, done: make(chan struct{})}
	q.mu.Lock()
	if behind, busy := q.chats[in.OpenID]; busy {
		q.chats[in.OpenID] = append(behind, j)
	} else {
		q.chats[in.OpenID] = nil
		q.ready = append(q.ready, j)
		if q.running < q.workers {
			q.running++
			go q.work()
		}
	}
	q.mu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, q.wait)
	defer cancel()
	select {
	case <-j.done:
		return j.out, j.err
	case <-ctx.Done():
		if j.settle(jobLate) {
			return nil, ErrLate
		}
		<-j.done // finished as the deadline passed
		return j.out, j.err
	}
}

// work runs batches until nothing is ready.
func (q *batcher) work() {
	for {
		batch, busy := q.take(nil)
		if len(batch) == 0 {
			return
		}
		if len(batch) < q.maxBatch && q.linger > 0 && busy {
			time.Sleep(q.linger)
			batch, _ = q.take(batch)
		}
		if err := q.hook(batch); err != nil {
			for _, j := range batch {
				j.err = err
			}
		} else {
			q.run(batch)
		}
		q.finish(batch)
	}
}

// take appends ready jobs to batch, up to maxBatch, and reports whether
// another worker is running. With nothing ready and an empty batch the
// worker stops, inside the lock, so a job queued later starts a new one.
func (q *batcher) take(batch []*job) ([]*job, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := min(q.maxBatch-len(batch), len(q.ready))
	batch = append(batch, q.ready[:n]...)
	clear(q.ready[:n])
	q.ready = q.ready[n:]
	if len(batch) == 0 {
		q.running--
	}
	return batch, q.running > 1
}

func (q *batcher) hook(batch []*job) error {
	if q.before == nil {
		return nil
	}
	return q.before(batch)
}

// finish releases the replies of a batch, hands those whose caller gave up
// to the late hook, and makes each chat's next message ready.
func (q *batcher) finish(batch []*job) {
	for _, j := range batch {
		if !j.settle(jobDone) && q.late != nil {
			q.late(j)
		}
		close(j.done)
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, j := range batch {
		id := j.in.OpenID
		if behind := q.chats[id]; len(behind) > 0 {
			q.ready = append(q.ready, behind[0])
			q.chats[id] = behind[1:]
		} else {
			delete(q.chats, id)
		}
	}
}
