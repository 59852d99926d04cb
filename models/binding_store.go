package models

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Bind-code limits: a code has BindCodeLength characters from an alphabet
// without look-alikes (0/O, 1/I/L), and an openid gets MaxBindFailures wrong
// tries per BindFailureWindow.
const (
	BindCodeLength    = 8
	MaxBindFailures   = 5
	BindFailureWindow = time.Hour
	bindAlphabet      = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
)

// HashBindCode returns the stored form of a code: the hex sha256 of its
// normalized text.
func HashBindCode(code string) string {
	sum := sha256.Sum256([]byte(NormalizeBindCode(code)))
	return hex.EncodeToString(sum[:])
}

// NormalizeBindCode upper-cases code and drops spaces and dashes, so that
// "k7px-3qmd" and "K7PX3QMD" are the same code.
func NormalizeBindCode(code string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == ' ' || r == '-' || r == '\u3000':
			return -1
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, code)
}

// CreateBindCode issues a fresh one-time code for a firm, valid for ttl, and
// returns it; only its hash is stored. It is also the scene string of the
// firm's parametric QR code.
func (s *Store) CreateBindCode(ctx context.Context, enterpriseID int64, ttl time.Duration, createdBy string) (string, error) {
	buf := make([]byte, BindCodeLength)
	if _, err := rand.Read(buf); err != nil {
		return "", fmt.Errorf("create bind code: %w", err)
	}
	for i, b := range buf {
		buf[i] = bindAlphabet[int(b)%len(bindAlphabet)]
	}
	code := string(buf)
	now := s.now()
	row := BindCode{EnterpriseID: enterpriseID, CodeHash: HashBindCode(code), ExpiresAt: now.Add(ttl), CreatedBy: createdBy, CreatedAt: now}
	if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
		return "", fmt.Errorf("create bind code for %d: %w", enterpriseID, err)
	}
	return code, nil
}

// RedeemBindCode binds the user to the firm with the given 统一社会信用代码 if
// code is a valid, unused, unexpired code of that firm (any firm when usccCode
// is empty: a QR code's scene carries the code alone). Every try is recorded
// in bind_attempts; after MaxBindFailures failures within BindFailureWindow
// the user is refused without checking. Failures are EINVALID or EFORBIDDEN
// errors whose messages say why. Run it inside Tx so that the attempt and the
// binding commit with the conversation.
func (s *Store) RedeemBindCode(ctx context.Context, user *WechatUser, usccCode, code string) (*Enterprise, error) {
	db := s.db.WithContext(ctx)
	now := s.now()
	var failures int64
	if err := db.Model(&BindAttempt{}).Where("openid = ? AND ok = ? AND created_at > ?", user.OpenID, false, now.Add(-BindFailureWindow)).
		Count(&failures).Error; err != nil {
		return nil, fmt.Errorf("count bind attempts: %w", err)
	}
	if failures >= MaxBindFailures {
		return nil, Errorf(EFORBIDDEN, "绑定失败次数过多，请1小时后再试。")
	}
	e, err := s.redeem(ctx, user, usccCode, code)
	attempt := BindAttempt{OpenID: user.OpenID, OK: err == nil, CreatedAt: now}
	if aerr := db.Create(&attempt).Error; aerr != nil {
		return nil, fmt.Errorf("record bind attempt: %w", aerr)
	}
	return e, err
}

func (s *Store) redeem(ctx context.Context, user *WechatUser, usccCode, code string) (*Enterprise, error) {
	db := s.db.WithContext(ctx)
	now := s.now()
	var bc BindCode
	err := db.Where("code_hash = ?", HashBindCode(code)).Take(&bc).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, Errorf(EINVALID, "绑定码不正确，请核对后重新输入。")
	} else if err != nil {
		return nil, fmt.Errorf("find bind code: %w", err)
	}
	e, err := s.Enterprise(ctx, bc.EnterpriseID)
	if err != nil {
		return nil, err
	}
	if usccCode != "" && e.USCC != usccCode {
		// Same message as an unknown code: a code must not reveal its firm.
		return nil, Errorf(EINVALID, "绑定码不正确，请核对后重新输入。")
	}
	if bc.UsedAt != nil {
		if bc.UsedBy != nil && *bc.UsedBy == user.ID {
			return e, nil
		}
		return nil, Errorf(EINVALID, "该绑定码已被使用，请向监管部门申请新的绑定码。")
	}
	if !now.Before(bc.ExpiresAt) {
		return nil, Errorf(EINVALID, "该绑定码已过期，请向监管部门申请新的绑定码。")
	}
	// The conditional update makes the code single-use even under races.
	res := db.Model(&BindCode{}).Where("id = ? AND used_at IS NULL", bc.ID).
		Updates(map[string]any{"used_at": now, "used_by": user.ID})
	if res.Error != nil {
		return nil, fmt.Errorf("use bind code: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return nil, Errorf(EINVALID, "该绑定码已被使用，请向监管部门申请新的绑定码。")
	}
	b := Binding{WechatUserID: user.ID, EnterpriseID: e.ID, CreatedAt: now}
	if err := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&b).Error; err != nil {
		return nil, fmt.Errorf("bind user %d to %d: %w", user.ID, e.ID, err)
	}
	return e, nil
}

// BoundEnterprises returns the firms a user is bound to, earliest binding
// first.
func (s *Store) BoundEnterprises(ctx context.Context, userID int64) ([]Enterprise, error) {
	var out []Enterprise
	err := s.db.WithContext(ctx).Joins("JOIN bindings ON bindings.enterprise_id = enterprises.id").
		Where("bindings.wechat_user_id = ?", userID).Order("bindings.id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("bound enterprises of %d: %w", userID, err)
	}
	return out, nil
}

// BoundEnterprisesOf is BoundEnterprises for many users in one statement:
// each user's firms, oldest binding first. A user with none is absent.
func (s *Store) BoundEnterprisesOf(ctx context.Context, userIDs []int64) (map[int64][]Enterprise, error) {
	out := make(map[int64][]Enterprise)
	if len(userIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		Enterprise  `gorm:"embedded"`
		BoundUserID int64
	}
	err := s.db.WithContext(ctx).Table("enterprises").
		Select("enterprises.*, bindings.wechat_user_id AS bound_user_id").
		Joins("JOIN bindings ON bindings.enterprise_id = enterprises.id").
		Where("bindings.wechat_user_id IN ?", userIDs).Order("bindings.id").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("bound enterprises of %d users: %w", len(userIDs), err)
	}
	for _, r := range rows {
		out[r.BoundUserID] = append(out[r.BoundUserID], r.Enterprise)
	}
	return out, nil
}

// BoundOpenIDs returns the openids of the users bound to a firm, for pushes.
func (s *Store) BoundOpenIDs(ctx context.Context, enterpriseID int64) ([]string, error) {
	var out []string
	err := s.db.WithContext(ctx).Model(&WechatUser{}).
		Joins("JOIN bindings ON bindings.wechat_user_id = wechat_users.id").
		Where("bindings.enterprise_id = ? AND wechat_users.subscribed = ?", enterpriseID, true).
		Order("bindings.id").Pluck("wechat_users.openid", &out).Error
	if err != nil {
		return nil, fmt.Errorf("bound openids of %d: %w", enterpriseID, err)
	}
	return out, nil
}
