package wechatsim

import (
	"strings"
	"testing"
)

func textReply(content string) []byte {
	return []byte("<xml><ToUserName><![CDATA[o_user]]></ToUserName><FromUserName><![CDATA[gh_x]]></FromUserName>" +
		"<CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[" + content + "]]></Content></xml>")
}

func TestReply(t *testing.T) {
	exact := strings.Repeat("好", MaxReplyBytes/3) + "aa" // 2048 bytes
	for _, tc := range []struct {
		name  string
		body  []byte
		shown string
		ok    bool
	}{
		{name: "OK", body: textReply("您好"), shown: "您好", ok: true},
		{name: "OK2048Bytes", body: textReply(exact), shown: exact, ok: true},
		{name: "OKSuccess", body: []byte("success"), ok: true},
		{name: "OKEmpty", body: nil, ok: true},
		{name: "ErrTooLong", body: textReply(exact + "a"), shown: Unavailable},
		{name: "ErrNotXML", body: []byte("系统繁忙"), shown: Unavailable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := New(testAppID, testSecret)
			shown, ok := s.Reply("o_user", tc.body)
			if shown != tc.shown || ok != tc.ok {
				t.Errorf("Reply = %.40q, %v; want %.40q, %v", shown, ok, tc.shown, tc.ok)
			}
			if got := len(s.Refused()); got != map[bool]int{true: 0, false: 1}[tc.ok] {
				t.Errorf("%d refusals recorded", got)
			}
		})
	}
}
