package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// redisCache is the TokenCache shared by every replica through Redis: the
// token under one key per account, and a lock key so that one replica
// fetches while the others wait for its token.
type redisCache struct {
	rdb  *redis.Client
	key  string
	lock string
	// lockTTL bounds a fetch: a replica that dies holding the lock delays
	// the others by at most this.
	lockTTL time.Duration
	// poll is how often a waiting replica looks for the new token.
	poll time.Duration
}

var _ TokenCache = (*redisCache)(nil)

// NewRedisTokenCache returns a TokenCache in Redis for the account appID.
func NewRedisTokenCache(rdb *redis.Client, appID string) TokenCache {
	key := "selfcheck:wechat:access_token:" + appID
	return &redisCache{rdb: rdb, key: key, lock: key + ":refresh", lockTTL: 2 * CallTimeout, poll: 20 * time.Millisecond}
}

// Token returns the shared token; Redis expires it.
func (c *redisCache) Token(ctx context.Context) (string, error) {
	tok, err := c.rdb.Get(ctx, c.key).Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("get access token from redis: %w", err)
	}
	return tok, nil
}

// unlockScript deletes the lock only if this replica still holds it.
var unlockScript = redis.NewScript(`if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end return 0`)

// Refresh takes the lock (SET NX with a TTL), checks again whether another
// replica refreshed meanwhile, fetches and stores the token; a replica that
// finds the lock taken polls until the token changes or the lock goes.
func (c *redisCache) Refresh(ctx context.Context, stale string, fetch TokenFetcher) (string, error) {
	owner := make([]byte, 12)
	rand.Read(owner)
	me := hex.EncodeToString(owner)
	for {
		tok, err := c.Token(ctx)
		if err != nil {
			return "", err
		}
		if tok != "" && tok != stale {
			return tok, nil
		}
		ok, err := c.rdb.SetNX(ctx, c.lock, me, c.lockTTL).Result()
		if err != nil {
			return "", fmt.Errorf("lock access token refresh: %w", err)
		}
		if ok {
			return c.fetchLocked(ctx, stale, me, fetch)
		}
		select {
		case <-ctx.Done():
			return "", fmt.Errorf("wait for access token refresh: %w", ctx.Err())
		case <-time.After(c.poll):
		}
	}
}

func (c *redisCache) fetchLocked(ctx context.Context, stale, me string, fetch TokenFetcher) (string, error) {
	defer unlockScript.Run(context.WithoutCancel(ctx), c.rdb, []string{c.lock}, me)
	// Another replica may have stored a token between our read and the lock.
	if tok, err := c.Token(ctx); err != nil || (tok != "" && tok != stale) {
		return tok, err
	}
	tok, ttl, err := fetch(ctx)
	if err != nil {
		return "", err
	}
	if err := c.rdb.Set(ctx, c.key, tok, cacheTTL(ttl)).Err(); err != nil {
		return "", fmt.Errorf("store access token in redis: %w", err)
	}
	return tok, nil
}
