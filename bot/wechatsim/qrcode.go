package wechatsim

import (
	"encoding/json"
	"net/http"
)

// handleQRCreate answers /cgi-bin/qrcode/create with a ticket and the URL
// the QR code encodes, and remembers the scene for QRScene.
func (s *Server) handleQRCreate(w http.ResponseWriter, r *http.Request) {
	if !s.ValidToken(r.URL.Query().Get("access_token")) {
		writeJSON(w, map[string]any{"errcode": 40001, "errmsg": "invalid credential, access_token is invalid or not latest"})
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
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeJSON(w, map[string]any{"errcode": 47001, "errmsg": "data format error"})
		return
	}
	scene := req.ActionInfo.Scene.SceneStr
	if (req.ActionName != "QR_STR_SCENE" && req.ActionName != "QR_LIMIT_STR_SCENE") || scene == "" || len(scene) > 64 {
		writeJSON(w, map[string]any{"errcode": 40097, "errmsg": "invalid args"})
		return
	}
	if req.ExpireSeconds == 0 || req.ExpireSeconds > 2592000 {
		req.ExpireSeconds = 2592000
	}
	ticket := randomID(24)
	s.out.mu.Lock()
	s.out.qr[ticket] = scene
	s.out.mu.Unlock()
	writeJSON(w, map[string]any{"ticket": ticket, "expire_seconds": req.ExpireSeconds, "url": "http://weixin.qq.com/q/" + ticket})
}

// QRScene returns the scene string of a ticket the stand-in issued.
func (s *Server) QRScene(ticket string) (string, bool) {
	s.out.mu.Lock()
	defer s.out.mu.Unlock()
	scene, ok := s.out.qr[ticket]
	return scene, ok
}
