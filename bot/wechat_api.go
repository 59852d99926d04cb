package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/silenceper/wechat/v2/credential"
	"github.com/silenceper/wechat/v2/util"
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
}

// NewAPI returns a client for the account, sharing its token through cache.
func NewAPI(cfg APIConfig, cache TokenCache) *API {
	a := &API{cfg: cfg}
	a.tokens = tokens{cache: cache, fetch: a.fetchToken}
	return a
}

// WeChat error codes the bot acts on.
const (
	codeBusy              = -1
	codeInvalidCredential = 40001
	codeInvalidToken      = 40014
	codeExpiredToken      = 42001
	codeFrequencyLimit    = 45009
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
// final.
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

// closedWindow reports whether err means the customer-service window is
// closed, so the message must go as a template message.
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
	tok, err := a.tokens.get(ctx)
	if err != nil {
		return fmt.Errorf("wechat %s: %w", op, err)
	}
	for retried := false; ; retried = true {
		raw, err := util.PostJSONContext(ctx, apiURL(a.cfg.Base, path)+"?access_token="+url.QueryEscape(tok), body)
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
			return &APIError{Op: op, Code: res.ErrCode, Msg: res.ErrMsg}
		}
		if out != nil {
			if err := json.Unmarshal(raw, out); err != nil {
				return fmt.Errorf("wechat %s: decode answer: %w", op, err)
			}
		}
		return nil
	}
}

// fetchToken asks /cgi-bin/token for a new access token.
func (a *API) fetchToken(ctx context.Context) (string, time.Duration, error) {
	q := url.Values{"grant_type": {"client_credential"}, "appid": {a.cfg.AppID}, "secret": {a.cfg.AppSecret}}
	raw, err := util.HTTPGetContext(ctx, apiURL(a.cfg.Base, "/cgi-bin/token")+"?"+q.Encode())
	if err != nil {
		return "", 0, fmt.Errorf("wechat token: %w", err)
	}
	var res credential.ResAccessToken
	if err := json.Unmarshal(raw, &res); err != nil {
		return "", 0, fmt.Errorf("wechat token: decode answer: %w", err)
	}
	if res.ErrCode != 0 || res.AccessToken == "" {
		return "", 0, &APIError{Op: "token", Code: res.ErrCode, Msg: res.ErrMsg}
	}
	return res.AccessToken, time.Duration(res.ExpiresIn) * time.Second, nil
}

// AccessToken returns the account's current access token.
func (a *API) AccessToken(ctx context.Context) (string, error) { return a.tokens.get(ctx) }
