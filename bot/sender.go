package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/time/rate"

	"selfcheck/models"
)

// SenderConfig tunes a Sender; zero fields take the defaults.
type SenderConfig struct {
	// Worker names this sender in leases (host and pid, say); required.
	Worker string
	// Batch is how many messages one claim takes (200).
	Batch int
	// Concurrency is how many sends run at once (16). Each has at most one
	// customer-service message between its send and its commit.
	Concurrency int
	// Lease is how long a claim holds its messages (1 minute); a crashed
	// worker's messages are sent again after it. Keep it well under
	// WeChat's ten-minute client_msg_id window.
	Lease time.Duration
	// RatePerSecond caps sends per second for the account on this replica;
	// 0 means no limit.
	RatePerSecond float64
	// MaxAttempts is how many tries a message gets before it becomes a dead
	// letter (8).
	MaxAttempts int
	// Backoff is the wait before the first retry (5 s); it doubles per try
	// up to MaxBackoff (1 hour), with jitter.
	Backoff, MaxBackoff time.Duration
	// CallTimeout bounds one send (CallTimeout).
	CallTimeout time.Duration
	// PauseBackoff is how long the outbox pauses when WeChat says the
	// account is misconfigured (30 s); it doubles while the error lasts, up
	// to MaxPause (10 minutes).
	PauseBackoff, MaxPause time.Duration
	// Location is where a day begins for the daily template quota
	// (SELFCHECK_TZ); nil means Asia/Shanghai, WeChat's own.
	Location *time.Location
}

// Sender drains the outbox: it claims due messages, sends them through the
// API and records the outcome. Any number of senders may run on any number
// of replicas against one database.
type Sender struct {
	api   *API
	store *models.Store
	cfg   SenderConfig
	pace  *limiter
	wake  chan struct{}
	hold  hold

	// Logger defaults to slog.Default().
	Logger *slog.Logger
	// Templates renders the template message of a notice enqueued while no
	// WECHAT_TEMPLATES mapping was configured; nil leaves such notices
	// waiting.
	Templates *Outbox
	// beforeCommit, set by tests, runs between a send and its commit; an
	// error ends the drain there, as a crash would.
	beforeCommit func(m *models.OutboxMessage) error
}

// NewSender returns a Sender on store that sends through api.
func NewSender(api *API, store *models.Store, cfg SenderConfig) *Sender {
	if cfg.Batch <= 0 {
		cfg.Batch = 200
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 16
	}
	if cfg.Lease <= 0 {
		cfg.Lease = time.Minute
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 8
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = 5 * time.Second
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = time.Hour
	}
	if cfg.CallTimeout <= 0 {
		cfg.CallTimeout = CallTimeout
	}
	if cfg.PauseBackoff <= 0 {
		cfg.PauseBackoff = 30 * time.Second
	}
	if cfg.MaxPause <= 0 {
		cfg.MaxPause = 10 * time.Minute
	}
	if cfg.Location == nil {
		cfg.Location = shanghai()
	}
	return &Sender{api: api, store: store, cfg: cfg, pace: newLimiter(cfg.RatePerSecond),
		wake: make(chan struct{}, 1), Logger: slog.Default()}
}

// Wake makes a running sender look for work now rather than at its next
// poll; enqueuing code calls it.
func (s *Sender) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run drains the outbox until ctx ends, looking for work every poll and
// whenever woken.
func (s *Sender) Run(ctx context.Context, poll time.Duration) {
	for {
		if n, err := s.Drain(ctx); err != nil && ctx.Err() == nil {
			s.Logger.Error("outbox drain", "worker", s.cfg.Worker, "err", err)
		} else if n > 0 {
			s.Logger.Info("outbox sent", "worker", s.cfg.Worker, "messages", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-time.After(poll):
		}
	}
}

// Drain sends due messages until none is left and returns how many were
// delivered. Messages that fail are left for their next try, or dead.
//
// Claims run one batch ahead: the next batch is claimed while the current
// one is sent, so the database's round trips and commit overlap the API
// calls. At most two batches are leased at once, and only one is being sent:
// a crash leaves at most one batch sent but not recorded (template messages,
// dropped as repeats by client_msg_id) and one leased but untried (sent once
// when its lease ends). A batch claimed ahead is released, not left leased,
// when the drain stops early.
func (s *Sender) Drain(ctx context.Context) (int, error) {
	total := 0
	if s.hold.paused(s.store.Now()) {
		return 0, nil
	}
	batch := s.claim(ctx)
	for {
		if batch.err != nil || len(batch.msgs) == 0 {
			return total, batch.err
		}
		if s.hold.paused(s.store.Now()) {
			// A configuration error paused the outbox: give the batch
			// claimed ahead back rather than walk the queue deferring it.
			if err := s.store.ReleaseOutbox(context.WithoutCancel(ctx), batch.msgs); err != nil {
				return total, err
			}
			return total, nil
		}
		ahead := make(chan claimed, 1)
		go func() { ahead <- s.claim(ctx) }()
		n, err := s.sendBatch(ctx, batch)
		total += n
		batch = <-ahead
		if err != nil {
			if len(batch.msgs) > 0 {
				if err := s.store.ReleaseOutbox(context.WithoutCancel(ctx), batch.msgs); err != nil {
					s.Logger.Warn("outbox release", "worker", s.cfg.Worker, "err", err)
				}
			}
			return total, err
		}
		if batch.err == nil && len(batch.msgs) == 0 {
			// The claim ahead ran while the last batch was out: claim once
			// more, for retries that fell due meanwhile, before calling it
			// drained.
			batch = s.claim(ctx)
		}
	}
}

// claimed is a claimed batch and when its lease ends by this sender's clock
// (read before the claim, so no later than the lease the database holds).
type claimed struct {
	msgs     []models.OutboxMessage
	leaseEnd time.Time
	err      error
}

func (s *Sender) claim(ctx context.Context) claimed {
	end := s.store.Now().Add(s.cfg.Lease)
	msgs, err := s.store.ClaimOutbox(ctx, s.cfg.Worker, s.batchSize(), s.cfg.Lease)
	return claimed{msgs: msgs, leaseEnd: end, err: err}
}

// batchSize is Batch, or less under a rate limit: a batch must go out in a
// quarter of the lease, so that the batch claimed ahead of it is sent well
// before its own lease ends.
func (s *Sender) batchSize() int {
	n := s.cfg.Batch
	if r := s.cfg.RatePerSecond; r > 0 {
		n = min(n, max(1, int(r*s.cfg.Lease.Seconds()/4)))
	}
	return n
}

// errCrashed ends a batch without committing, for the crash tests.
var errCrashed = errors.New("sender stopped between send and commit")

// sendBatch sends a claimed batch with Concurrency workers. A
// customer-service message is committed right after its send; template
// messages are committed together at the end, since a resend of those is
// dropped by client_msg_id.
func (s *Sender) sendBatch(ctx context.Context, c claimed) (int, error) {
	batch, err := s.deferHeld(ctx, c.msgs)
	if err != nil {
		return 0, err
	}
	work := make(chan *models.OutboxMessage)
	var (
		mu       sync.Mutex
		sent     []int64
		custom   int
		expired  int
		crashed  bool
		firstErr error
		wg       sync.WaitGroup
	)
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
	}
	for range min(s.cfg.Concurrency, len(batch)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for m := range work {
				if s.store.Now().Add(s.cfg.CallTimeout).After(c.leaseEnd) {
					// The lease could end before the call does, and another
					// worker may claim the message then: leave it to them.
					mu.Lock()
					expired++
					mu.Unlock()
					continue
				}
				delivered, err := s.send(ctx, m)
				if err != nil {
					fail(err)
					continue
				}
				if !delivered {
					continue
				}
				if s.beforeCommit != nil {
					if err := s.beforeCommit(m); err != nil {
						mu.Lock()
						crashed = true
						mu.Unlock()
						fail(err)
						continue
					}
				}
				if m.Kind == models.OutboxCustom {
					if err := s.store.MarkOutboxSent(ctx, m.ID); err != nil {
						fail(err)
						continue
					}
					mu.Lock()
					custom++
					mu.Unlock()
					continue
				}
				mu.Lock()
				sent = append(sent, m.ID)
				mu.Unlock()
			}
		}()
	}
	for i := range batch {
		mu.Lock()
		stop := firstErr != nil
		mu.Unlock()
		if stop || ctx.Err() != nil {
			break
		}
		work <- &batch[i]
	}
	close(work)
	wg.Wait()
	if expired > 0 {
		s.Logger.Warn("outbox lease ran short; messages left for the next claim", "worker", s.cfg.Worker, "messages", expired)
	}
	if crashed {
		// A crash leaves the template messages uncommitted: the lease ends
		// and a resend is dropped by client_msg_id.
		return custom, firstErr
	}
	if err := s.store.MarkOutboxSent(context.WithoutCancel(ctx), sent...); err != nil {
		return custom, err
	}
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	return custom + len(sent), firstErr
}

// deferHeld puts back, with one statement per group, the messages of a
// batch that must wait (the outbox is paused, or templates are out of
// today's quota), and returns the others: a campaign held until tomorrow
// costs a few statements per batch rather than one per message.
func (s *Sender) deferHeld(ctx context.Context, batch []models.OutboxMessage) ([]models.OutboxMessage, error) {
	type group struct {
		until time.Time
		why   string
	}
	now := s.store.Now()
	held := map[group][]models.OutboxMessage{}
	var rest []models.OutboxMessage
	for _, m := range batch {
		if until, why := s.hold.until(now, m.Kind); !until.IsZero() {
			g := group{until, why}
			held[g] = append(held[g], m)
		} else {
			rest = append(rest, m)
		}
	}
	for g, msgs := range held {
		if err := s.store.DeferOutboxMany(ctx, msgs, g.why, g.until); err != nil {
			return nil, err
		}
	}
	return rest, nil
}

// send delivers one message and reports whether it was delivered; a failed
// try is recorded (retry or dead letter) and is not an error. The error is
// for the database and for stopping.
func (s *Sender) send(ctx context.Context, m *models.OutboxMessage) (bool, error) {
	if m.Attempts > s.cfg.MaxAttempts {
		// Claimed more often than tried: workers died holding it.
		return false, s.store.KillOutbox(ctx, m.ID, fmt.Sprintf("claimed %d times without an outcome", m.Attempts))
	}
	var p payload
	if err := json.Unmarshal([]byte(m.Payload), &p); err != nil {
		return false, s.store.KillOutbox(ctx, m.ID, "unreadable payload: "+err.Error())
	}
	if p.Template == nil && m.Kind == models.OutboxTemplate {
		if p.Fields == nil {
			return false, s.store.KillOutbox(ctx, m.ID, "no template message for notice "+m.Topic)
		}
		if s.Templates != nil {
			p.Template = s.Templates.renderTemplate(Topic(m.Topic), p.Fields, p.Path)
		}
		if p.Template == nil {
			// The account's template messages are not configured: wait for
			// WECHAT_TEMPLATES rather than lose the notice.
			return false, s.store.DeferOutbox(ctx, m.ID, s.cfg.Worker, "no template message configured for "+m.Topic+" (WECHAT_TEMPLATES)", s.store.Now().Add(time.Hour))
		}
	}
	now := s.store.Now()
	if until, why := s.hold.until(now, m.Kind); !until.IsZero() {
		// Paused or out of quota: wait without calling WeChat.
		return false, s.store.DeferOutbox(ctx, m.ID, s.cfg.Worker, why, until)
	}
	if err := s.pace.wait(ctx); err != nil {
		return false, err
	}
	err := s.deliver(ctx, m, &p)
	if err == nil {
		if s.hold.resume() {
			outboxPaused.Set(0)
			s.Logger.Info("wechat outbox resumed: WeChat accepts the account's calls again", "worker", s.cfg.Worker)
		}
		return true, nil
	}
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	err = Redact(err)
	switch {
	case ConfigError(err):
		until, first := s.hold.pause(s.store.Now(), s.cfg.PauseBackoff, s.cfg.MaxPause)
		outboxPaused.Set(1)
		if first {
			s.Logger.Error("wechat outbox paused: "+Diagnose(err), "worker", s.cfg.Worker, "retry_at", until.Format(time.RFC3339))
		}
		return false, s.store.DeferOutbox(ctx, m.ID, s.cfg.Worker, err.Error(), until)
	case QuotaExhausted(err) && m.Kind == models.OutboxTemplate:
		until := nextDay(s.store.Now(), s.cfg.Location)
		if s.hold.exhaust(until) {
			s.Logger.Warn("wechat template quota spent for today; template messages wait until tomorrow", "worker", s.cfg.Worker, "until", until.Format(time.RFC3339))
		}
		return false, s.store.DeferOutbox(ctx, m.ID, s.cfg.Worker, err.Error(), until)
	case Unsubscribed(err):
		if err := s.store.SetWechatUserSubscribed(ctx, m.OpenID, false); err != nil {
			return false, err
		}
		n, err2 := s.store.DropOutboxTo(ctx, m.OpenID, err.Error())
		if err2 != nil {
			return false, err2
		}
		s.Logger.Info("wechat user unsubscribed; its messages end unsent", "id", m.ID, "openid", m.OpenID, "messages", n)
		return false, nil
	case closedWindow(err) && m.Attempts < s.cfg.MaxAttempts:
		// No template to fall back to: the window may open again when the
		// user writes.
		return false, s.store.RetryOutbox(ctx, m.ID, s.cfg.Worker, err.Error(), s.store.Now().Add(s.backoff(m.Attempts)))
	}
	if !Temporary(err) || m.Attempts >= s.cfg.MaxAttempts {
		s.Logger.Warn("outbox dead letter", "id", m.ID, "topic", m.Topic, "attempts", m.Attempts, "err", err)
		return false, s.store.KillOutbox(ctx, m.ID, err.Error())
	}
	return false, s.store.RetryOutbox(ctx, m.ID, s.cfg.Worker, err.Error(), s.store.Now().Add(s.backoff(m.Attempts)))
}

// outboxPaused is 1 while the outbox is paused because WeChat refuses the
// account's configuration (IP allow-list, AppID, AppSecret).
var outboxPaused = prometheus.NewGauge(prometheus.GaugeOpts{
	Name: "selfcheck_wechat_outbox_paused",
	Help: "1 while the WeChat outbox is paused because WeChat refuses the account's configuration (40164 IP allow-list, 40013 AppID, 40125 AppSecret).",
})

func init() { prometheus.MustRegister(outboxPaused) }

// hold is what stops a sender from calling WeChat for a while: a pause
// after a configuration error, and the day's template quota being spent.
type hold struct {
	mu         sync.Mutex
	pauseUntil time.Time
	pauseFor   time.Duration // the pause's current length; 0: not paused
	why        string
	quotaUntil time.Time
}

// until returns when a message of kind may be tried, and why it waits; the
// zero time means now. After a pause ends the next message is the probe.
func (h *hold) until(now time.Time, kind string) (time.Time, string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if now.Before(h.pauseUntil) {
		return h.pauseUntil, "paused: " + h.why
	}
	if kind == models.OutboxTemplate && now.Before(h.quotaUntil) {
		return h.quotaUntil, "daily template quota spent (45009)"
	}
	return time.Time{}, ""
}

// paused reports whether a pause is on at now.
func (h *hold) paused(now time.Time) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return now.Before(h.pauseUntil)
}

// pause starts or lengthens a pause: backoff the first time, doubled each
// time the probe fails, at most max. first reports a new pause.
func (h *hold) pause(now time.Time, backoff, max time.Duration) (until time.Time, first bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if now.Before(h.pauseUntil) {
		return h.pauseUntil, false // another send of the batch paused already
	}
	first = h.pauseFor == 0
	if first {
		h.pauseFor = backoff
	} else {
		h.pauseFor = min(2*h.pauseFor, max)
	}
	h.pauseUntil = now.Add(h.pauseFor)
	h.why = "WeChat refuses the account's configuration"
	return h.pauseUntil, first
}

// resume ends a pause after a successful call and reports whether there
// was one.
func (h *hold) resume() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	was := h.pauseFor != 0
	h.pauseFor, h.pauseUntil = 0, time.Time{}
	return was
}

// exhaust records that template messages wait until until, and reports
// whether that is news.
func (h *hold) exhaust(until time.Time) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	news := !until.Equal(h.quotaUntil)
	h.quotaUntil = until
	return news
}

// nextDay is the next midnight after now in loc, when WeChat's daily
// quotas start again.
func nextDay(now time.Time, loc *time.Location) time.Time {
	t := now.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, loc)
}

// shanghai is China Standard Time, by name if the zone database has it.
func shanghai() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return time.FixedZone("CST", 8*3600)
}

// deliver makes the API call: a customer-service text, falling back to the
// template message when the window has closed, or the template message.
func (s *Sender) deliver(ctx context.Context, m *models.OutboxMessage, p *payload) error {
	call, cancel := context.WithTimeout(ctx, s.cfg.CallTimeout)
	defer cancel()
	if m.Kind == models.OutboxCustom {
		err := s.api.sendText(call, m.OpenID, p.Text)
		if !closedWindow(err) || p.Template == nil {
			return err
		}
		// Committed first, so that a resend after a crash is a template
		// message with its client_msg_id.
		if err := s.store.SetOutboxKind(ctx, m.ID, models.OutboxTemplate); err != nil {
			return err
		}
		m.Kind = models.OutboxTemplate
	}
	if p.Template == nil {
		return &APIError{Op: "template send", Code: 40037, Msg: "no template for notice " + m.Topic}
	}
	return s.api.sendTemplate(call, m.OpenID, m.MsgKey, p.Template)
}

// backoff is the wait before try attempts+1: Backoff doubled per try, capped,
// with ±20% jitter so that retries of a burst spread out.
func (s *Sender) backoff(attempts int) time.Duration {
	d := s.cfg.Backoff
	for i := 1; i < attempts && d < s.cfg.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, s.cfg.MaxBackoff)
	return time.Duration(float64(d) * (0.8 + 0.4*rand.Float64()))
}

// limiter spaces sends evenly at a rate (a token bucket of one); nil means
// no limit.
type limiter struct{ *rate.Limiter }

func newLimiter(perSecond float64) *limiter {
	if perSecond <= 0 {
		return nil
	}
	return &limiter{rate.NewLimiter(rate.Limit(perSecond), 1)}
}

// wait blocks until the next send slot.
func (l *limiter) wait(ctx context.Context) error {
	if l == nil {
		return nil
	}
	return l.Wait(ctx)
}
