package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// redeem runs RedeemBindCode in a transaction, as the bot does.
func redeem(t *testing.T, s *models.Store, u *models.WechatUser, uscc, code string) (*models.Enterprise, error) {
	t.Helper()
	var e *models.Enterprise
	var rerr error
	err := s.Tx(context.Background(), func(tx *models.Store) error {
		e, rerr = tx.RedeemBindCode(context.Background(), u, uscc, code)
		return nil // the attempt is recorded even when the redeem fails
	})
	if err != nil {
		t.Fatal(err)
	}
	return e, rerr
}

func TestRedeemBindCode(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		now := inboundNow
		pin(s, &now)
		firm := modelstest.Enterprise(t, s, nil)
		other := modelstest.Enterprise(t, s, nil)
		user := func(openID string) *models.WechatUser {
			u, err := s.EnsureWechatUser(ctx, openID)
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		code := func(firm int64, ttl time.Duration) string {
			c, err := s.CreateBindCode(ctx, firm, ttl, "test")
			if err != nil {
				t.Fatal(err)
			}
			if len(c) != models.BindCodeLength || strings.ContainsAny(c, "01OIL") {
				t.Errorf("CreateBindCode = %q, want %d characters without look-alikes", c, models.BindCodeLength)
			}
			return c
		}
		valid, expiring, qr := code(firm.ID, 72*time.Hour), code(firm.ID, time.Hour), code(other.ID, time.Hour)
		alice, bob, carol := user("o-alice"), user("o-bob"), user("o-carol")

		tests := []struct {
			name     string
			user     *models.WechatUser
			uscc     string
			code     string
			advance  time.Duration
			wantFirm int64
			wantErr  string
		}{
			{"ErrUnknownCode", alice, firm.USCC, "ZZZZZZZZ", 0, 0, "绑定码不正确，请核对后重新输入。"},
			{"ErrOtherFirmsCode", alice, other.USCC, valid, 0, 0, "绑定码不正确，请核对后重新输入。"},
			// Lower case, dashes and spaces are the same code.
			{"OK", alice, firm.USCC, strings.ToLower(valid[:4] + "-" + valid[4:] + " "), 0, firm.ID, ""},
			{"OKSameUserAgain", alice, firm.USCC, valid, 0, firm.ID, ""},
			{"ErrUsedByAnother", bob, firm.USCC, valid, 0, 0, "该绑定码已被使用，请向监管部门申请新的绑定码。"},
			{"OKSceneWithoutUSCC", carol, "", qr, 0, other.ID, ""},
			{"ErrExpired", bob, firm.USCC, expiring, time.Hour, 0, "该绑定码已过期，请向监管部门申请新的绑定码。"},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				now = now.Add(tc.advance)
				e, err := redeem(t, s, tc.user, tc.uscc, tc.code)
				if got := models.ErrorMessage(err); err != nil && got != tc.wantErr || err == nil && tc.wantErr != "" {
					t.Fatalf("RedeemBindCode(%s) error = %v, want %q", tc.code, err, tc.wantErr)
				}
				if err != nil {
					if models.ErrorCode(err) != models.EINVALID {
						t.Errorf("error code = %s, want EINVALID", models.ErrorCode(err))
					}
					return
				}
				if e.ID != tc.wantFirm {
					t.Errorf("RedeemBindCode bound firm %d, want %d", e.ID, tc.wantFirm)
				}
			})
		}

		bound, err := s.BoundEnterprises(ctx, alice.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(bound) != 1 || bound[0].ID != firm.ID {
			t.Errorf("BoundEnterprises(alice) = %v, want [%d]", bound, firm.ID)
		}
		// Many users at once: each one's own firms, as one by one.
		all, err := s.BoundEnterprisesOf(ctx, []int64{alice.ID, bob.ID, carol.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range []*models.WechatUser{alice, bob, carol} {
			one, err := s.BoundEnterprises(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(one, all[u.ID], cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("BoundEnterprisesOf %s (-one by one +all at once):\n%s", u.OpenID, diff)
			}
		}
		if len(all[alice.ID]) == 0 {
			t.Errorf("BoundEnterprisesOf(alice) is empty, want her firm")
		}
		// Unsubscribed users get no pushes.
		if err := s.TouchWechatUser(ctx, carol.ID, false); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			firm int64
			want []string
		}{{firm.ID, []string{"o-alice"}}, {other.ID, nil}} {
			got, err := s.BoundOpenIDs(ctx, tc.firm)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("BoundOpenIDs(%d) (-want +got):\n%s", tc.firm, diff)
			}
		}
	})
}

// TestRedeemBindCodeFailureLimit: five failures within an hour lock the user
// out, even with a right code, until the oldest failure is an hour old.
func TestRedeemBindCodeFailureLimit(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		now := inboundNow
		pin(s, &now)
		firm := modelstest.Enterprise(t, s, nil)
		code, err := s.CreateBindCode(ctx, firm.ID, 72*time.Hour, "test")
		if err != nil {
			t.Fatal(err)
		}
		u, err := s.EnsureWechatUser(ctx, "o-guesser")
		if err != nil {
			t.Fatal(err)
		}
		first := now
		for i := range models.MaxBindFailures {
			if _, err := redeem(t, s, u, firm.USCC, "WRONG"+string(rune('A'+i))); models.ErrorCode(err) != models.EINVALID {
				t.Fatalf("failure %d: %v, want EINVALID", i+1, err)
			}
			now = now.Add(time.Minute)
		}
		_, err = redeem(t, s, u, firm.USCC, code)
		if models.ErrorCode(err) != models.EFORBIDDEN {
			t.Fatalf("right code after %d failures: %v, want EFORBIDDEN", models.MaxBindFailures, err)
		}
		// Another user is not affected.
		v, err := s.EnsureWechatUser(ctx, "o-other")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := redeem(t, s, v, firm.USCC, "WRONGX"); models.ErrorCode(err) != models.EINVALID {
			t.Errorf("other user's try: %v, want EINVALID", err)
		}
		// An hour after the first failure only four remain in the window.
		now = first.Add(models.BindFailureWindow)
		e, err := redeem(t, s, u, firm.USCC, code)
		if err != nil {
			t.Fatalf("right code after the window: %v", err)
		}
		if e.ID != firm.ID {
			t.Errorf("bound firm %d, want %d", e.ID, firm.ID)
		}
	})
}
