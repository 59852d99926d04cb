package bot

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestHTTPClientRewrite: requests for api.weixin.qq.com go to
// WECHAT_API_BASE with its path prefix; others are left alone.
func TestHTTPClientRewrite(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, r.URL.Path+"?"+r.URL.RawQuery)
	}))
	defer srv.Close()
	c, err := NewHTTPClient(srv.URL+"/gateway/wx/", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, url, want string }{
		{"WeChat", "https://api.weixin.qq.com/cgi-bin/token?appid=x", "/gateway/wx/cgi-bin/token?appid=x"},
		{"Other", srv.URL + "/plain", "/plain?"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := c.Get(tc.url)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			got, _ := io.ReadAll(resp.Body)
			if string(got) != tc.want {
				t.Errorf("GET %s reached %q, want %q", tc.url, got, tc.want)
			}
		})
	}
	if c.Timeout != time.Second {
		t.Errorf("Timeout = %v, want 1s", c.Timeout)
	}
	if _, err := NewHTTPClient("ftp://x", 0); err == nil {
		t.Errorf("NewHTTPClient(ftp://x) accepted")
	}
	if got := apiURL("http://h:1/p/", "/cgi-bin/token"); got != "http://h:1/p/cgi-bin/token" {
		t.Errorf("apiURL = %q", got)
	}
}
