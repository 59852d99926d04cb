package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
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
// Every checked try is recorded. While the username from ip, or ip itself,
// must still wait after its failures (see LoginDelay) it answers EFORBIDDEN
// without checking the password.
func (s *Store) Authenticate(ctx context.Context, username, password, ip string) (*User, error) {
	if len(username) > 64 {
		username = username[:64]
	}
	if len(ip) > 64 {
		ip = ip[:64]
	}
	wait, err := s.loginWait(ctx, username, ip)
	if err != nil {
		return nil, err
	}
	if wait > 0 {
		return nil, errThrottled(wait)
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
	now := s.now()
	attempt := LoginAttempt{Username: username, IP: ip, OK: err == nil, CreatedAt: now}
	if aerr := s.db.WithContext(ctx).Create(&attempt).Error; aerr != nil {
		return nil, fmt.Errorf("record login attempt: %w", aerr)
	}
	if err != nil {
		return nil, err
	}
	if err := s.db.WithContext(ctx).Model(&User{}).Where("id = ?", u.ID).Update("last_login_at", now).Error; err != nil {
		return nil, fmt.Errorf("note sign-in of %s: %w", username, err)
	}
	u.LastLoginAt = &now
	return u, nil
}

// ListUsers returns every dashboard user, admins first, then by username.
func (s *Store) ListUsers(ctx context.Context) ([]User, error) {
	var out []User
	err := s.db.WithContext(ctx).Order("CASE role WHEN 'admin' THEN 0 WHEN 'department' THEN 1 ELSE 2 END, username").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return out, nil
}

// SetUserDisabled disables or enables a user. Either way the user's
// dashboard sessions end at once; a disabled user's API tokens stop
// working too. The change is audit-logged.
func (s *Store) SetUserDisabled(ctx context.Context, id int64, disabled bool, actor string) error {
	return s.Tx(ctx, func(tx *Store) error {
		u, err := tx.UserByID(ctx, id)
		if err != nil {
			return err
		}
		now := tx.now()
		err = tx.db.WithContext(ctx).Model(&User{}).Where("id = ?", id).
			Updates(map[string]any{"disabled": disabled, "credentials_changed_at": now, "updated_at": now}).Error
		if err != nil {
			return fmt.Errorf("disable user %d: %w", id, err)
		}
		action := map[bool]string{true: "user.disable", false: "user.enable"}[disabled]
		return tx.Audit(ctx, actor, action, "user", fmt.Sprint(id), map[string]any{"disabled": u.Disabled}, map[string]any{"disabled": disabled})
	})
}

// SetUserPassword stores a new password hash (see User.SetPassword) for a
// user and ends its dashboard sessions. The audit log records the reset,
// never the hash.
func (s *Store) SetUserPassword(ctx context.Context, id int64, hash, actor string) error {
	return s.Tx(ctx, func(tx *Store) error {
		if _, err := tx.UserByID(ctx, id); err != nil {
			return err
		}
		now := tx.now()
		err := tx.db.WithContext(ctx).Model(&User{}).Where("id = ?", id).
			Updates(map[string]any{"password_hash": hash, "credentials_changed_at": now, "updated_at": now}).Error
		if err != nil {
			return fmt.Errorf("reset password of user %d: %w", id, err)
		}
		return tx.Audit(ctx, actor, "user.password_reset", "user", fmt.Sprint(id), nil, nil)
	})
}
