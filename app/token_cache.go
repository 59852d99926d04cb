package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync"

	"github.com/redis/go-redis/v9"

	"selfcheck/bot"
)

// watchedTokenCache reports the shared token cache going away and coming
// back, once each, rather than once per message. While Redis is down the
// outbox waits (messages are retried with backoff) and the webhook answers
// as usual: falling back to a token of this replica's own would retire the
// token every other replica holds, and each of them would do the same.
type watchedTokenCache struct {
	bot.TokenCache
	rdb *redis.Client
	log *slog.Logger

	mu   sync.Mutex
	down bool
}

func (c *watchedTokenCache) Token(ctx context.Context) (string, error) {
	tok, err := c.TokenCache.Token(ctx)
	c.observe(ctx, err)
	return tok, err
}

func (c *watchedTokenCache) Refresh(ctx context.Context, stale string, fetch bot.TokenFetcher) (string, error) {
	tok, err := c.TokenCache.Refresh(ctx, stale, fetch)
	if err != nil {
		// A failed fetch from WeChat is not Redis's fault: judge Redis
		// alone.
		if perr := c.rdb.Ping(ctx).Err(); perr != nil {
			err = fmt.Errorf("%w (redis: %v)", err, perr)
			c.observe(ctx, perr)
			return tok, err
		}
	}
	c.observe(ctx, nil)
	return tok, err
}

func (c *watchedTokenCache) observe(ctx context.Context, err error) {
	if ctx.Err() != nil {
		return // stopping, not Redis
	}
	c.mu.Lock()
	was := c.down
	c.down = err != nil
	c.mu.Unlock()
	switch {
	case err != nil && !was:
		c.log.Error("redis unavailable: the shared WeChat access token cannot be read, so outbound messages wait and are retried; the webhook keeps answering", "err", err)
	case err == nil && was:
		c.log.Info("redis reachable again: outbound messages resume")
	}
}
