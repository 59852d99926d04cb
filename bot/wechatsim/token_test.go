package wechatsim

import (
	"net/url"
	"testing"
	"time"
)

func TestToken(t *testing.T) {
	for _, tc := range []struct {
		name          string
		appID, secret string
		grant         string
		blockIP       bool
		limit         int
		want          int
	}{
		{name: "OK", appID: testAppID, secret: testSecret, grant: "client_credential"},
		{name: "ErrIPNotAllowed", appID: testAppID, secret: testSecret, grant: "client_credential", blockIP: true, want: 40164},
		{name: "ErrAppID", appID: "wxother", secret: testSecret, grant: "client_credential", want: 40013},
		{name: "ErrSecret", appID: testAppID, secret: "wrong", grant: "client_credential", want: 40125},
		{name: "ErrGrantType", appID: testAppID, secret: testSecret, grant: "password", want: 40002},
		{name: "ErrDailyQuota", appID: testAppID, secret: testSecret, grant: "client_credential", limit: -1, want: 45009},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestServer(t)
			s.SetIPAllowed(!tc.blockIP)
			if tc.limit < 0 {
				s.SetTokenDailyLimit(2)
				token(t, s)
				token(t, s)
			}
			q := url.Values{"grant_type": {tc.grant}, "appid": {tc.appID}, "secret": {tc.secret}}
			out := call(t, "GET", s.URL+"/cgi-bin/token?"+q.Encode(), nil)
			if got := errcode(out); got != tc.want {
				t.Fatalf("token = %v, want errcode %d", out, tc.want)
			}
			if tc.want == 0 && (out["access_token"] == "" || out["expires_in"] != float64(7200)) {
				t.Errorf("token = %v, want a token for 7200 s", out)
			}
			if tc.want != 0 && len(s.Refused()) != 1 {
				t.Errorf("Refused() = %v, want the one refusal", s.Refused())
			}
		})
	}
}

// TestTokenRetired: a new token retires the previous one TokenGrace later;
// a token expires after TokenLifetime; the daily count resets the next day.
func TestTokenRetired(t *testing.T) {
	s := newTestServer(t)
	old := token(t, s)
	s.Advance(time.Minute)
	cur := token(t, s)
	if !s.ValidToken(old) || !s.ValidToken(cur) {
		t.Fatal("both tokens should work within the grace")
	}
	s.Advance(TokenGrace)
	if s.ValidToken(old) {
		t.Error("the previous token still works after the grace")
	}
	if got := errcode(call(t, "GET", s.URL+"/cgi-bin/menu/get?access_token="+old, nil)); got != 40001 {
		t.Errorf("call with the retired token = %d, want 40001", got)
	}
	if got := errcode(call(t, "GET", s.URL+"/cgi-bin/menu/delete", nil)); got != 41001 {
		t.Errorf("call without a token: errcode %d, want 41001", got)
	}
	s.Advance(TokenLifetime)
	if got := errcode(call(t, "GET", s.URL+"/cgi-bin/menu/get?access_token="+cur, nil)); got != 42001 {
		t.Errorf("call with an expired token = %d, want 42001", got)
	}
	if got := s.TokenFetches(); got != 2 {
		t.Errorf("TokenFetches() = %d, want 2", got)
	}
	s.Advance(24 * time.Hour)
	if got := s.TokenFetches(); got != 0 {
		t.Errorf("TokenFetches() the next day = %d, want 0", got)
	}
}

// TestStableToken: the same token while valid, not retired by a normal
// fetch; force_refresh issues a new one and the old one works TokenGrace
// longer.
func TestStableToken(t *testing.T) {
	s := newTestServer(t)
	req := map[string]any{"grant_type": "client_credential", "appid": testAppID, "secret": testSecret}
	stable := func(force bool) string {
		t.Helper()
		req["force_refresh"] = force
		out := call(t, "POST", s.URL+"/cgi-bin/stable_token", req)
		tok, _ := out["access_token"].(string)
		if tok == "" {
			t.Fatalf("stable_token: %v", out)
		}
		return tok
	}
	a := stable(false)
	s.Advance(time.Hour)
	if b := stable(false); b != a {
		t.Errorf("stable_token changed while valid")
	}
	token(t, s)
	s.Advance(TokenGrace)
	if !s.ValidToken(a) {
		t.Error("a normal fetch retired the stable token")
	}
	c := stable(true)
	if c == a || !s.ValidToken(a) {
		t.Errorf("force_refresh: new %v, old still valid %v; want a new token and the old one in its grace", c != a, s.ValidToken(a))
	}
	s.Advance(TokenGrace)
	if s.ValidToken(a) || !s.ValidToken(c) {
		t.Error("after the grace only the refreshed token should work")
	}
	req["secret"] = "wrong"
	if got := errcode(call(t, "POST", s.URL+"/cgi-bin/stable_token", req)); got != 40125 {
		t.Errorf("stable_token with a bad secret = %d, want 40125", got)
	}
}
