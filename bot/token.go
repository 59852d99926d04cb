package bot

import (
	"context"
	"time"
)

// TokenCache holds the account's access token. WeChat issues one token at a
// time per account: fetching a new one retires the old after a short grace,
// so every replica must share one cache, and a refresh by one is seen by
// all. Two implementations: in process (one replica) and Redis.
type TokenCache interface {
	// Token returns the cached token, or "" when there is none or it has
	// expired.
	Token(ctx context.Context) (string, error)
	// Refresh returns a usable token: the cached one if it is set, unexpired
	// and not stale (the token the caller saw rejected), else a new one from
	// fetch, stored for its lifetime less TokenMargin. Concurrent refreshes,
	// across replicas for a shared cache, call fetch once.
	Refresh(ctx context.Context, stale string, fetch TokenFetcher) (string, error)
}

// TokenFetcher asks WeChat for a new access token and its lifetime.
type TokenFetcher func(ctx context.Context) (token string, ttl time.Duration, err error)

// TokenMargin is taken off a token's lifetime, so that it is refreshed before
// WeChat expires it.
const TokenMargin = 5 * time.Minute

// cacheTTL is how long to keep a token WeChat says lives ttl.
func cacheTTL(ttl time.Duration) time.Duration {
	if ttl > 2*TokenMargin {
		return ttl - TokenMargin
	}
	return ttl / 2
}

// tokens gives the API its token and refreshes it when WeChat rejects it.
type tokens struct {
	cache TokenCache
	fetch TokenFetcher
	// force fetches a new token after WeChat refused the cached one; nil
	// means fetch. The stable token endpoint needs force_refresh then, or
	// it hands back the refused token.
	force TokenFetcher
}

// get returns the current token, fetching the first one.
func (t *tokens) get(ctx context.Context) (string, error) {
	tok, err := t.cache.Token(ctx)
	if err != nil || tok != "" {
		return tok, err
	}
	return t.cache.Refresh(ctx, "", t.fetch)
}

// rejected drops bad, the token WeChat just refused (40001, 42001), and
// returns a fresh one; if another caller or replica refreshed already, that
// token is used.
func (t *tokens) rejected(ctx context.Context, bad string) (string, error) {
	fetch := t.fetch
	if t.force != nil {
		fetch = t.force
	}
	return t.cache.Refresh(ctx, bad, fetch)
}
