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

// Refusal is a call the stand-in refused with an error code, or a passive
// reply WeChat would not show.
type Refusal struct {
	Path   string
	Code   int
	Msg    string
	OpenID string
	Body   string
	At     time.Time
}

// Server is the stand-in WeChat API for one Official Account. The zero
// value is not usable: call New. URL is set by Start; when mounted in
// another server, set it to the mount's base URL.
type Server struct {
	// URL is the base URL to put in WECHAT_API_BASE.
	URL string

	AppID, AppSecret string

	// Now is the stand-in's clock (time.Now by New); token lifetimes,
	// windows, quotas, dedupe and expiries all follow it. Set it before
	// requests are in flight, or move it with Advance.
	Now func() time.Time

	mu       sync.Mutex
	offset   time.Duration
	requests []Request
	refused  []Refusal
	ts       *httptest.Server
	mux      *http.ServeMux

	tok   tokenState
	users map[string]*user
	tpl   templateState
	out   outbound
	media map[string]Media
	qr    map[string]qrCode
	menu  *Menu
}

// New returns a stand-in that accepts the given credentials, with no
// follower and no template yet: tell it about them with Subscribe,
// UserMessage and AddTemplate.
func New(appID, appSecret string) *Server {
	s := &Server{AppID: appID, AppSecret: appSecret, Now: time.Now,
		users: map[string]*user{}, media: map[string]Media{}, qr: map[string]qrCode{}}
	s.tok.init()
	s.tpl.init()
	s.out.init()
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("GET /cgi-bin/token", s.handleToken)
	s.mux.HandleFunc("POST /cgi-bin/stable_token", s.handleStableToken)
	s.mux.HandleFunc("GET /cgi-bin/media/get", s.handleMediaGet)
	s.mux.HandleFunc("POST /cgi-bin/message/template/send", s.handleTemplateSend)
	s.mux.HandleFunc("POST /cgi-bin/message/custom/send", s.handleCustomSend)
	s.mux.HandleFunc("POST /cgi-bin/qrcode/create", s.handleQRCreate)
	s.mux.HandleFunc("POST /cgi-bin/menu/create", s.handleMenuCreate)
	s.mux.HandleFunc("GET /cgi-bin/menu/get", s.handleMenuGet)
	s.mux.HandleFunc("GET /cgi-bin/menu/delete", s.handleMenuDelete)
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

// Handle adds a route (a net/http pattern such as "POST /cgi-bin/x").
func (s *Server) Handle(pattern string, h http.HandlerFunc) { s.mux.HandleFunc(pattern, h) }

func (s *Server) nowLocked() time.Time { return s.Now().Add(s.offset) }

// Advance moves the stand-in's clock forward by d.
func (s *Server) Advance(d time.Duration) {
	s.mu.Lock()
	s.offset += d
	s.mu.Unlock()
}

// ServeHTTP records the request and answers it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	r.Body = io.NopCloser(bytes.NewReader(body))
	s.mu.Lock()
	s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Body: string(body), At: s.nowLocked()})
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

// Refused returns a copy of every refusal so far: calls answered with an
// error code (injected faults excepted) and passive replies WeChat would
// not show.
func (s *Server) Refused() []Refusal {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Refusal(nil), s.refused...)
}

// apiError is an error answer of the platform.
type apiError struct {
	code int
	msg  string
}

// The platform's error answers the stand-in gives.
var (
	errMissingToken   = apiError{41001, "access_token missing"}
	errInvalidToken   = apiError{40001, "invalid credential, access_token is invalid or not latest"}
	errExpiredToken   = apiError{42001, "access_token expired"}
	errInvalidOpenID  = apiError{40003, "invalid openid"}
	errNotFollowing   = apiError{43004, "require subscribe"}
	errDataFormat     = apiError{47001, "data format error"}
	errDailyQuota     = apiError{45009, "reach max api daily quota limit"}
	errInvalidArgs    = apiError{40097, "invalid args"}
	errTemplateID     = apiError{40037, "invalid template_id"}
	errOutOfWindow    = apiError{45015, "response out of time limit or subscription is canceled"}
	errCustomLimit    = apiError{45047, "out of response count limit"}
	errContentTooLong = apiError{45002, "content size out of limit"}
	errEmptyContent   = apiError{44003, "empty news data"}
	errMediaID        = apiError{40007, "invalid media_id"}
	errNoMenu         = apiError{46003, "menu no exist"}
)

// refuse answers an error code and records the refusal.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, e apiError, openID, body string) {
	s.mu.Lock()
	s.refused = append(s.refused, Refusal{Path: r.URL.Path, Code: e.code, Msg: e.msg, OpenID: openID, Body: body, At: s.nowLocked()})
	s.mu.Unlock()
	writeJSON(w, map[string]any{"errcode": e.code, "errmsg": e.msg})
}

// readBody returns the request body, already read by ServeHTTP.
func readBody(r *http.Request) []byte {
	b, _ := io.ReadAll(r.Body)
	return b
}

// decode reads the JSON body into v, answering 47001 when it is not JSON.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, v any) ([]byte, bool) {
	body := readBody(r)
	if err := json.Unmarshal(body, v); err != nil {
		s.refuse(w, r, errDataFormat, "", string(body))
		return body, false
	}
	return body, true
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(v)
}

func writeOK(w http.ResponseWriter, extra map[string]any) {
	out := map[string]any{"errcode": 0, "errmsg": "ok"}
	for k, v := range extra {
		out[k] = v
	}
	writeJSON(w, out)
}

func randomID(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
