package web

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestClientIP(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("10.0.0.0/8")}
	tests := []struct {
		name, peer string
		trusted    []netip.Prefix
		xff        []string
		want       string
	}{
		{"DirectPeer", "203.0.113.7:5000", nil, nil, "203.0.113.7"},
		{"NoProxyTrustedByDefault", "127.0.0.1:5000", nil, []string{"198.51.100.4"}, "127.0.0.1"},
		{"UntrustedPeerCannotPickItsBucket", "203.0.113.7:5000", proxies, []string{"10.9.9.9"}, "203.0.113.7"},
		{"BehindTrustedProxy", "127.0.0.1:5000", proxies, []string{"198.51.100.4"}, "198.51.100.4"},
		{"ForgedEntriesLeftOfTheProxys", "10.0.0.2:5000", proxies, []string{"1.2.3.4, 198.51.100.4"}, "198.51.100.4"},
		{"TwoTrustedHops", "127.0.0.1:5000", proxies, []string{"1.2.3.4, 198.51.100.4, 10.1.1.1"}, "198.51.100.4"},
		{"SeveralHeaderLines", "10.0.0.2:5000", proxies, []string{"1.2.3.4", "198.51.100.9"}, "198.51.100.9"},
		{"ProxyWithoutHeader", "127.0.0.1:5000", proxies, nil, "127.0.0.1"},
		{"GarbageHeader", "127.0.0.1:5000", proxies, []string{"not-an-ip"}, "127.0.0.1"},
		{"IPv6Peer", "[2001:db8::1]:5000", proxies, []string{"1.2.3.4"}, "2001:db8::1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/admin/login", nil)
			r.RemoteAddr = tc.peer
			for _, v := range tc.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := ClientIP(r, tc.trusted); got != tc.want {
				t.Errorf("ClientIP(%s, %q) = %s, want %s", tc.peer, tc.xff, got, tc.want)
			}
		})
	}
}
