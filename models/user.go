package models

import (
	"errors"
	"fmt"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
)

// Roles of dashboard users. A department user's scope is a department code,
// a street user's a street code, an inspector's its id on the roster
// (inspectors.id); an admin has no scope.
const (
	RoleAdmin      = "admin"
	RoleDepartment = "department"
	RoleStreet     = "street"
	RoleInspector  = "inspector"
)

// MinPasswordLength is the shortest password accepted for a dashboard user.
const MinPasswordLength = 10

// User is a regulator or administrator who signs in to the dashboard or calls
// the JSON API with a token.
type User struct {
	ID           int64     `json:"id"`
	Username     string    `json:"username"`
	Name         string    `json:"name"`
	PasswordHash string    `json:"-"`
	Role         string    `json:"role"`
	Scope        string    `json:"scope"`
	Disabled     bool      `json:"disabled"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	// LastLoginAt is the last successful sign-in to the dashboard.
	LastLoginAt *time.Time `json:"last_login_at,omitempty"`
	// CredentialsChangedAt is when the password was last reset or the
	// account disabled or enabled; dashboard sessions signed in earlier end.
	CredentialsChangedAt *time.Time `json:"-"`
}

// RoleLabel returns the role in Chinese.
func (u *User) RoleLabel() string {
	switch u.Role {
	case RoleAdmin:
		return "管理员"
	case RoleDepartment:
		return "部门用户"
	case RoleStreet:
		return "镇街用户"
	case RoleInspector:
		return "执法人员"
	}
	return u.Role
}

// SetPassword checks the password's length and stores its bcrypt hash.
func (u *User) SetPassword(password string) error {
	if utf8.RuneCountInString(password) < MinPasswordLength {
		return Errorf(EINVALID, "密码至少需要%d个字符", MinPasswordLength)
	}
	if len(password) > 72 {
		return Errorf(EINVALID, "密码不能超过72个字节")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), PasswordCost)
	if err != nil {
		return fmt.Errorf("hash password: %w", err)
	}
	u.PasswordHash = string(h)
	return nil
}

// CheckPassword reports whether password is the user's.
func (u *User) CheckPassword(password string) bool {
	err := bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(password))
	return err == nil
}

// PasswordCost is the bcrypt cost of new password hashes. Tests lower it to
// bcrypt.MinCost, which keeps them fast under the race detector.
var PasswordCost = bcrypt.DefaultCost

// dummyHash is compared against when a username is unknown, so that a wrong
// username costs as much time as a wrong password. It is made on first use,
// at the PasswordCost in force.
var dummyHash = sync.OnceValue(func() []byte {
	h, _ := bcrypt.GenerateFromPassword([]byte("selfcheck-no-such-user"), PasswordCost)
	return h
})

// burnPasswordCheck spends the time of one password check.
func burnPasswordCheck(password string) {
	_ = bcrypt.CompareHashAndPassword(dummyHash(), []byte(password))
}

// ValidateUser checks a new user's fields; scopeOK tells whether a scope code
// exists for the role (departments and streets come from templates).
func ValidateUser(u *User, scopeOK func(role, scope string) bool) error {
	var problems []error
	if n := utf8.RuneCountInString(u.Username); n < 2 || n > 64 {
		problems = append(problems, errors.New("用户名应为2到64个字符"))
	}
	if n := utf8.RuneCountInString(u.Name); n < 1 || n > 64 {
		problems = append(problems, errors.New("姓名应为1到64个字符"))
	}
	switch u.Role {
	case RoleAdmin:
		if u.Scope != "" {
			problems = append(problems, errors.New("管理员不设数据范围"))
		}
	case RoleDepartment, RoleStreet, RoleInspector:
		if !scopeOK(u.Role, u.Scope) {
			problems = append(problems, fmt.Errorf("数据范围「%s」不是有效的%s", u.Scope, map[string]string{RoleDepartment: "部门代码", RoleStreet: "镇街代码", RoleInspector: "执法人员编号"}[u.Role]))
		}
	default:
		problems = append(problems, errors.New("角色应为 admin、department、street 或 inspector"))
	}
	if len(problems) > 0 {
		msg := problems[0].Error()
		for _, p := range problems[1:] {
			msg += "；" + p.Error()
		}
		return Errorf(EINVALID, "%s", msg)
	}
	return nil
}
