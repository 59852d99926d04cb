package bot

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"selfcheck/models"
)

// ServeHTTP handles /wechat: GET verifies the URL (echostr), POST takes a
// message in plaintext, compatible or safe mode. The order of checks is the
// contract: method, signature (403, nothing touched), timestamp within
// ReplayWindow (403), body size (413), then parsing (400).
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
	ctx, cancel := context.WithTimeout(r.Context(), ReplyBudget)
	defer cancel()
	out, err := b.Handle(ctx, in)
	if err != nil {
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

// errForbidden marks a safe-mode message whose msg_signature does not match.
var errForbidden = models.Errorf(models.EFORBIDDEN, "消息签名不正确")
