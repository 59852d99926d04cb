package web_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"selfcheck/app/web"
	"selfcheck/models"
	"selfcheck/models/modelstest"
)

func TestLogin(t *testing.T) {
	for _, dialect := range modelstest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			e := newEnv(t, dialect)
			c := e.client()
			if status, loc, _ := e.post(c, "/admin/login", url.Values{"username": {"admin"}, "password": {testPassword}}); status != http.StatusForbidden || loc != "" {
				t.Errorf("login without CSRF token = %d %q, want 403", status, loc)
			}
			token := e.csrf(c, "/admin/login")
			status, _, body := e.post(c, "/admin/login", url.Values{"csrf_token": {token}, "username": {"admin"}, "password": {"wrong-password"}})
			if status != http.StatusBadRequest || !strings.Contains(body, "用户名或密码不正确") || !strings.Contains(body, `value="admin"`) {
				t.Errorf("wrong password = %d, want 400 with the message and the username kept: %.300s", status, body)
			}
			status, _, body = e.post(c, "/admin/login", url.Values{"csrf_token": {token}, "username": {""}, "password": {""}})
			if status != http.StatusBadRequest || !strings.Contains(body, "用户名为必填字段") {
				t.Errorf("empty form = %d, want 400 with field errors: %.300s", status, body)
			}
			if status, loc := getStatus(e, c, "/admin/ranking"); status != http.StatusSeeOther || !strings.HasPrefix(loc, "/admin/login") {
				t.Errorf("ranking before login = %d %q, want a redirect to the login page", status, loc)
			}
			c = e.login("admin")
			if status, _ := e.get(c, "/admin/ranking"); status != http.StatusOK {
				t.Errorf("ranking after login = %d, want 200", status)
			}
			token = e.csrf(c, "/admin/ranking")
			if status, loc, _ := e.post(c, "/admin/logout", url.Values{"csrf_token": {token}}); status != http.StatusSeeOther || loc != "/admin/login" {
				t.Errorf("logout = %d %q", status, loc)
			}
			if status, _ := getStatus(e, c, "/admin/ranking"); status != http.StatusSeeOther {
				t.Errorf("ranking after logout = %d, want a redirect", status)
			}
		})
	}
}

// TestLoginThrottle guesses the admin's password from one address behind
// the proxy while the admin signs in from another.
func TestLoginThrottle(t *testing.T) {
	for _, dialect := range modelstest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			e := newEnv(t, dialect)
			attacker, admin := e.client(), e.client()
			aToken, uToken := e.csrf(attacker, "/admin/login"), e.csrf(admin, "/admin/login")
			from := func(c *http.Client, ip, token, password string) (int, string) {
				form := url.Values{"csrf_token": {token}, "username": {"admin"}, "password": {password}}
				req, _ := http.NewRequest("POST", e.srv.URL+"/admin/login", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("X-Forwarded-For", ip)
				resp, err := c.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				b, _ := io.ReadAll(resp.Body)
				if resp.StatusCode == http.StatusTooManyRequests && resp.Header.Get("Retry-After") != "5" {
					t.Errorf("Retry-After = %q, want 5", resp.Header.Get("Retry-After"))
				}
				return resp.StatusCode, string(b)
			}
			for range models.LoginFreeFailures {
				from(attacker, "203.0.113.9", aToken, "nope-nope-nope")
			}
			status, body := from(attacker, "203.0.113.9", aToken, testPassword)
			if status != http.StatusTooManyRequests || !strings.Contains(body, "登录尝试过于频繁，请5秒后再试") {
				t.Errorf("login from the attacker's address after %d failures = %d, want 429 throttled: %.300s", models.LoginFreeFailures, status, body)
			}
			if status, _ := from(admin, "198.51.100.7", uToken, testPassword); status != http.StatusSeeOther {
				t.Errorf("the admin from another address = %d, want signed in (303)", status)
			}
		})
	}
}

func TestSessionCookie(t *testing.T) {
	e := newEnv(t, "sqlite")
	resp, err := http.Get(e.srv.URL + "/admin/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	ck := resp.Header.Get("Set-Cookie")
	for _, want := range []string{"selfcheck_session=", "HttpOnly", "SameSite=Lax", "Path=/admin"} {
		if !strings.Contains(ck, want) {
			t.Errorf("Set-Cookie %q lacks %q", ck, want)
		}
	}
}

func TestAPIToken(t *testing.T) {
	e := newEnv(t, "sqlite")
	var body struct {
		Error struct{ Code, Message string }
	}
	if status := e.api("", "GET", "/api/v1/me", "", &body); status != http.StatusUnauthorized || body.Error.Code != "unauthorized" {
		t.Errorf("GET /api/v1/me without token = %d %+v, want 401 unauthorized", status, body)
	}
	if status := e.api("sc_bogus", "GET", "/api/v1/me", "", &body); status != http.StatusUnauthorized {
		t.Errorf("GET /api/v1/me with a bad token = %d, want 401", status)
	}
	var me web.MeResponse
	if status := e.api(e.token("zumiao"), "GET", "/api/v1/me", "", &me); status != http.StatusOK || me.User.Username != "zumiao" || me.User.Role.Code != "street" {
		t.Errorf("GET /api/v1/me = %d %+v", status, me)
	}
}

// getStatus fetches path and returns the status and Location.
func getStatus(e *env, c *http.Client, path string) (int, string) {
	resp, err := c.Get(e.srv.URL + path)
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Location")
}
