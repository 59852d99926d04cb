package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

var secretPattern = regexp.MustCompile(`<code id="secret">([^<]+)</code>`)

// TestUsersPage manages accounts through /admin/users on both databases:
// only an admin gets in, a disabled user's session and token stop at once,
// a reset password is shown once and ends the old sessions, and a token
// issued with an expiry is refused once it has passed.
func TestUsersPage(t *testing.T) {
	for _, dialect := range modelstest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			e := newEnv(t, dialect)
			ctx := context.Background()
			// The store's clock moves on between steps, so that a credential
			// change falls after the sessions signed in before it.
			var offset atomic.Int64
			e.store.Now = func() time.Time { return testNow.Add(time.Duration(offset.Load())) }
			tick := func() { offset.Add(int64(time.Minute)) }

			street := e.login("zumiao")
			if status, _ := e.get(street, "/admin/users"); status != http.StatusForbidden {
				t.Errorf("GET /admin/users as a street user = %d, want 403", status)
			}
			sToken := e.csrf(street, "/admin/ranking")
			if status, _, _ := e.post(street, "/admin/users", url.Values{"csrf_token": {sToken}, "username": {"x1"}, "name": {"x"}, "role": {"admin"}}); status != http.StatusForbidden {
				t.Errorf("POST /admin/users as a street user = %d, want 403", status)
			}
			if _, err := e.store.UserByUsername(ctx, "x1"); models.ErrorCode(err) != models.ENOTFOUND {
				t.Errorf("a street user added a user: %v", err)
			}

			admin := e.login("admin")
			token := e.csrf(admin, "/admin/users")
			if status, _, _ := e.post(admin, "/admin/users", url.Values{"username": {"x2"}, "name": {"x"}, "role": {"admin"}}); status != http.StatusForbidden {
				t.Errorf("POST /admin/users without CSRF token = %d, want 403", status)
			}
			status, _, body := e.post(admin, "/admin/users", url.Values{"csrf_token": {token}, "username": {"chen"}, "name": {"陈五"}, "role": {"street"}, "scope": {"440604012"}})
			m := secretPattern.FindStringSubmatch(body)
			if status != http.StatusOK || m == nil {
				t.Fatalf("add user = %d, want the page with the initial password: %.500s", status, body)
			}
			chenID := mustUserID(t, e, "chen")
			status, _, body = e.post(admin, "/admin/users", url.Values{"csrf_token": {token}, "username": {"bad"}, "name": {"x"}, "role": {"street"}, "scope": {"nowhere"}})
			if status != http.StatusBadRequest || !strings.Contains(body, "数据范围「nowhere」不是有效的镇街代码") {
				t.Errorf("add user with a bad scope = %d %.300s", status, body)
			}

			// Disabling ends the street user's session and token at once.
			api := e.token("zumiao")
			zID := mustUserID(t, e, "zumiao")
			if status, _, _ := e.post(admin, fmt.Sprintf("/admin/users/%d/disable", zID), url.Values{"csrf_token": {token}}); status != http.StatusSeeOther {
				t.Errorf("disable = %d", status)
			}
			if status, loc := getStatus(e, street, "/admin/ranking"); status != http.StatusSeeOther || !strings.HasPrefix(loc, "/admin/login") {
				t.Errorf("the disabled user's session = %d %q, want sent to the login page", status, loc)
			}
			var apiErr struct {
				Error struct{ Code, Message string }
			}
			if status := e.api(api, "GET", "/api/v1/me", "", &apiErr); status != http.StatusUnauthorized || apiErr.Error.Code != "unauthorized" {
				t.Errorf("the disabled user's token = %d %+v, want 401 with the JSON error", status, apiErr)
			}
			_, body = e.get(admin, "/admin/users")
			if !strings.Contains(body, "已停用") {
				t.Errorf("users page does not show the disabled user")
			}
			if status, _, _ := e.post(admin, fmt.Sprintf("/admin/users/%d/enable", zID), url.Values{"csrf_token": {token}}); status != http.StatusSeeOther {
				t.Errorf("enable = %d", status)
			}
			adminID := mustUserID(t, e, "admin")
			if status, _, body := e.post(admin, fmt.Sprintf("/admin/users/%d/disable", adminID), url.Values{"csrf_token": {token}}); status != http.StatusBadRequest || !strings.Contains(body, "不能停用自己的账号") {
				t.Errorf("disable oneself = %d", status)
			}

			// A reset password is shown once, works, and ends old sessions.
			fire := e.login("fire")
			tick()
			fireID := mustUserID(t, e, "fire")
			_, _, body = e.post(admin, fmt.Sprintf("/admin/users/%d/password", fireID), url.Values{"csrf_token": {token}})
			m = secretPattern.FindStringSubmatch(body)
			if m == nil {
				t.Fatalf("reset password shows no one-time password: %.500s", body)
			}
			if status, _ := getStatus(e, fire, "/admin/ranking"); status != http.StatusSeeOther {
				t.Errorf("a session from before the reset = %d, want ended", status)
			}
			tick()
			if _, err := e.store.Authenticate(ctx, "fire", m[1], "192.0.2.50"); err != nil {
				t.Errorf("sign-in with the one-time password = %v", err)
			}

			// Tokens: issued with an expiry, listed, revoked.
			_, _, body = e.post(admin, fmt.Sprintf("/admin/users/%d/tokens", chenID), url.Values{"csrf_token": {token}, "label": {"对接系统"}, "expires": {"1d"}})
			m = secretPattern.FindStringSubmatch(body)
			if m == nil || !strings.HasPrefix(m[1], models.APITokenPrefix) {
				t.Fatalf("issue token shows no token: %.500s", body)
			}
			if status := e.api(m[1], "GET", "/api/v1/me", "", nil); status != http.StatusOK {
				t.Errorf("new token = %d, want 200", status)
			}
			offset.Add(int64(25 * time.Hour))
			if status := e.api(m[1], "GET", "/api/v1/me", "", &apiErr); status != http.StatusUnauthorized || apiErr.Error.Code != "unauthorized" {
				t.Errorf("expired token = %d %+v, want 401", status, apiErr)
			}
			rows, _ := e.store.ListAPITokens(ctx, 0)
			if len(rows) != 2 {
				t.Fatalf("tokens = %+v", rows)
			}
			if status, _, _ := e.post(admin, fmt.Sprintf("/admin/tokens/%d/revoke", rows[1].ID), url.Values{"csrf_token": {token}}); status != http.StatusSeeOther {
				t.Errorf("revoke = %d", status)
			}
			if status := e.api(api, "GET", "/api/v1/me", "", nil); status != http.StatusUnauthorized {
				t.Errorf("revoked token = %d, want 401", status)
			}
			_, body = e.get(admin, "/admin/users")
			for _, want := range []string{"已撤销", "对接系统", "最近登录", "长期"} {
				if !strings.Contains(body, want) {
					t.Errorf("users page lacks %q", want)
				}
			}
			var actions []string
			e.store.DB().Raw("SELECT action FROM audit_log WHERE actor = ? ORDER BY id", "admin").Scan(&actions)
			want := "user.create user.disable user.enable user.password_reset api_token.create api_token.revoke"
			if got := strings.Join(actions, " "); got != want {
				t.Errorf("audit log by admin = %q, want %q", got, want)
			}
		})
	}
}

func mustUserID(t *testing.T, e *env, username string) int64 {
	t.Helper()
	u, err := e.store.UserByUsername(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}
