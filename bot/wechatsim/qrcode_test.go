package wechatsim

import (
	"strings"
	"testing"
	"time"
)

func TestQRCreate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		action string
		scene  string
		expire int64
		want   int
		lives  time.Duration // still scannable after this
		dies   time.Duration // no longer after this (0: never)
	}{
		{name: "OK", action: "QR_STR_SCENE", scene: "BIND1234", expire: 3600, lives: 59 * time.Minute, dies: time.Hour},
		{name: "OKThirtyDays", action: "QR_STR_SCENE", scene: "BIND1234", expire: MaxQRExpire, lives: 29 * 24 * time.Hour, dies: 30 * 24 * time.Hour},
		{name: "OKDefaultSixtySeconds", action: "QR_STR_SCENE", scene: "x", lives: 59 * time.Second, dies: time.Minute},
		{name: "OKPermanent", action: "QR_LIMIT_STR_SCENE", scene: strings.Repeat("s", 64), lives: 365 * 24 * time.Hour},
		{name: "ErrEmptyScene", action: "QR_STR_SCENE", scene: "", expire: 60, want: 40097},
		{name: "ErrLongScene", action: "QR_STR_SCENE", scene: strings.Repeat("s", 65), expire: 60, want: 40097},
		{name: "ErrExpire", action: "QR_STR_SCENE", scene: "x", expire: MaxQRExpire + 1, want: 40097},
		{name: "ErrAction", action: "QR_SCENE", scene: "x", expire: 60, want: 40097},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestServer(t)
			req := map[string]any{"action_name": tc.action, "action_info": map[string]any{"scene": map[string]string{"scene_str": tc.scene}}}
			if tc.expire != 0 {
				req["expire_seconds"] = tc.expire
			}
			out := post(t, s, "/cgi-bin/qrcode/create", token(t, s), req)
			if got := errcode(out); got != tc.want {
				t.Fatalf("qrcode create = %v, want errcode %d", out, tc.want)
			}
			if tc.want != 0 {
				return
			}
			ticket, _ := out["ticket"].(string)
			s.Advance(tc.lives)
			if scene, ok := s.QRScene(ticket); !ok || scene != tc.scene {
				t.Errorf("QRScene after %v = %q, %v; want %q", tc.lives, scene, ok, tc.scene)
			}
			if tc.dies != 0 {
				s.Advance(tc.dies - tc.lives)
				if _, ok := s.QRScene(ticket); ok {
					t.Errorf("QRScene after %v still answers", tc.dies)
				}
			}
		})
	}
}
