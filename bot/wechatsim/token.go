package wechatsim

import (
	"net/http"
	"time"
)

// Token rules of the platform.
const (
	// TokenLifetime is how long an access token is valid.
	TokenLifetime = 7200 * time.Second
	// TokenGrace is how long the previous token keeps working after a new
	// one is fetched.
	TokenGrace = 5 * time.Minute
	// DefaultTokenDailyLimit is how many /cgi-bin/token fetches an account
	// gets a day.
	DefaultTokenDailyLimit = 2000
	// StableForceDailyLimit is how many force_refresh stable_token calls an
	// account gets a day.
	StableForceDailyLimit = 20
)

// Credential and allow-list errors.
var (
	errIPNotAllowed = apiError{40164, "invalid ip 127.0.0.1 ipv6 ::ffff:127.0.0.1, not in whitelist"}
	errAppID        = apiError{40013, "invalid appid"}
	errSecret       = apiError{40125, "invalid appsecret"}
	errGrantType    = apiError{40002, "invalid grant_type"}
)

// tokenState holds the issued tokens. The normal (/cgi-bin/token) and the
// stable (/cgi-bin/stable_token) tokens are separate: fetching one kind
// never retires the other.
type tokenState struct {
	issued     map[string]*issuedToken
	current    string         // latest normal token
	stable     string         // latest stable token
	fetches    map[string]int // normal fetches per day
	forces     map[string]int // force_refresh stable calls per day
	dailyLimit int
	ipBlocked  bool
}

type issuedToken struct {
	expires time.Time
	retires time.Time // zero while current
}

func (t *tokenState) init() {
	t.issued = map[string]*issuedToken{}
	t.fetches = map[string]int{}
	t.forces = map[string]int{}
	t.dailyLimit = DefaultTokenDailyLimit
}

// SetTokenDailyLimit changes how many /cgi-bin/token fetches a day the
// account gets (DefaultTokenDailyLimit by default).
func (s *Server) SetTokenDailyLimit(n int) {
	s.mu.Lock()
	s.tok.dailyLimit = n
	s.mu.Unlock()
}

// SetIPAllowed puts the caller's address on the account's IP allow-list
// (true, the default) or takes it off (false): token calls then fail with
// 40164.
func (s *Server) SetIPAllowed(ok bool) {
	s.mu.Lock()
	s.tok.ipBlocked = !ok
	s.mu.Unlock()
}

// TokenFetches returns how many /cgi-bin/token fetches were answered today
// (by the stand-in's clock).
func (s *Server) TokenFetches() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tok.fetches[day(s.nowLocked())]
}

// ValidToken reports whether tok was issued, has not expired and has not
// been retired by a newer one.
func (s *Server) ValidToken(tok string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.checkTokenLocked(tok) == nil
}

// ExpireTokens retires every token issued, at once, as when the account's
// secret is reset.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	now := s.nowLocked()
	for _, t := range s.tok.issued {
		t.retires = now
	}
	s.mu.Unlock()
}

// RefreshElsewhere fetches a normal token as another client of the account
// would: the current one stops working TokenGrace later.
func (s *Server) RefreshElsewhere() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	tok, _ := s.issueLocked(&s.tok.current)
	return tok
}

func (s *Server) checkTokenLocked(tok string) *apiError {
	if tok == "" {
		return &errMissingToken
	}
	t, ok := s.tok.issued[tok]
	now := s.nowLocked()
	switch {
	case !ok || (!t.retires.IsZero() && !now.Before(t.retires)):
		return &errInvalidToken
	case !now.Before(t.expires):
		return &errExpiredToken
	}
	return nil
}

// checkToken answers the call's refusal when its access_token is not valid.
func (s *Server) checkToken(w http.ResponseWriter, r *http.Request) bool {
	s.mu.Lock()
	e := s.checkTokenLocked(r.URL.Query().Get("access_token"))
	s.mu.Unlock()
	if e != nil {
		s.refuse(w, r, *e, "", "")
		return false
	}
	return true
}

// issueLocked issues a new token in the slot (current or stable), retiring
// the one it replaces TokenGrace later.
func (s *Server) issueLocked(slot *string) (string, time.Duration) {
	now := s.nowLocked()
	if prev, ok := s.tok.issued[*slot]; ok && prev.retires.IsZero() {
		prev.retires = now.Add(TokenGrace)
	}
	tok := randomID(32)
	s.tok.issued[tok] = &issuedToken{expires: now.Add(TokenLifetime)}
	*slot = tok
	return tok, TokenLifetime
}

// credentials checks the allow-list, then appid and secret.
func (s *Server) credentials(appID, secret string) *apiError {
	s.mu.Lock()
	blocked := s.tok.ipBlocked
	s.mu.Unlock()
	switch {
	case blocked:
		return &errIPNotAllowed
	case appID != s.AppID:
		return &errAppID
	case secret != s.AppSecret:
		return &errSecret
	}
	return nil
}

func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if e := s.credentials(q.Get("appid"), q.Get("secret")); e != nil {
		s.refuse(w, r, *e, "", "")
		return
	}
	if q.Get("grant_type") != "client_credential" {
		s.refuse(w, r, errGrantType, "", "")
		return
	}
	s.mu.Lock()
	d := day(s.nowLocked())
	if s.tok.fetches[d] >= s.tok.dailyLimit {
		s.mu.Unlock()
		s.refuse(w, r, errDailyQuota, "", "")
		return
	}
	s.tok.fetches[d]++
	tok, ttl := s.issueLocked(&s.tok.current)
	s.mu.Unlock()
	writeJSON(w, map[string]any{"access_token": tok, "expires_in": int(ttl / time.Second)})
}

// handleStableToken answers /cgi-bin/stable_token: the same token while it
// is valid; force_refresh issues a new one and retires the old one
// TokenGrace later.
func (s *Server) handleStableToken(w http.ResponseWriter, r *http.Request) {
	var req struct {
		GrantType    string `json:"grant_type"`
		AppID        string `json:"appid"`
		Secret       string `json:"secret"`
		ForceRefresh bool   `json:"force_refresh"`
	}
	if _, ok := s.decode(w, r, &req); !ok {
		return
	}
	if e := s.credentials(req.AppID, req.Secret); e != nil {
		s.refuse(w, r, *e, "", "")
		return
	}
	if req.GrantType != "client_credential" {
		s.refuse(w, r, errGrantType, "", "")
		return
	}
	s.mu.Lock()
	now := s.nowLocked()
	cur, ok := s.tok.issued[s.tok.stable]
	if !req.ForceRefresh && ok && cur.retires.IsZero() && now.Before(cur.expires) {
		tok, left := s.tok.stable, cur.expires.Sub(now)
		s.mu.Unlock()
		writeJSON(w, map[string]any{"access_token": tok, "expires_in": int(left / time.Second)})
		return
	}
	if req.ForceRefresh {
		d := day(now)
		if s.tok.forces[d] >= StableForceDailyLimit {
			s.mu.Unlock()
			s.refuse(w, r, errDailyQuota, "", "")
			return
		}
		s.tok.forces[d]++
	}
	tok, ttl := s.issueLocked(&s.tok.stable)
	s.mu.Unlock()
	writeJSON(w, map[string]any{"access_token": tok, "expires_in": int(ttl / time.Second)})
}

// day names the calendar day of t in China, where the platform's daily
// quotas reset.
func day(t time.Time) string {
	return t.In(chinaTime).Format(time.DateOnly)
}

var chinaTime = time.FixedZone("CST", 8*3600)
