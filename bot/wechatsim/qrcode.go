package wechatsim

import (
	"net/http"
	"time"
	"unicode/utf8"
)

// QR code rules.
const (
	// MaxQRExpire is the longest a temporary QR code lives, in seconds.
	MaxQRExpire = 2592000
	// DefaultQRExpire is a temporary QR code's life when none is asked.
	DefaultQRExpire = 60
	// MaxSceneStr is the longest scene_str, in characters.
	MaxSceneStr = 64
)

type qrCode struct {
	scene   string
	expires time.Time // zero for a permanent code
}

// handleQRCreate answers /cgi-bin/qrcode/create: QR_STR_SCENE (temporary,
// expire_seconds at most MaxQRExpire) and QR_LIMIT_STR_SCENE (permanent)
// with a scene_str of 1 to 64 characters; anything else is 40097.
func (s *Server) handleQRCreate(w http.ResponseWriter, r *http.Request) {
	if !s.checkToken(w, r) {
		return
	}
	var req struct {
		ExpireSeconds int64  `json:"expire_seconds"`
		ActionName    string `json:"action_name"`
		ActionInfo    struct {
			Scene struct {
				SceneStr string `json:"scene_str"`
			} `json:"scene"`
		} `json:"action_info"`
	}
	body, ok := s.decode(w, r, &req)
	if !ok {
		return
	}
	scene := req.ActionInfo.Scene.SceneStr
	n := utf8.RuneCountInString(scene)
	permanent := req.ActionName == "QR_LIMIT_STR_SCENE"
	if (req.ActionName != "QR_STR_SCENE" && !permanent) || n < 1 || n > MaxSceneStr ||
		(!permanent && (req.ExpireSeconds < 0 || req.ExpireSeconds > MaxQRExpire)) {
		s.refuse(w, r, errInvalidArgs, "", string(body))
		return
	}
	ticket := randomID(24)
	answer := map[string]any{"ticket": ticket, "url": "http://weixin.qq.com/q/" + ticket}
	s.mu.Lock()
	q := qrCode{scene: scene}
	if !permanent {
		if req.ExpireSeconds == 0 {
			req.ExpireSeconds = DefaultQRExpire
		}
		q.expires = s.nowLocked().Add(time.Duration(req.ExpireSeconds) * time.Second)
		answer["expire_seconds"] = req.ExpireSeconds
	}
	s.qr[ticket] = q
	s.mu.Unlock()
	writeJSON(w, answer)
}

// QRScene returns the scene string of a ticket the stand-in issued, while
// the code has not expired.
func (s *Server) QRScene(ticket string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q, ok := s.qr[ticket]
	if !ok || (!q.expires.IsZero() && !s.nowLocked().Before(q.expires)) {
		return "", false
	}
	return q.scene, true
}
