package wechatsim

import (
	"testing"
	"time"
)

// tmpl is the test account's one template.
var tmpl = Template{ID: "tpl-finding", Keywords: []string{"thing1", "phrase2", "time3"},
	Options: map[string][]string{}}

func goodData() map[string]any {
	return map[string]any{"thing1": map[string]string{"value": "灭火器过期"}, "phrase2": map[string]string{"value": "已逾期"},
		"time3": map[string]string{"value": "2026年12月11日 17:00"}}
}

func TestTemplateSend(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(s *Server)
		edit  func(m map[string]any)
		want  int
	}{
		{name: "OK"},
		{name: "OKWithoutURL", edit: func(m map[string]any) { delete(m, "url") }},
		{name: "OKIgnoresFirstAndRemark", edit: func(m map[string]any) {
			m["data"].(map[string]any)["first"] = map[string]string{"value": "两行\n文字"}
		}},
		{name: "ErrInvalidOpenID", edit: func(m map[string]any) { m["touser"] = "o_never_seen" }, want: 40003},
		{name: "ErrInvalidOpenIDShape", edit: func(m map[string]any) { m["touser"] = "o 1" }, want: 40003},
		{name: "ErrNotFollowing", setup: func(s *Server) { s.Unsubscribe("o_user") }, want: 43004},
		{name: "ErrTemplateID", edit: func(m map[string]any) { m["template_id"] = "demo-other" }, want: 40037},
		{name: "ErrKeywordMissing", edit: func(m map[string]any) { delete(m["data"].(map[string]any), "time3") }, want: 47003},
		{name: "ErrKeywordEmpty", edit: func(m map[string]any) {
			m["data"].(map[string]any)["thing1"] = map[string]string{"value": ""}
		}, want: 47003},
		{name: "ErrKeywordType", edit: func(m map[string]any) {
			m["data"].(map[string]any)["phrase2"] = map[string]string{"value": "C级"}
		}, want: 47003},
		{name: "ErrDailyQuota", setup: func(s *Server) { s.SetTemplateQuota(tmpl.ID, 0) }, want: 45009},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestServer(t)
			s.AddTemplate(tmpl)
			s.Subscribe("o_user")
			if tc.setup != nil {
				tc.setup(s)
			}
			m := map[string]any{"touser": "o_user", "template_id": tmpl.ID, "url": "https://example.gov.cn/x",
				"client_msg_id": "k1", "data": goodData()}
			if tc.edit != nil {
				tc.edit(m)
			}
			out := post(t, s, "/cgi-bin/message/template/send", token(t, s), m)
			if got := errcode(out); got != tc.want {
				t.Fatalf("template send = %v, want errcode %d", out, tc.want)
			}
			delivered := len(s.Deliveries())
			if tc.want == 0 && (delivered != 1 || len(s.Refused()) != 0) {
				t.Errorf("delivered %d, refused %v; want 1 delivery and no refusal", delivered, s.Refused())
			}
			if tc.want != 0 && (delivered != 0 || len(s.Refused()) != 1 || s.Refused()[0].Code != tc.want) {
				t.Errorf("delivered %d, refused %+v; want no delivery and one refusal %d", delivered, s.Refused(), tc.want)
			}
		})
	}
}

// TestTemplateDedupe: a repeat of a client_msg_id is dropped for
// DedupeWindow of the stand-in's clock, then delivered again; another
// stand-in remembers nothing.
func TestTemplateDedupe(t *testing.T) {
	s := newTestServer(t)
	s.AddTemplate(tmpl)
	s.Subscribe("o_user")
	tok := token(t, s)
	m := map[string]any{"touser": "o_user", "template_id": tmpl.ID, "client_msg_id": "k1", "data": goodData()}
	for range 2 {
		if out := post(t, s, "/cgi-bin/message/template/send", tok, m); errcode(out) != 0 {
			t.Fatal(out)
		}
	}
	if got, dropped := s.DeliveredTo("o_user"), s.Dropped(); got != 1 || dropped != 1 {
		t.Errorf("delivered %d, dropped %d; want 1 and 1", got, dropped)
	}
	s.Advance(DedupeWindow)
	post(t, s, "/cgi-bin/message/template/send", tok, m)
	if got := s.DeliveredTo("o_user"); got != 2 {
		t.Errorf("after the window delivered %d, want 2", got)
	}
	other := newTestServer(t)
	if other.Dropped() != 0 || len(other.Deliveries()) != 0 {
		t.Error("a new stand-in shares state with another")
	}
}

func TestCustomSend(t *testing.T) {
	long := make([]byte, MaxTextBytes+1)
	for i := range long {
		long[i] = 'a'
	}
	for _, tc := range []struct {
		name  string
		setup func(s *Server)
		text  string
		want  int
	}{
		{name: "OK", setup: func(s *Server) { s.UserMessage("o_user") }},
		{name: "OKAfter47Hours", setup: func(s *Server) { s.UserMessage("o_user"); s.Advance(47 * time.Hour) }},
		{name: "OKFifth", setup: func(s *Server) { s.UserMessage("o_user"); sendN(t, s, 4) }},
		{name: "OKAfterSubscribe", setup: func(s *Server) { s.Subscribe("o_user") }},
		{name: "OKThirdAfterClick", setup: func(s *Server) { s.Subscribe("o_user"); s.Advance(time.Hour); s.UserEvent("o_user"); sendN(t, s, 2) }},
		{name: "OKFollowerWroteBefore", setup: func(s *Server) { s.Follower("o_user", t0.Add(-time.Hour)) }},
		{name: "ErrFollowerNeverWrote", setup: func(s *Server) { s.Follower("o_user", time.Time{}) }, want: 45015},
		{name: "ErrOutOfWindow", setup: func(s *Server) { s.UserMessage("o_user"); s.Advance(CustomWindow) }, want: 45015},
		{name: "ErrEventWindowOver", setup: func(s *Server) { s.Subscribe("o_user"); s.Advance(EventWindow) }, want: 45015},
		{name: "ErrSixthPerMessage", setup: func(s *Server) { s.UserMessage("o_user"); sendN(t, s, 5) }, want: 45047},
		{name: "ErrFourthPerEvent", setup: func(s *Server) { s.Subscribe("o_user"); sendN(t, s, 3) }, want: 45047},
		{name: "ErrNotFollowing", setup: func(s *Server) { s.UserMessage("o_user"); s.Unsubscribe("o_user") }, want: 43004},
		{name: "ErrInvalidOpenID", want: 40003},
		{name: "ErrContentTooLong", setup: func(s *Server) { s.UserMessage("o_user") }, text: string(long), want: 45002},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestServer(t)
			if tc.setup != nil {
				tc.setup(s)
			}
			text := tc.text
			if text == "" {
				text = "您好"
			}
			out := post(t, s, "/cgi-bin/message/custom/send", token(t, s),
				map[string]any{"touser": "o_user", "msgtype": "text", "text": map[string]string{"content": text}})
			if got := errcode(out); got != tc.want {
				t.Fatalf("custom send = %v, want errcode %d", out, tc.want)
			}
		})
	}
}

// sendN sends n customer-service texts to o_user, which must pass.
func sendN(t *testing.T, s *Server, n int) {
	t.Helper()
	tok := token(t, s)
	for i := range n {
		out := post(t, s, "/cgi-bin/message/custom/send", tok,
			map[string]any{"touser": "o_user", "msgtype": "text", "text": map[string]string{"content": "您好"}})
		if errcode(out) != 0 {
			t.Fatalf("send %d: %v", i+1, out)
		}
	}
}
