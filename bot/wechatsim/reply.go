package wechatsim

import (
	"encoding/xml"
	"strings"
)

// Passive reply rules.
const (
	// MaxReplyBytes is the longest passive text reply WeChat shows, in
	// bytes of UTF-8.
	MaxReplyBytes = 2048
	// Unavailable is what the user sees instead of a reply WeChat cannot
	// show.
	Unavailable = "该公众号暂时无法提供服务，请稍后再试"
)

// Reply judges a passive reply of the account to openID's message, as
// WeChat does, and returns what the user sees: "" for no reply (an empty
// body or "success"), the text of a text reply, or Unavailable for a reply
// WeChat cannot parse or a text over MaxReplyBytes, which it records as a
// refusal.
func (s *Server) Reply(openID string, body []byte) (shown string, ok bool) {
	raw := strings.TrimSpace(string(body))
	if raw == "" || raw == "success" {
		return "", true
	}
	var m struct {
		MsgType string `xml:"MsgType"`
		Content string `xml:"Content"`
	}
	why := ""
	switch err := xml.Unmarshal(body, &m); {
	case err != nil || m.MsgType == "":
		why = "passive reply is not a message"
	case m.MsgType == "text" && len(m.Content) > MaxReplyBytes:
		why = "passive text reply over 2048 bytes"
	case m.MsgType == "text" && m.Content == "":
		why = "passive text reply is empty"
	}
	if why != "" {
		s.mu.Lock()
		s.refused = append(s.refused, Refusal{Path: "passive reply", Msg: why, OpenID: openID, Body: raw, At: s.nowLocked()})
		s.mu.Unlock()
		return Unavailable, false
	}
	return m.Content, true
}
