package main

import (
	"net/http"

	"github.com/silenceper/wechat/v2/cache"
	"github.com/silenceper/wechat/v2/officialaccount"
	oaconfig "github.com/silenceper/wechat/v2/officialaccount/config"
	"github.com/silenceper/wechat/v2/officialaccount/message"
)

// serveEcho serves a bare silenceper/wechat server that answers each text
// with itself: signature check, parsing and a passive reply, no storage.
func serveEcho(addr, token string) error {
	oa := officialaccount.NewOfficialAccount(&oaconfig.Config{
		AppID: "wxload", AppSecret: "load", Token: token, Cache: cache.NewMemory(),
	})
	return http.ListenAndServe(addr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := oa.GetServer(r, w)
		s.SetMessageHandler(func(m *message.MixMessage) *message.Reply {
			return &message.Reply{MsgType: message.MsgTypeText, MsgData: message.NewText(m.Content)}
		})
		if err := s.Serve(); err == nil {
			s.Send()
		}
	}))
}
