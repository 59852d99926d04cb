package bot

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// WeChatAPIHost is the host of WeChat's API, which the SDK writes into its
// URLs.
const WeChatAPIHost = "api.weixin.qq.com"

// CallTimeout bounds one outbound WeChat call, connection included.
const CallTimeout = 10 * time.Second

// NewHTTPClient returns the client for every outbound WeChat call: bounded
// by timeout (CallTimeout when 0), with a pool sized for the outbox's
// parallel sends, and, when apiBase (WECHAT_API_BASE) is set, a transport
// that sends requests addressed to WeChatAPIHost to apiBase instead, its
// scheme, host and path prefix replacing theirs. The bot's own calls are
// built on apiBase already; the rewrite catches URLs the SDK hard-codes.
func NewHTTPClient(apiBase string, timeout time.Duration) (*http.Client, error) {
	if timeout == 0 {
		timeout = CallTimeout
	}
	dialer := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}
	var rt http.RoundTripper = &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          256,
		MaxIdleConnsPerHost:   128,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: timeout,
		ExpectContinueTimeout: time.Second,
	}
	if apiBase != "" {
		base, err := parseAPIBase(apiBase)
		if err != nil {
			return nil, err
		}
		if base.Host != WeChatAPIHost || base.Path != "" {
			rt = &rewriteTransport{base: base, next: rt}
		}
	}
	return &http.Client{Timeout: timeout, Transport: rt}, nil
}

func parseAPIBase(apiBase string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(apiBase, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("WECHAT_API_BASE %q is not an http(s) URL", apiBase)
	}
	return u, nil
}

// rewriteTransport sends requests for WeChat's API host to base.
type rewriteTransport struct {
	base *url.URL
	next http.RoundTripper
}

// RoundTrip rewrites the request's URL when it is addressed to WeChat's API
// host and passes it on.
func (t *rewriteTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host != WeChatAPIHost {
		return t.next.RoundTrip(r)
	}
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host = t.base.Scheme, t.base.Host
	r.URL.Path = t.base.Path + r.URL.Path
	if r.URL.RawPath != "" {
		r.URL.RawPath = t.base.EscapedPath() + r.URL.RawPath
	}
	r.Host = ""
	return t.next.RoundTrip(r)
}

// apiURL joins base (WECHAT_API_BASE, default https://api.weixin.qq.com)
// and an API path such as /cgi-bin/token, keeping base's path prefix.
func apiURL(base, path string) string {
	if base == "" {
		base = "https://" + WeChatAPIHost
	}
	return strings.TrimRight(base, "/") + path
}
