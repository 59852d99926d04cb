package web

import (
	"net/http/httptest"
	"testing"
)

func TestClientIP(t *testing.T) {
	tests := []struct {
		name, peer string
		xff        []string
		want       string
	}{
		{"DirectPublicPeer", "203.0.113.7:5000", nil, "203.0.113.7"},
		{"PublicPeerCannotPickItsBucket", "203.0.113.7:5000", []string{"10.9.9.9"}, "203.0.113.7"},
		{"BehindLocalProxy", "127.0.0.1:5000", []string{"198.51.100.4"}, "198.51.100.4"},
		{"ForgedEntriesLeftOfTheProxys", "10.0.0.2:5000", []string{"1.2.3.4, 198.51.100.4"}, "198.51.100.4"},
		{"SeveralHeaderLines", "10.0.0.2:5000", []string{"1.2.3.4", "198.51.100.9"}, "198.51.100.9"},
		{"ProxyWithoutHeader", "127.0.0.1:5000", nil, "127.0.0.1"},
		{"GarbageHeader", "127.0.0.1:5000", []string{"not-an-ip"}, "127.0.0.1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/admin/login", nil)
			r.RemoteAddr = tc.peer
			for _, v := range tc.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := clientIP(r); got != tc.want {
				t.Errorf("clientIP(%s, %q) = %s, want %s", tc.peer, tc.xff, got, tc.want)
			}
		})
	}
}
