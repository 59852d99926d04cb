package bot

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"
)

// Kind is what an inbound message carries.
type Kind string

// Inbound kinds. KindOther covers what the bot does not take (voice, video,
// links); it gets a short help text.
const (
	KindText     Kind = "text"
	KindImage    Kind = "image"
	KindLocation Kind = "location"
	KindEvent    Kind = "event"
	KindOther    Kind = "other"
)

// Events the bot acts on (WeChat's Event values).
const (
	EventSubscribe   = "subscribe"
	EventUnsubscribe = "unsubscribe"
	EventScan        = "SCAN"
	EventClick       = "CLICK"
	EventLocation    = "LOCATION"
)

// Inbound is one message or event from a user, independent of the channel.
type Inbound struct {
	OpenID  string
	Account string // the account written to (WeChat's ToUserName)
	Kind    Kind
	Content string // text
	MediaID string // image
	Lat     float64
	Lon     float64
	Label   string // location label or typed address
	Event   string
	Key     string // event key: menu key or QR scene (qrscene_ stripped)
	MsgID   int64
	Time    time.Time
}

// DedupeKey identifies the message across WeChat's retries: the MsgId, or
// for events (which have none) sender, time, event and key. Long keys are
// hashed to fit the column.
func (in Inbound) DedupeKey() string {
	var k string
	if in.MsgID != 0 {
		k = "msg:" + strconv.FormatInt(in.MsgID, 10)
	} else {
		k = "evt:" + in.OpenID + ":" + strconv.FormatInt(in.Time.Unix(), 10) + ":" + in.Event + ":" + in.Key
	}
	if len(k) > 191 {
		sum := sha256.Sum256([]byte(k))
		k = "h:" + hex.EncodeToString(sum[:])
	}
	return k
}

// Outbound is one message to send back. A passive reply carries one message,
// so the webhook joins several texts; the outbound issue may send the rest as
// customer-service messages instead.
type Outbound struct {
	Text string `json:"text"`
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
