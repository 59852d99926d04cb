package wechatsim

import (
	"net/http"
	"time"
)

// MediaLifetime is how long a temporary media file can be fetched.
const MediaLifetime = 3 * 24 * time.Hour

// Media is a file the stand-in serves through /cgi-bin/media/get.
type Media struct {
	ContentType string
	Data        []byte
	Added       time.Time
}

// AddMedia stores a temporary media file and returns its media id, as a
// photo sent in the chat does; it can be fetched for MediaLifetime.
func (s *Server) AddMedia(contentType string, data []byte) string {
	id := randomID(16)
	s.mu.Lock()
	s.media[id] = Media{ContentType: contentType, Data: append([]byte(nil), data...), Added: s.nowLocked()}
	s.mu.Unlock()
	return id
}

func (s *Server) handleMediaGet(w http.ResponseWriter, r *http.Request) {
	if !s.checkToken(w, r) {
		return
	}
	s.mu.Lock()
	m, ok := s.media[r.URL.Query().Get("media_id")]
	expired := ok && s.nowLocked().Sub(m.Added) >= MediaLifetime
	s.mu.Unlock()
	if !ok || expired {
		s.refuse(w, r, errMediaID, "", r.URL.Query().Get("media_id"))
		return
	}
	w.Header().Set("Content-Type", m.ContentType)
	w.Write(m.Data)
}
