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

// TestEnsureWechatUsersCreated: created says whether the call created every
// user it was given, the webhook's sign that none of them has a chat, a
// firm or a report yet.
func TestEnsureWechatUsersCreated(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		for _, tc := range []struct {
			name    string
			openIDs []string
			want    bool
		}{
			{"all new", []string{"o-c-1", "o-c-2"}, true},
			{"one given twice", []string{"o-c-3", "o-c-3"}, true},
			{"new and known", []string{"o-c-1", "o-c-4"}, false},
			{"all known", []string{"o-c-2", "o-c-4"}, false},
			{"none", nil, false},
		} {
			ids, created, err := s.EnsureWechatUsers(ctx, tc.openIDs)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if created != tc.want {
				t.Errorf("%s: created = %v, want %v", tc.name, created, tc.want)
			}
			for _, id := range tc.openIDs {
				u, err := s.WechatUserByOpenID(ctx, id)
				if err != nil || ids[id] != u.ID {
					t.Errorf("%s: id of %s = %d, want %v (%v)", tc.name, id, ids[id], u, err)
				}
			}
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
