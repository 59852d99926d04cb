package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/silenceper/wechat/v2/util"
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

// maxAnswer bounds a JSON answer read from WeChat's API.
const maxAnswer = 1 << 20

// call sends one request to WeChat's API through the SDK's process-wide
// client (see InstallHTTPClient): body, when not nil, is sent as JSON. It
// returns the answer of a 200, at most maxAnswer bytes. Every outbound call
// goes through here or through do, so that no error it returns carries the
// URL's query string: the access token and the AppSecret travel there.
func call(ctx context.Context, method, u string, body any) ([]byte, error) {
	var rd io.Reader
	if body != nil {
		buf := new(bytes.Buffer)
		enc := json.NewEncoder(buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(body); err != nil {
			return nil, fmt.Errorf("encode request: %w", err)
		}
		rd = buf
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, Redact(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json;charset=utf-8")
	}
	resp, err := do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s %s: http status %d", method, stripQuery(u), resp.StatusCode)
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return nil, Redact(fmt.Errorf("read answer: %w", err))
	}
	return raw, nil
}

// do sends req through the SDK's process-wide client; its error never
// carries the request's query string.
func do(req *http.Request) (*http.Response, error) {
	resp, err := util.DefaultHTTPClient.Do(req)
	if err != nil {
		return nil, Redact(err)
	}
	return resp, nil
}

// stripQuery returns u without its query string and fragment.
func stripQuery(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		return u[:i]
	}
	return u
}

// secretParam matches the query parameters that carry credentials, wherever
// they appear in a text.
var secretParam = regexp.MustCompile(`(?i)(access_token|secret|appsecret)=[^&\s"']*`)

// Redact returns err with every URL query string removed from its text: a
// *url.Error's URL loses its query, and any credential parameter left in
// the message (access_token=, secret=) is masked. The result keeps
// Timeout() and unwrapping to context errors, so callers can still tell a
// timeout or a cancellation.
func Redact(err error) error {
	if err == nil {
		return nil
	}
	var ue *url.Error
	if errors.As(err, &ue) && strings.ContainsAny(ue.URL, "?#") {
		c := *ue
		c.URL = stripQuery(ue.URL)
		if ue == err {
			err = &c
		} else {
			err = &redacted{msg: strings.ReplaceAll(err.Error(), ue.URL, c.URL), err: &c}
		}
	}
	if msg := err.Error(); secretParam.MatchString(msg) {
		return &redacted{msg: secretParam.ReplaceAllString(msg, "$1=***"), err: err}
	}
	return err
}

// redacted is an error whose text was cleaned of credentials. Unwrap keeps
// errors.Is(err, context.DeadlineExceeded) working; the wrapped error's own
// text is not shown.
type redacted struct {
	msg string
	err error
}

func (e *redacted) Error() string { return e.msg }
func (e *redacted) Unwrap() error { return e.err }
