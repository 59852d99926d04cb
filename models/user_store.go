package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Login throttling: a username gets MaxLoginFailures wrong passwords and an
// address MaxLoginFailuresPerIP within LoginFailureWindow.
const (
	MaxLoginFailures      = 5
	MaxLoginFailuresPerIP = 20
	LoginFailureWindow    = 15 * time.Minute
)

// LoginAttempt is one try to sign in to the dashboard.
type LoginAttempt struct {
	ID        int64
	Username  string
	IP        string `gorm:"column:ip"`
	OK        bool   `gorm:"column:ok"`
	CreatedAt time.Time
}

// CreateUser adds a user and records it in the audit log in one transaction.
// The password hash must be set. A taken username is ECONFLICT.
func (s *Store) CreateUser(ctx context.Context, u *User, actor string) error {
	return s.Tx(ctx, func(tx *Store) error {
		now := tx.now()
		u.ID, u.CreatedAt, u.UpdatedAt = 0, now, now
		if err := tx.db.WithContext(ctx).Create(u).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return Errorf(ECONFLICT, "用户名「%s」已被使用", u.Username)
			}
			return fmt.Errorf("create user %s: %w", u.Username, err)
		}
		return tx.Audit(ctx, actor, "user.create", "user", fmt.Sprint(u.ID), nil, u)
	})
}

// UserByID returns the user with the given id.
func (s *Store) UserByID(ctx context.Context, id int64) (*User, error) {
	var u User
	err := s.db.WithContext(ctx).Take(&u, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, Errorf(ENOTFOUND, "未找到该用户")
	} else if err != nil {
		return nil, fmt.Errorf("user %d: %w", id, err)
	}
	return &u, nil
}

// UserByUsername returns the user with the given username.
func (s *Store) UserByUsername(ctx context.Context, username string) (*User, error) {
	var u User
	err := s.db.WithContext(ctx).Where("username = ?", username).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, Errorf(ENOTFOUND, "未找到用户「%s」", username)
	} else if err != nil {
		return nil, fmt.Errorf("user %s: %w", username, err)
	}
	return &u, nil
}

// CountUsers returns the number of dashboard users.
func (s *Store) CountUsers(ctx context.Context) (int64, error) {
	var n int64
	if err := s.db.WithContext(ctx).Model(&User{}).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}

// errBadLogin is the one answer to a wrong username or password, so that a
// login form does not reveal which usernames exist.
var errBadLogin = Errorf(EINVALID, "用户名或密码不正确")

// Authenticate checks a username and password from the login form of ip.
// Every try is recorded; after too many failures for the username or the
// address within LoginFailureWindow it answers EFORBIDDEN without checking.
func (s *Store) Authenticate(ctx context.Context, username, password, ip string) (*User, error) {
	db := s.db.WithContext(ctx)
	since := s.now().Add(-LoginFailureWindow)
	var byUser, byIP int64
	if err := db.Model(&LoginAttempt{}).Where("username = ? AND ok = ? AND created_at > ?", username, false, since).Count(&byUser).Error; err != nil {
		return nil, fmt.Errorf("count login failures: %w", err)
	}
	if err := db.Model(&LoginAttempt{}).Where("ip = ? AND ok = ? AND created_at > ?", ip, false, since).Count(&byIP).Error; err != nil {
		return nil, fmt.Errorf("count login failures: %w", err)
	}
	if byUser >= MaxLoginFailures || byIP >= MaxLoginFailuresPerIP {
		return nil, Errorf(EFORBIDDEN, "登录失败次数过多，请%d分钟后再试", int(LoginFailureWindow/time.Minute))
	}
	u, err := s.UserByUsername(ctx, username)
	switch {
	case ErrorCode(err) == ENOTFOUND:
		burnPasswordCheck(password)
		err = errBadLogin
	case err != nil:
		return nil, err
	case !u.CheckPassword(password):
		err = errBadLogin
	case u.Disabled:
		err = Errorf(EFORBIDDEN, "该账号已停用")
	}
	if len(username) > 64 {
		username = username[:64]
	}
	if len(ip) > 64 {
		ip = ip[:64]
	}
	attempt := LoginAttempt{Username: username, IP: ip, OK: err == nil, CreatedAt: s.now()}
	if aerr := db.Create(&attempt).Error; aerr != nil {
		return nil, fmt.Errorf("record login attempt: %w", aerr)
	}
	if err != nil {
		return nil, err
	}
	return u, nil
}
