package wechatsim

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"
)

// Request is one call the stand-in received.
type Request struct {
	Method string
	Path   string
	Query  string
	Body   string
	At     time.Time
}

// Media is a file the stand-in serves through /cgi-bin/media/get.
type Media struct {
	ContentType string
	Data        []byte
}

// Server is the stand-in WeChat API. The zero value is not usable: call New.
// URL is set by Start; when mounted in another server, set it to the mount's
// base URL.
type Server struct {
	// URL is the base URL to put in WECHAT_API_BASE.
	URL string

	AppID, AppSecret string

	mu       sync.Mutex
	requests []Request
	tokens   map[string]time.Time
	media    map[string]Media
	ts       *httptest.Server
	mux      *http.ServeMux

	out outbound // message sends, QR codes and injected faults (send.go)
}

// New returns a stand-in that accepts the given credentials.
func New(appID, appSecret string) *Server {
	s := &Server{AppID: appID, AppSecret: appSecret, tokens: map[string]time.Time{}, media: map[string]Media{}}
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("GET /cgi-bin/token", s.handleToken)
	s.mux.HandleFunc("GET /cgi-bin/media/get", s.handleMediaGet)
	s.registerOutbound()
	return s
}

// Start serves the stand-in on 127.0.0.1 and sets URL.
func (s *Server) Start() *Server {
	s.ts = httptest.NewServer(s)
	s.URL = s.ts.URL
	return s
}

// Close stops a started stand-in.
func (s *Server) Close() {
	if s.ts != nil {
		s.ts.Close()
	}
}

// Handle adds a route (a net/http pattern such as "POST /cgi-bin/x"); the
// outbound issue extends the stand-in this way.
func (s *Server) Handle(pattern string, h http.HandlerFunc) { s.mux.HandleFunc(pattern, h) }

// ServeHTTP records the request and answers it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	r.Body = io.NopCloser(bytes.NewReader(body))
	s.mu.Lock()
	s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Body: string(body), At: time.Now()})
	s.mu.Unlock()
	if s.fault(w, r) {
		return
	}
	s.mux.ServeHTTP(w, r)
}

// Requests returns a copy of every request received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// AddMedia stores a file and returns its media id, as an upload to WeChat
// would; the simulator uses it for photos sent in the chat.
func (s *Server) AddMedia(contentType string, data []byte) string {
	id := randomID(16)
	s.mu.Lock()
	s.media[id] = Media{ContentType: contentType, Data: append([]byte(nil), data...)}
	s.mu.Unlock()
	return id
}

// ValidToken reports whether tok was issued and has not expired.
func (s *Server) ValidToken(tok string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	exp, ok := s.tokens[tok]
	return ok && time.Now().Before(exp)
}

func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("grant_type") != "client_credential" || q.Get("appid") != s.AppID || q.Get("secret") != s.AppSecret {
		writeJSON(w, map[string]any{"errcode": 40013, "errmsg": "invalid appid or secret"})
		return
	}
	tok := randomID(32)
	s.mu.Lock()
	s.tokens[tok] = time.Now().Add(7200 * time.Second)
	s.mu.Unlock()
	writeJSON(w, map[string]any{"access_token": tok, "expires_in": 7200})
}

func (s *Server) handleMediaGet(w http.ResponseWriter, r *http.Request) {
	if !s.ValidToken(r.URL.Query().Get("access_token")) {
		writeJSON(w, map[string]any{"errcode": 40001, "errmsg": "invalid credential"})
		return
	}
	s.mu.Lock()
	m, ok := s.media[r.URL.Query().Get("media_id")]
	s.mu.Unlock()
	if !ok {
		writeJSON(w, map[string]any{"errcode": 40007, "errmsg": "invalid media_id"})
		return
	}
	w.Header().Set("Content-Type", m.ContentType)
	w.Write(m.Data)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(v)
}

func randomID(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
