package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"selfcheck/models"
)

// ServeHTTP handles /wechat: GET verifies the URL (echostr), POST takes a
// message in plaintext, compatible or safe mode. The order of checks is the
// contract: method, signature (403, nothing touched), timestamp within
// ReplayWindow (403), body size (413), parsing (400), then a request
// already seen with another message (403, a replay).
func (b *Bot) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	q := r.URL.Query()
	ts, nonce := q.Get("timestamp"), q.Get("nonce")
	if !validSignature(b.cfg.Token, q.Get("signature"), ts, nonce) {
		http.Error(w, "invalid signature", http.StatusForbidden)
		return
	}
	if !b.fresh(ts) {
		http.Error(w, "stale timestamp", http.StatusForbidden)
		return
	}
	if r.Method == http.MethodGet {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, q.Get("echostr"))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "read body", http.StatusBadRequest)
		return
	}
	env, err := b.openEnvelope(q, body)
	if err != nil {
		if errors.Is(err, errForbidden) {
			http.Error(w, "invalid signature", http.StatusForbidden)
			return
		}
		http.Error(w, "malformed message", http.StatusBadRequest)
		return
	}
	in, err := parseMessage(env.plain, b.Now())
	if err != nil {
		http.Error(w, "malformed message", http.StatusBadRequest)
		return
	}
	// Handle waits at most ReplyBudget. A message it could not finish by
	// then is answered empty, which WeChat takes as delivered: it is handled
	// once all the same, and its reply follows as a customer-service
	// message (lateReply). 系统繁忙 answers only a message that failed and
	// was rolled back, so that the user's resend is the only copy.
	//
	// A signed request stays valid for ReplayWindow: its nonce is recorded
	// with the message, in the message's own transaction, so that the
	// request coming again with another message is refused on any replica.
	ctx := context.WithValue(r.Context(), nonceCtxKey{}, nonceKey(ts, nonce, q.Get("signature")))
	out, err := b.handleObserved(ctx, in)
	switch {
	case errors.Is(err, errReplay):
		b.Logger.Warn("wechat request replayed with another message; refused", "openid", in.OpenID)
		http.Error(w, "replayed request", http.StatusForbidden)
		return
	case errors.Is(err, ErrLate):
		b.Logger.Warn("wechat message not handled within the reply budget; its reply follows as a customer-service message", "openid", in.OpenID, "kind", in.Kind)
		out = nil
	case err != nil:
		b.Logger.Error("wechat message", "openid", in.OpenID, "kind", in.Kind, "err", err)
		out = []Outbound{{Text: b.texts.say("busy")}}
	}
	reply, err := b.sealReply(env, in, out)
	if err != nil {
		b.Logger.Error("wechat reply", "openid", in.OpenID, "err", err)
		reply = nil
	}
	if reply == nil {
		// "success" tells WeChat the message arrived and needs no reply, in
		// every mode.
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "success")
		return
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Write(reply)
}

// fresh reports whether a request timestamp (Unix seconds) is within
// ReplayWindow of now: the SDK checks signatures but not freshness, so a
// captured request could otherwise be replayed forever.
func (b *Bot) fresh(ts string) bool {
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return false
	}
	d := b.Now().Sub(time.Unix(sec, 0))
	return d <= ReplayWindow && d >= -ReplayWindow
}

// errReplay is the error of a message that came in a signed request
// already seen with another message.
var errReplay = errors.New("webhook request replayed with another message")

// nonceCtxKey carries a request's nonce key to the message's transaction.
type nonceCtxKey struct{}

// rememberNonces records, in the transaction tx, the signed requests that
// carried jobs; errReplay when one was seen before.
func rememberNonces(ctx context.Context, tx *models.Store, jobs []*job) error {
	nonces := map[string]string{}
	for _, j := range jobs {
		if k, ok := j.ctx.Value(nonceCtxKey{}).(string); ok {
			nonces[k] = j.in.DedupeKey()
		}
	}
	err := tx.RememberNonces(ctx, nonces)
	if models.ErrorCode(err) == models.ECONFLICT {
		return errReplay
	}
	return err
}

// nonceKey identifies a signed request: its timestamp, zero-padded to ten
// digits, then the hash of its timestamp, nonce and signature, 64
// characters in all. Led by the time, the keys of a day's requests are
// inserted in order at the end of the table's index instead of all over it.
func nonceKey(ts, nonce, sig string) string {
	sec, _ := strconv.ParseInt(ts, 10, 64) // fresh has checked it
	sum := sha256.Sum256([]byte(ts + "\x00" + nonce + "\x00" + sig))
	return fmt.Sprintf("%010d", sec) + hex.EncodeToString(sum[:])[:54]
}

// errForbidden marks a safe-mode message whose msg_signature does not match.
var errForbidden = models.Errorf(models.EFORBIDDEN, "消息签名不正确")

// TopicLateReply is the outbox topic of a reply that missed the webhook's
// budget and goes as a customer-service message.
const TopicLateReply = "late_reply"

// lateReply sends the outcome of a message whose webhook request was
// answered empty because it took too long: the replies it produced, or, if
// it failed and was rolled back, 系统繁忙 so that the user sends it again.
// It goes through the outbox as a customer-service message (the user just
// wrote, so the 48-hour window is open), keyed by the message's dedupe key
// so that it is queued once.
func (b *Bot) lateReply(j *job) {
	if errors.Is(j.err, errReplay) {
		return // a replayed request: its sender is not to be written to
	}
	var parts []string
	if j.err != nil {
		b.Logger.Error("wechat message failed after its reply budget", "openid", j.in.OpenID, "kind", j.in.Kind, "err", j.err)
		parts = append(parts, b.texts.say("busy"))
	}
	for _, o := range j.out {
		if o.Text != "" {
			parts = append(parts, o.Text)
		}
	}
	if len(parts) == 0 {
		return
	}
	raw, err := json.Marshal(payload{Text: strings.Join(parts, "\n\n")})
	if err != nil {
		b.Logger.Error("late reply", "openid", j.in.OpenID, "err", err)
		return
	}
	sum := sha256.Sum256([]byte(TopicLateReply + "\x00" + j.in.DedupeKey()))
	m := models.OutboxMessage{MsgKey: hex.EncodeToString(sum[:16]), Kind: models.OutboxCustom, Topic: TopicLateReply,
		OpenID: j.in.OpenID, Payload: string(raw)}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(j.ctx), ReplyBudget)
	defer cancel()
	if _, err := b.store.EnqueueOutbox(ctx, []models.OutboxMessage{m}); err != nil {
		b.Logger.Error("late reply not queued", "openid", j.in.OpenID, "err", err)
	}
}
