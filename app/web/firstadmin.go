package web

import (
	"context"
	"crypto/rand"
	"fmt"

	"selfcheck/models"
)

// FirstAdminUsername is the username of the admin EnsureFirstAdmin creates.
const FirstAdminUsername = "admin"

// passwordAlphabet avoids look-alike characters, since the password is read
// off a terminal.
const passwordAlphabet = "23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"

// EnsureFirstAdmin creates the admin account with a random password when the
// database has no user yet, and returns its username and password so the
// caller can print them once; created is false (and the password empty) when
// users exist already.
func EnsureFirstAdmin(ctx context.Context, store *models.Store) (username, password string, created bool, err error) {
	n, err := store.CountUsers(ctx)
	if err != nil || n > 0 {
		return "", "", false, err
	}
	password = RandomPassword(16)
	u := &models.User{Username: FirstAdminUsername, Name: "系统管理员", Role: models.RoleAdmin}
	if err := u.SetPassword(password); err != nil {
		return "", "", false, err
	}
	if err := store.CreateUser(ctx, u, "system"); err != nil {
		if models.ErrorCode(err) == models.ECONFLICT {
			// Another replica created it first.
			return "", "", false, nil
		}
		return "", "", false, fmt.Errorf("create first admin: %w", err)
	}
	return u.Username, password, true, nil
}

// ResetHint tells an operator, in the start-up banner, how to set a new
// password for username when the one shown at the first start is lost.
func ResetHint(username string) string {
	return fmt.Sprintf("lost the password? `./selfcheck user passwd %s` sets a new one (run it with the same DATABASE_URL or DATA_DIR; it reads the password from the terminal or stdin)", username)
}

// RandomPassword returns n characters from passwordAlphabet.
func RandomPassword(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		b[i] = passwordAlphabet[int(b[i])%len(passwordAlphabet)]
	}
	return string(b)
}
