package bot

import (
	"context"
	"sync"
	"time"
)

// memoryCache is the in-process TokenCache, for a single replica (REDIS_URL
// unset).
type memoryCache struct {
	mu      sync.Mutex
	token   string
	expires time.Time
	now     func() time.Time
}

var _ TokenCache = (*memoryCache)(nil)

// NewMemoryTokenCache returns a mutex-guarded in-process TokenCache.
func NewMemoryTokenCache() TokenCache { return &memoryCache{now: time.Now} }

// Token returns the cached token if it has not expired.
func (c *memoryCache) Token(ctx context.Context) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.token == "" || !c.now().Before(c.expires) {
		return "", nil
	}
	return c.token, nil
}

// Refresh holds the lock while fetching, so concurrent refreshes fetch once.
func (c *memoryCache) Refresh(ctx context.Context, stale string, fetch TokenFetcher) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.token != "" && c.token != stale && c.now().Before(c.expires) {
		return c.token, nil
	}
	tok, ttl, err := fetch(ctx)
	if err != nil {
		return "", err
	}
	c.token, c.expires = tok, c.now().Add(cacheTTL(ttl))
	return tok, nil
}
