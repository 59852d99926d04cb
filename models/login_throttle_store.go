package models

import (
	"context"
	"fmt"
	"time"
)

// Login throttling slows password guessing without locking the real user
// out. Failures are counted per (username, address) since that pair's last
// success, and per address across usernames; past a free allowance each
// further failure doubles the wait before the next try from there, up to
// LoginMaxDelay. A user signing in from another address is not slowed by an
// attacker's failures. The counts come from login_attempts, so every replica
// sees them.
const (
	// LoginFreeFailures is how many wrong passwords a username may have from
	// one address before the waits start.
	LoginFreeFailures = 3
	// LoginFreeFailuresPerAddress is the same across all usernames tried
	// from one address within LoginAddressWindow.
	LoginFreeFailuresPerAddress = 10
	// LoginBaseDelay is the first wait; each failure after it doubles it.
	LoginBaseDelay = 5 * time.Second
	// LoginMaxDelay caps the wait.
	LoginMaxDelay = 15 * time.Minute
	// LoginPairWindow bounds how far back a pair's failures count.
	LoginPairWindow = 24 * time.Hour
	// LoginAddressWindow bounds how far back an address's failures count.
	LoginAddressWindow = time.Hour
)

// LoginDelay is the wait after failures when free of them go unpunished: 0
// up to free, then LoginBaseDelay doubling per failure, capped at
// LoginMaxDelay.
func LoginDelay(failures, free int) time.Duration {
	if failures < free {
		return 0
	}
	d := LoginBaseDelay
	for i := free; i < failures && d < LoginMaxDelay; i++ {
		d *= 2
	}
	return min(d, LoginMaxDelay)
}

// loginWait returns how long a try for username from ip must still wait; 0
// means it may go ahead.
func (s *Store) loginWait(ctx context.Context, username, ip string) (time.Duration, error) {
	db := s.db.WithContext(ctx)
	now := s.now()
	since := now.Add(-LoginPairWindow)
	var lastOK []time.Time
	if err := db.Model(&LoginAttempt{}).Where("username = ? AND ip = ? AND ok = ? AND created_at > ?", username, ip, true, since).
		Order("created_at DESC").Limit(1).Pluck("created_at", &lastOK).Error; err != nil {
		return 0, fmt.Errorf("last login of %s: %w", username, err)
	}
	if len(lastOK) > 0 {
		since = lastOK[0]
	}
	var pair []time.Time
	if err := db.Model(&LoginAttempt{}).Where("username = ? AND ip = ? AND ok = ? AND created_at > ?", username, ip, false, since).
		Order("created_at DESC").Limit(64).Pluck("created_at", &pair).Error; err != nil {
		return 0, fmt.Errorf("count login failures: %w", err)
	}
	var addr []time.Time
	if err := db.Model(&LoginAttempt{}).Where("ip = ? AND ok = ? AND created_at > ?", ip, false, now.Add(-LoginAddressWindow)).
		Order("created_at DESC").Limit(256).Pluck("created_at", &addr).Error; err != nil {
		return 0, fmt.Errorf("count login failures: %w", err)
	}
	var wait time.Duration
	for _, c := range []struct {
		fails []time.Time
		free  int
	}{{pair, LoginFreeFailures}, {addr, LoginFreeFailuresPerAddress}} {
		if d := LoginDelay(len(c.fails), c.free); d > 0 {
			wait = max(wait, c.fails[0].Add(d).Sub(now))
		}
	}
	return wait, nil
}

// LoginThrottled is the answer to a sign-in that must still wait. It is
// EFORBIDDEN with a message saying how long, in the unit a person reads;
// Wait lets the HTTP layer send Retry-After.
type LoginThrottled struct {
	Wait time.Duration
	err  *Error
}

// Error implements the error interface.
func (e *LoginThrottled) Error() string { return e.err.Error() }

// Unwrap exposes the coded error to ErrorCode and ErrorMessage.
func (e *LoginThrottled) Unwrap() error { return e.err }

func errThrottled(wait time.Duration) error {
	msg := Errorf(EFORBIDDEN, "登录尝试过于频繁，请%d分钟后再试", int((wait+time.Minute-1)/time.Minute))
	if wait < time.Minute {
		msg = Errorf(EFORBIDDEN, "登录尝试过于频繁，请%d秒后再试", int((wait+time.Second-1)/time.Second))
	}
	return &LoginThrottled{Wait: wait, err: msg}
}
