package bot

import (
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount/message"
)

// parseMessage reads a plaintext message XML into an Inbound. The root must
// be <xml> with a sender and a message type; anything else is malformed.
func parseMessage(raw []byte, now time.Time) (Inbound, error) {
	var m message.MixMessage
	if err := xml.Unmarshal(raw, &m); err != nil {
		return Inbound{}, fmt.Errorf("parse message: %w", err)
	}
	from := strings.TrimSpace(string(m.FromUserName))
	if from == "" || len(from) > 64 || m.MsgType == "" {
		return Inbound{}, errors.New("parse message: FromUserName and MsgType are required")
	}
	in := Inbound{OpenID: from, Account: string(m.ToUserName), MsgID: m.MsgID, Time: now}
	if m.CreateTime > 0 {
		in.Time = time.Unix(m.CreateTime, 0)
	}
	switch m.MsgType {
	case message.MsgTypeText:
		in.Kind, in.Content = KindText, m.Content
	case message.MsgTypeImage:
		in.Kind, in.MediaID = KindImage, m.MediaID
		if in.MediaID == "" {
			return Inbound{}, errors.New("parse message: image without MediaId")
		}
	case message.MsgTypeLocation:
		in.Kind, in.Lat, in.Lon, in.Label = KindLocation, m.LocationX, m.LocationY, m.Label
	case message.MsgTypeEvent:
		in.Kind, in.Event, in.Key = KindEvent, string(m.Event), strings.TrimPrefix(m.EventKey, "qrscene_")
	default:
		in.Kind = KindOther
	}
	return in, nil
}

// replyXML renders out as one passive text reply from the account to the
// sender; several texts are joined by a blank line. No texts: nil.
func replyXML(in Inbound, out []Outbound, now time.Time) ([]byte, error) {
	var parts []string
	for _, o := range out {
		if o.Text != "" {
			parts = append(parts, o.Text)
		}
	}
	if len(parts) == 0 {
		return nil, nil
	}
	t := message.NewText(strings.Join(parts, "\n\n"))
	t.SetToUserName(message.CDATA(in.OpenID))
	t.SetFromUserName(message.CDATA(in.Account))
	t.SetMsgType(message.MsgTypeText)
	t.SetCreateTime(now.Unix())
	raw, err := xml.Marshal(t)
	if err != nil {
		return nil, fmt.Errorf("render reply: %w", err)
	}
	return raw, nil
}
