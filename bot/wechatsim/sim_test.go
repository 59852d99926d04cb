package wechatsim

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"
)

const (
	testAppID  = "wxsim0000000001"
	testSecret = "sim-secret"
)

var t0 = time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)

// newTestServer starts a stand-in with its clock at t0.
func newTestServer(t *testing.T) *Server {
	t.Helper()
	s := New(testAppID, testSecret)
	s.Now = func() time.Time { return t0 }
	s.Start()
	t.Cleanup(s.Close)
	return s
}

// call sends a request and returns the decoded JSON answer.
func call(t *testing.T, method, u string, body any) map[string]any {
	t.Helper()
	var r io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		r = bytes.NewReader(raw)
	}
	req, _ := http.NewRequest(method, u, r)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("%s %s: decode: %v", method, u, err)
	}
	return out
}

func errcode(m map[string]any) int {
	f, _ := m["errcode"].(float64)
	return int(f)
}

// token fetches a normal access token.
func token(t *testing.T, s *Server) string {
	t.Helper()
	q := url.Values{"grant_type": {"client_credential"}, "appid": {testAppID}, "secret": {testSecret}}
	out := call(t, "GET", s.URL+"/cgi-bin/token?"+q.Encode(), nil)
	tok, _ := out["access_token"].(string)
	if tok == "" {
		t.Fatalf("token: %v", out)
	}
	return tok
}

func post(t *testing.T, s *Server, path, tok string, body any) map[string]any {
	t.Helper()
	return call(t, "POST", s.URL+path+"?access_token="+url.QueryEscape(tok), body)
}
