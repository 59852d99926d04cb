package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// errTooLarge marks a media file over the size limit.
var errTooLarge = &APIError{Op: "media get", Code: -2, Msg: "file too large"}

// media downloads a temporary media file (a photo sent in the chat) through
// /cgi-bin/media/get, reading at most max bytes. It goes through the SDK's
// HTTP client, since the SDK's own getter neither bounds the size nor
// returns the type.
func (a *API) media(ctx context.Context, mediaID string, max int64) ([]byte, error) {
	tok, err := a.tokens.get(ctx)
	if err != nil {
		return nil, fmt.Errorf("wechat media get: %w", err)
	}
	for retried := false; ; retried = true {
		q := url.Values{"access_token": {tok}, "media_id": {mediaID}}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, apiURL(a.cfg.Base, "/cgi-bin/media/get")+"?"+q.Encode(), nil)
		if err != nil {
			return nil, fmt.Errorf("wechat media get: %w", Redact(err))
		}
		resp, err := do(req)
		if err != nil {
			return nil, fmt.Errorf("wechat media get: %w", err)
		}
		data, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
		resp.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("wechat media get: read: %w", Redact(err))
		}
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("wechat media get: http status %d", resp.StatusCode)
		}
		ct := resp.Header.Get("Content-Type")
		if strings.HasPrefix(ct, "application/json") || strings.HasPrefix(ct, "text/plain") || bytes.HasPrefix(data, []byte(`{"errcode"`)) {
			var res apiResult
			if err := json.Unmarshal(data, &res); err != nil {
				return nil, fmt.Errorf("wechat media get: decode answer: %w", err)
			}
			if tokenRejected(res.ErrCode) && !retried {
				if tok, err = a.tokens.rejected(ctx, tok); err != nil {
					return nil, fmt.Errorf("wechat media get: %w", err)
				}
				continue
			}
			return nil, &APIError{Op: "media get", Code: res.ErrCode, Msg: a.scrub(res.ErrMsg)}
		}
		if int64(len(data)) > max {
			return nil, errTooLarge
		}
		return data, nil
	}
}
