package storetest

import (
	"context"
	"testing"
	"time"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// inboundNow is the pinned clock of the inbound store tests.
var inboundNow = time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)

// pin sets s's clock to *now, so a test can move time by moving *now.
func pin(s *models.Store, now *time.Time) {
	s.Now = func() time.Time { return *now }
}

func TestEnsureWechatUser(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		now := inboundNow
		pin(s, &now)
		u, err := s.EnsureWechatUser(ctx, "o-user-1")
		if err != nil {
			t.Fatal(err)
		}
		if u.ID == 0 || u.OpenID != "o-user-1" || !u.Subscribed || u.LastInboundAt != nil {
			t.Errorf("EnsureWechatUser = %+v, want a new subscribed user", u)
		}
		again, err := s.EnsureWechatUser(ctx, "o-user-1")
		if err != nil {
			t.Fatal(err)
		}
		if again.ID != u.ID {
			t.Errorf("second EnsureWechatUser id = %d, want %d", again.ID, u.ID)
		}
		if _, err := s.EnsureWechatUser(ctx, ""); models.ErrorCode(err) != models.EINVALID {
			t.Errorf("EnsureWechatUser(\"\") = %v, want EINVALID", err)
		}
		if _, err := s.WechatUserByOpenID(ctx, "o-nobody"); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("WechatUserByOpenID(unknown) = %v, want ENOTFOUND", err)
		}
	})
}

func TestTouchWechatUser(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		now := inboundNow
		pin(s, &now)
		u, err := s.EnsureWechatUser(ctx, "o-touch")
		if err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Hour)
		if err := s.TouchWechatUser(ctx, u.ID, false); err != nil {
			t.Fatal(err)
		}
		if err := s.SetWechatUserArea(ctx, u.ID, "440604012", "440604012001"); err != nil {
			t.Fatal(err)
		}
		got, err := s.WechatUserByOpenID(ctx, "o-touch")
		if err != nil {
			t.Fatal(err)
		}
		if got.Subscribed || got.LastInboundAt == nil || !got.LastInboundAt.Equal(now) {
			t.Errorf("after touch: subscribed %v, last inbound %v; want false, %v", got.Subscribed, got.LastInboundAt, now)
		}
		if got.StreetCode != "440604012" || got.CommunityCode != "440604012001" {
			t.Errorf("area = %s/%s, want 440604012/440604012001", got.StreetCode, got.CommunityCode)
		}
	})
}
