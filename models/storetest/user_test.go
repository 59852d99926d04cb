package storetest

import (
	"context"
	"testing"
	"time"

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
		for i := 0; i < models.MaxLoginFailures; i++ {
			s.Authenticate(ctx, "li", "wrong-password", "10.0.0.2")
		}
		if _, err := s.Authenticate(ctx, "li", "a-long-enough-pw", "10.0.0.3"); models.ErrorCode(err) != models.EFORBIDDEN {
			t.Errorf("Authenticate after %d failures = %v, want EFORBIDDEN", models.MaxLoginFailures, err)
		}
		now = now.Add(models.LoginFailureWindow + time.Second)
		if _, err := s.Authenticate(ctx, "li", "a-long-enough-pw", "10.0.0.3"); err != nil {
			t.Errorf("Authenticate after the window = %v", err)
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
