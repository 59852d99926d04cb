package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/silenceper/wechat/v2/credential"
)

// API is the client of WeChat's API for one Official Account: the token,
// message sends, QR codes and media. Every call goes to Base through the
// SDK's process-wide HTTP client (see InstallHTTPClient) with the caller's
// context, and a rejected token (40001, 42001, 40014) is refreshed and the
// call retried once.
type API struct {
	cfg    APIConfig
	tokens tokens
}

// APIConfig names the account and where its API is.
type APIConfig struct {
	AppID, AppSecret string
	// Base is WECHAT_API_BASE; "" means https://api.weixin.qq.com.
	Base string
	// StableToken fetches tokens from /cgi-bin/stable_token
	// (WECHAT_STABLE_TOKEN=1), which several consumers of one AppID share
	// without retiring one another's.
	StableToken bool
}

// NewAPI returns a client for the account, sharing its token through cache.
func NewAPI(cfg APIConfig, cache TokenCache) *API {
	a := &API{cfg: cfg}
	a.tokens = tokens{cache: cache, fetch: a.fetchToken}
	if cfg.StableToken {
		a.tokens.force = func(ctx context.Context) (string, time.Duration, error) { return a.fetchTokenForce(ctx, true) }
	}
	return a
}

// WeChat error codes the bot acts on.
const (
	codeBusy              = -1
	codeInvalidCredential = 40001
	codeInvalidToken      = 40014
	codeBadAppID          = 40013
	codeBadSecret         = 40125
	codeIPNotAllowed      = 40164
	codeMissingAppID      = 41002
	codeMissingSecret     = 41004
	codeExpiredToken      = 42001
	codeUnsubscribed      = 43004 // the user does not follow the account
	codeFrequencyLimit    = 45009 // daily quota of the API (template sends)
	codeMinuteLimit       = 45011
	codeOutOfWindow       = 45015 // customer-service window closed
	codeCustomLimit       = 45047 // too many customer-service messages without an answer
)

// APIError is an error code WeChat answered.
type APIError struct {
	Op   string
	Code int64
	Msg  string
}

// Error implements error.
func (e *APIError) Error() string {
	return fmt.Sprintf("wechat %s: errcode %d: %s", e.Op, e.Code, e.Msg)
}

// Temporary reports whether a call that failed with err may succeed if tried
// again later: network errors, HTTP errors, timeouts, a busy or rate-limited
// WeChat. Other error codes (no such user, unfollowed, bad template) are
// final. Configuration errors and the daily quota are neither: see
// ConfigError and QuotaExhausted.
func Temporary(err error) bool {
	var e *APIError
	if !errors.As(err, &e) {
		return true
	}
	switch e.Code {
	case codeBusy, codeFrequencyLimit, codeMinuteLimit, codeInvalidCredential, codeInvalidToken, codeExpiredToken:
		return true
	}
	return false
}

// ConfigError reports whether err means the account is misconfigured, so
// that no call can succeed until an operator acts: the server's IP is not
// on the allow-list (40164), the AppID or AppSecret is wrong (40013, 40125,
// or 40001 when fetching the token) or missing (41002, 41004).
func ConfigError(err error) bool {
	var e *APIError
	if !errors.As(err, &e) {
		return false
	}
	switch e.Code {
	case codeIPNotAllowed, codeBadAppID, codeBadSecret, codeMissingAppID, codeMissingSecret:
		return true
	case codeInvalidCredential:
		return e.Op == "token" || e.Op == "stable_token"
	}
	return false
}

// QuotaExhausted reports whether err is WeChat's daily quota of the API
// (45009): nothing more goes through until the next day.
func QuotaExhausted(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.Code == codeFrequencyLimit
}

// Unsubscribed reports whether err means the user no longer follows the
// account (43004).
func Unsubscribed(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.Code == codeUnsubscribed
}

// Diagnose says in one line what err means for the account's setup, for
// `selfcheck wechat check` and the outbox's pause log; it never includes a
// secret or token. nil is "OK".
func Diagnose(err error) string {
	if err == nil {
		return "OK"
	}
	var e *APIError
	if !errors.As(err, &e) {
		return "WeChat API unreachable (check WECHAT_API_BASE and the network): " + Redact(err).Error()
	}
	switch {
	case e.Code == codeIPNotAllowed:
		return fmt.Sprintf("this server's IP is not on the account's IP allow-list (errcode %d): add it under 基本配置 → IP白名单", e.Code)
	case e.Code == codeBadSecret || (e.Code == codeInvalidCredential && (e.Op == "token" || e.Op == "stable_token")):
		return fmt.Sprintf("WECHAT_APPSECRET is wrong or was reset (errcode %d)", e.Code)
	case e.Code == codeBadAppID:
		return fmt.Sprintf("WECHAT_APPID is not a valid AppID (errcode %d)", e.Code)
	case e.Code == codeMissingAppID || e.Code == codeMissingSecret:
		return fmt.Sprintf("WECHAT_APPID or WECHAT_APPSECRET is missing (errcode %d)", e.Code)
	case e.Code == codeFrequencyLimit || e.Code == codeMinuteLimit:
		return fmt.Sprintf("the account's API quota is spent (errcode %d): wait until tomorrow or reset the quota in the console", e.Code)
	case e.Code == codeBusy:
		return "WeChat is busy (errcode -1): try again"
	}
	return fmt.Sprintf("WeChat refused the call: %s", e.Error())
}

// closedWindow reports whether err means no customer-service message may go
// to the user now: the 48-hour window has closed (45015) or the messages
// allowed since the user last wrote are spent (45047). The message goes as
// a template message instead.
func closedWindow(err error) bool {
	var e *APIError
	return errors.As(err, &e) && (e.Code == codeOutOfWindow || e.Code == codeCustomLimit)
}

func tokenRejected(code int64) bool {
	return code == codeInvalidCredential || code == codeInvalidToken || code == codeExpiredToken
}

// apiResult is the error part of every answer.
type apiResult struct {
	ErrCode int64  `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

// post sends body as JSON to path with the access token and decodes the
// answer into out (if not nil).
func (a *API) post(ctx context.Context, op, path string, body, out any) error {
	return a.request(ctx, http.MethodPost, op, path, body, out)
}

// get calls path with GET and the access token and decodes the answer into
// out (if not nil).
func (a *API) get(ctx context.Context, op, path string, out any) error {
	return a.request(ctx, http.MethodGet, op, path, nil, out)
}

func (a *API) request(ctx context.Context, method, op, path string, body, out any) error {
	tok, err := a.tokens.get(ctx)
	if err != nil {
		return fmt.Errorf("wechat %s: %w", op, err)
	}
	for retried := false; ; retried = true {
		raw, err := call(ctx, method, apiURL(a.cfg.Base, path)+"?access_token="+url.QueryEscape(tok), body)
		observeCall(op, raw, err)
		if err != nil {
			return fmt.Errorf("wechat %s: %w", op, err)
		}
		var res apiResult
		if err := json.Unmarshal(raw, &res); err != nil {
			return fmt.Errorf("wechat %s: decode answer: %w", op, err)
		}
		if tokenRejected(res.ErrCode) && !retried {
			if tok, err = a.tokens.rejected(ctx, tok); err != nil {
				return fmt.Errorf("wechat %s: %w", op, err)
			}
			continue
		}
		if res.ErrCode != 0 {
			return &APIError{Op: op, Code: res.ErrCode, Msg: a.scrub(res.ErrMsg)}
		}
		if out != nil {
			if err := json.Unmarshal(raw, out); err != nil {
				return fmt.Errorf("wechat %s: decode answer: %w", op, err)
			}
		}
		return nil
	}
}

// fetchToken asks WeChat for a new access token: POST /cgi-bin/stable_token
// when the account is configured for it (WECHAT_STABLE_TOKEN), which hands
// every consumer the same token without retiring it, else GET
// /cgi-bin/token, which retires the previous token after about 5 minutes.
func (a *API) fetchToken(ctx context.Context) (string, time.Duration, error) {
	return a.fetchTokenForce(ctx, false)
}

// fetchTokenForce is fetchToken; with force the stable token endpoint is
// asked for a new token (force_refresh), after WeChat refused the current.
func (a *API) fetchTokenForce(ctx context.Context, force bool) (string, time.Duration, error) {
	var (
		raw []byte
		err error
		op  = "token"
	)
	if a.cfg.StableToken {
		op = "stable_token"
		body := map[string]any{"grant_type": "client_credential", "appid": a.cfg.AppID, "secret": a.cfg.AppSecret, "force_refresh": force}
		raw, err = call(ctx, http.MethodPost, apiURL(a.cfg.Base, "/cgi-bin/stable_token"), body)
	} else {
		q := url.Values{"grant_type": {"client_credential"}, "appid": {a.cfg.AppID}, "secret": {a.cfg.AppSecret}}
		raw, err = call(ctx, http.MethodGet, apiURL(a.cfg.Base, "/cgi-bin/token")+"?"+q.Encode(), nil)
	}
	observeCall(op, raw, err)
	if err != nil {
		return "", 0, fmt.Errorf("wechat %s: %w", op, err)
	}
	var res credential.ResAccessToken
	if err := json.Unmarshal(raw, &res); err != nil {
		return "", 0, fmt.Errorf("wechat %s: decode answer: %w", op, err)
	}
	if res.ErrCode != 0 || res.AccessToken == "" {
		return "", 0, &APIError{Op: op, Code: res.ErrCode, Msg: a.scrub(res.ErrMsg)}
	}
	return res.AccessToken, time.Duration(res.ExpiresIn) * time.Second, nil
}

// scrub removes the account's secret from a text WeChat sent back, should
// an answer ever echo it.
func (a *API) scrub(s string) string {
	if a.cfg.AppSecret != "" {
		s = strings.ReplaceAll(s, a.cfg.AppSecret, "***")
	}
	return s
}

// AccessToken returns the account's current access token.
func (a *API) AccessToken(ctx context.Context) (string, error) { return a.tokens.get(ctx) }
