package bot

import (
	"crypto/rand"
	"encoding/xml"
	"errors"
	"fmt"
	"net/url"
	"strconv"

	"github.com/silenceper/wechat/v2/officialaccount/message"
	"github.com/silenceper/wechat/v2/util"
)

// envelope is an opened request: the plaintext message XML, and in safe mode
// what sealing the reply needs.
type envelope struct {
	plain  []byte
	safe   bool
	random []byte
	ts     string
	nonce  string
}

// openEnvelope returns the plaintext XML of a POST body. With
// encrypt_type=aes (safe and compatible modes) and an EncodingAESKey it
// checks msg_signature over the ciphertext and decrypts with the SDK's
// util.DecryptMsg, which also checks the AppID inside. Without a key, a
// compatible-mode body is read for its plaintext fields. The SDK's Server is
// not used: it logs through the global logrus, reflects on every reply,
// checks no timestamp and reads unbounded bodies; its crypto is fine.
func (b *Bot) openEnvelope(q url.Values, body []byte) (envelope, error) {
	env := envelope{plain: body, ts: q.Get("timestamp"), nonce: q.Get("nonce")}
	if q.Get("encrypt_type") != "aes" || b.cfg.AESKey == "" {
		return env, nil
	}
	var enc message.EncryptedXMLMsg
	if err := xml.Unmarshal(body, &enc); err != nil {
		return env, fmt.Errorf("parse encrypted message: %w", err)
	}
	if enc.EncryptedMsg == "" {
		return env, errors.New("encrypted message without Encrypt")
	}
	if !equalSignature(q.Get("msg_signature"), signature(b.cfg.Token, env.ts, env.nonce, enc.EncryptedMsg)) {
		return env, errForbidden
	}
	random, plain, err := util.DecryptMsg(b.cfg.AppID, enc.EncryptedMsg, b.cfg.AESKey)
	if err != nil {
		return env, fmt.Errorf("decrypt message: %w", err)
	}
	env.plain, env.safe, env.random = plain, true, random
	return env, nil
}

// sealReply renders the passive reply for out, encrypted in safe mode with
// the request's timestamp and nonce. nil means reply "success".
func (b *Bot) sealReply(env envelope, in Inbound, out []Outbound) ([]byte, error) {
	raw, err := replyXML(in, out, b.Now())
	if err != nil || raw == nil || !env.safe {
		return raw, err
	}
	random := env.random
	if len(random) != 16 {
		random = make([]byte, 16)
		rand.Read(random)
	}
	cipher, err := util.EncryptMsg(random, raw, b.cfg.AppID, b.cfg.AESKey)
	if err != nil {
		return nil, fmt.Errorf("encrypt reply: %w", err)
	}
	ts, _ := strconv.ParseInt(env.ts, 10, 64)
	return xml.Marshal(message.ResponseEncryptedXMLMsg{
		EncryptedMsg: string(cipher),
		MsgSignature: signature(b.cfg.Token, env.ts, env.nonce, string(cipher)),
		Timestamp:    ts,
		Nonce:        env.nonce,
	})
}
