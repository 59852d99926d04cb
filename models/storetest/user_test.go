package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

func TestUsersAndTokens(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		u := &models.User{Username: "li", Name: "李四", Role: models.RoleStreet, Scope: "440604012"}
		if err := u.SetPassword("short"); models.ErrorCode(err) != models.EINVALID {
			t.Errorf("SetPassword(short) = %v, want EINVALID", err)
		}
		if err := u.SetPassword("a-long-enough-pw"); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateUser(ctx, u, "test"); err != nil {
			t.Fatal(err)
		}
		dup := *u
		if err := s.CreateUser(ctx, &dup, "test"); models.ErrorCode(err) != models.ECONFLICT {
			t.Errorf("CreateUser(duplicate) = %v, want ECONFLICT", err)
		}
		if log, _ := s.AuditLog(ctx, "user", "1", 5); len(log) != 1 || log[0].Action != "user.create" {
			t.Errorf("audit log of the user = %+v", log)
		}
		if _, err := s.Authenticate(ctx, "nobody", "whatever-pw", "10.0.0.1"); models.ErrorMessage(err) != "用户名或密码不正确" {
			t.Errorf("Authenticate(unknown) = %v", err)
		}
		got, err := s.Authenticate(ctx, "li", "a-long-enough-pw", "10.0.0.1")
		if err != nil || got.ID != u.ID {
			t.Fatalf("Authenticate = %+v, %v", got, err)
		}
		if got.LastLoginAt == nil || !got.LastLoginAt.Equal(now) {
			t.Errorf("LastLoginAt = %v, want %v", got.LastLoginAt, now)
		}

		token, err := s.CreateAPIToken(ctx, u.ID, "12345", "test")
		if err != nil {
			t.Fatal(err)
		}
		if got, err := s.UserByAPIToken(ctx, token); err != nil || got.Username != "li" {
			t.Errorf("UserByAPIToken = %+v, %v", got, err)
		}
		if _, err := s.UserByAPIToken(ctx, token+"x"); models.ErrorCode(err) != models.EFORBIDDEN {
			t.Errorf("UserByAPIToken(wrong) = %v, want EFORBIDDEN", err)
		}
		var stored int64
		s.DB().Raw("SELECT COUNT(*) FROM api_tokens WHERE token_hash = ?", token).Scan(&stored)
		if stored != 0 {
			t.Errorf("the token itself is stored")
		}
	})
}

// TestLoginThrottle runs an attacker at one address and the real user at
// another on an injected clock.
func TestLoginThrottle(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		u := &models.User{Username: "li", Name: "李四", Role: models.RoleAdmin}
		if err := u.SetPassword("a-long-enough-pw"); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateUser(ctx, u, "test"); err != nil {
			t.Fatal(err)
		}
		const attacker, office = "203.0.113.9", "198.51.100.7"
		try := func(ip, pw string) string {
			now = now.Add(time.Millisecond)
			_, err := s.Authenticate(ctx, "li", pw, ip)
			return models.ErrorMessage(err)
		}
		for i := range models.LoginFreeFailures {
			if got := try(attacker, "wrong-password"); got != "用户名或密码不正确" {
				t.Fatalf("failure %d = %q, want a plain wrong password", i+1, got)
			}
		}
		if got := try(attacker, "a-long-enough-pw"); got != "登录尝试过于频繁，请5秒后再试" {
			t.Errorf("right password from the attacker's address after %d failures = %q, want a 5 s wait", models.LoginFreeFailures, got)
		}
		if got := try(office, "a-long-enough-pw"); got != "" {
			t.Errorf("the real user from another address = %q, want signed in", got)
		}
		// Each further failure doubles the wait: 5 s, 10 s, 20 s ...
		wait := models.LoginBaseDelay
		for i := range 4 {
			now = now.Add(wait)
			if got := try(attacker, "wrong-password"); got != "用户名或密码不正确" {
				t.Fatalf("failure %d after waiting %s = %q, want checked", models.LoginFreeFailures+i+1, wait, got)
			}
			wait *= 2
			now = now.Add(wait / 2)
			if got := try(attacker, "wrong-password"); got == "用户名或密码不正确" {
				t.Errorf("a try %s after failure %d was checked, want a wait of %s", wait/2, models.LoginFreeFailures+i+1, wait)
			}
			now = now.Add(-wait / 2)
		}
		if got, want := models.LoginDelay(100, models.LoginFreeFailures), models.LoginMaxDelay; got != want {
			t.Errorf("LoginDelay(100) = %s, want the cap %s", got, want)
		}
		// Many usernames from one address slow that address down.
		for i := range models.LoginFreeFailuresPerAddress {
			now = now.Add(time.Millisecond)
			s.Authenticate(ctx, fmt.Sprintf("guess%d", i), "wrong-password", "192.0.2.1")
		}
		now = now.Add(time.Millisecond)
		if _, err := s.Authenticate(ctx, "li", "a-long-enough-pw", "192.0.2.1"); models.ErrorCode(err) != models.EFORBIDDEN {
			t.Errorf("sign-in from an address that tried %d usernames = %v, want throttled", models.LoginFreeFailuresPerAddress, err)
		}
		now = now.Add(models.LoginAddressWindow)
		if _, err := s.Authenticate(ctx, "li", "a-long-enough-pw", "192.0.2.1"); err != nil {
			t.Errorf("sign-in an hour later = %v", err)
		}
	})
}

// TestAccountLifecycle disables, enables and resets a user and expires and
// revokes its tokens.
func TestAccountLifecycle(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		u := &models.User{Username: "li", Name: "李四", Role: models.RoleStreet, Scope: "440604012"}
		if err := u.SetPassword("a-long-enough-pw"); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateUser(ctx, u, "test"); err != nil {
			t.Fatal(err)
		}
		forever, err := s.CreateAPIToken(ctx, u.ID, "forever", "test")
		if err != nil {
			t.Fatal(err)
		}
		day := now.Add(24 * time.Hour)
		short, err := s.IssueAPIToken(ctx, u.ID, "short", &day, "test")
		if err != nil {
			t.Fatal(err)
		}
		past := now.Add(-time.Second)
		if _, err := s.IssueAPIToken(ctx, u.ID, "past", &past, "test"); models.ErrorCode(err) != models.EINVALID {
			t.Errorf("IssueAPIToken(expired) = %v, want EINVALID", err)
		}
		if _, err := s.IssueAPIToken(ctx, 999, "nobody", nil, "test"); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("IssueAPIToken(unknown user) = %v, want ENOTFOUND", err)
		}
		if _, err := s.UserByAPIToken(ctx, short); err != nil {
			t.Errorf("UserByAPIToken(short) before expiry = %v", err)
		}
		now = day
		if _, err := s.UserByAPIToken(ctx, short); models.ErrorCode(err) != models.EFORBIDDEN {
			t.Errorf("UserByAPIToken(short) at expiry = %v, want EFORBIDDEN", err)
		}
		rows, err := s.ListAPITokens(ctx, 0)
		if err != nil || len(rows) != 2 || rows[0].Username != "li" || rows[0].ExpiresAt == nil || !rows[0].ExpiresAt.Equal(day) {
			t.Fatalf("ListAPITokens = %+v, %v", rows, err)
		}
		if err := s.RevokeAPIToken(ctx, rows[1].ID, "admin"); err != nil {
			t.Fatal(err)
		}
		if err := s.RevokeAPIToken(ctx, rows[1].ID, "admin"); err != nil {
			t.Errorf("second revoke = %v, want nil", err)
		}
		if err := s.RevokeAPIToken(ctx, 999, "admin"); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("RevokeAPIToken(unknown) = %v", err)
		}
		if _, err := s.UserByAPIToken(ctx, forever); models.ErrorCode(err) != models.EFORBIDDEN {
			t.Errorf("UserByAPIToken(revoked) = %v, want EFORBIDDEN", err)
		}
		if log, _ := s.AuditLog(ctx, "api_token", fmt.Sprint(rows[1].ID), 5); len(log) != 2 || log[0].Action != "api_token.revoke" {
			t.Errorf("audit log of the token = %+v", log)
		}

		live, _ := s.CreateAPIToken(ctx, u.ID, "live", "test")
		if err := s.SetUserDisabled(ctx, u.ID, true, "admin"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UserByAPIToken(ctx, live); models.ErrorCode(err) != models.EFORBIDDEN {
			t.Errorf("token of a disabled user = %v, want EFORBIDDEN", err)
		}
		if _, err := s.Authenticate(ctx, "li", "a-long-enough-pw", "10.0.0.1"); models.ErrorMessage(err) != "该账号已停用" {
			t.Errorf("sign-in of a disabled user = %v", err)
		}
		if err := s.SetUserDisabled(ctx, u.ID, false, "admin"); err != nil {
			t.Fatal(err)
		}
		nu := *u
		if err := nu.SetPassword("another-long-pw"); err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Minute)
		if err := s.SetUserPassword(ctx, u.ID, nu.PasswordHash, "cli"); err != nil {
			t.Fatal(err)
		}
		got, err := s.Authenticate(ctx, "li", "another-long-pw", "10.0.0.1")
		if err != nil || got.CredentialsChangedAt == nil || !got.CredentialsChangedAt.Equal(now) {
			t.Errorf("Authenticate with the new password = %+v, %v", got, err)
		}
		var actions []string
		for _, e := range mustAudit(t, s, "user", fmt.Sprint(u.ID)) {
			actions = append(actions, e.Action)
		}
		if diff := cmp.Diff([]string{"user.password_reset", "user.enable", "user.disable", "user.create"}, actions); diff != "" {
			t.Errorf("audit of the user (-want +got):\n%s", diff)
		}
		users, err := s.ListUsers(ctx)
		if err != nil || len(users) != 1 || users[0].LastLoginAt == nil {
			t.Errorf("ListUsers = %+v, %v", users, err)
		}
	})
}

func mustAudit(t *testing.T, s *models.Store, typ, id string) []models.AuditEntry {
	t.Helper()
	log, err := s.AuditLog(context.Background(), typ, id, 20)
	if err != nil {
		t.Fatal(err)
	}
	return log
}

func TestSessions(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		now := time.Now()
		if err := s.SessionCommit(ctx, "tok", []byte{0, 1, 2}, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.SessionCommit(ctx, "tok", []byte{3}, now.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if b, ok, err := s.SessionFind(ctx, "tok", now); err != nil || !ok || string(b) != "\x03" {
			t.Errorf("SessionFind = %v %v %v", b, ok, err)
		}
		if _, ok, _ := s.SessionFind(ctx, "tok", now.Add(3*time.Hour)); ok {
			t.Errorf("an expired session was found")
		}
		if err := s.SessionPurge(ctx, now.Add(3*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := s.SessionFind(ctx, "tok", now); ok {
			t.Errorf("a purged session was found")
		}
	})
}

func TestValidateUser(t *testing.T) {
	ok := func(role, scope string) bool { return scope == "good" }
	tests := []struct {
		name string
		u    models.User
		want string
	}{
		{"OK", models.User{Username: "ab", Name: "甲", Role: models.RoleDepartment, Scope: "good"}, ""},
		{"OKAdmin", models.User{Username: "ab", Name: "甲", Role: models.RoleAdmin}, ""},
		{"ErrScope", models.User{Username: "ab", Name: "甲", Role: models.RoleStreet, Scope: "bad"}, "数据范围「bad」不是有效的镇街代码"},
		{"ErrRole", models.User{Username: "ab", Name: "甲", Role: "root"}, "角色应为 admin、department、street 或 inspector"},
		{"ErrAdminScope", models.User{Username: "a", Name: "甲", Role: models.RoleAdmin, Scope: "x"}, "用户名应为2到64个字符；管理员不设数据范围"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := models.ErrorMessage(models.ValidateUser(&tc.u, ok)); got != tc.want {
				t.Errorf("ValidateUser = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestParseTokenExpiry(t *testing.T) {
	now := time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)
	cst := time.FixedZone("CST", 8*3600)
	tests := []struct {
		name, in string
		want     *time.Time
		err      string
	}{
		{"OKNever", "", nil, ""},
		{"OKDays", "90d", timePtr(now.Add(90 * 24 * time.Hour)), ""},
		{"OKHours", "12h", timePtr(now.Add(12 * time.Hour)), ""},
		{"OKDate", "2027-06-30", timePtr(time.Date(2027, 7, 1, 0, 0, 0, 0, cst)), ""},
		{"ErrPastDate", "2026-01-01", nil, "有效期应晚于当前时间"},
		{"ErrZeroDays", "0d", nil, "有效期「0d」应为天数（如 90d）、小时数（如 12h）或日期（如 2027-06-30）"},
		{"ErrWords", "soon", nil, "有效期「soon」应为天数（如 90d）、小时数（如 12h）或日期（如 2027-06-30）"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := models.ParseTokenExpiry(tc.in, now, cst)
			if models.ErrorMessage(err) != tc.err {
				t.Fatalf("ParseTokenExpiry(%q) error = %v, want %q", tc.in, err, tc.err)
			}
			if (got == nil) != (tc.want == nil) || (got != nil && !got.Equal(*tc.want)) {
				t.Errorf("ParseTokenExpiry(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func timePtr(t time.Time) *time.Time { return &t }
