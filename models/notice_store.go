package models

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"
)

// BoundOpenIDsOf returns, for each of the firms, the openids of its bound
// users who still follow the account: the recipients of a campaign's
// notices, looked up in one query per thousand firms.
func (s *Store) BoundOpenIDsOf(ctx context.Context, enterpriseIDs []int64) (map[int64][]string, error) {
	out := make(map[int64][]string, len(enterpriseIDs))
	for start := 0; start < len(enterpriseIDs); start += 1000 {
		chunk := enterpriseIDs[start:min(start+1000, len(enterpriseIDs))]
		var rows []struct {
			EnterpriseID int64
			OpenID       string `gorm:"column:openid"`
		}
		err := s.db.WithContext(ctx).Table("bindings").Select("bindings.enterprise_id, wechat_users.openid").
			Joins("JOIN wechat_users ON wechat_users.id = bindings.wechat_user_id").
			Where("bindings.enterprise_id IN ? AND wechat_users.subscribed = ?", chunk, true).
			Order("bindings.id").Scan(&rows).Error
		if err != nil {
			return nil, fmt.Errorf("bound openids of %d firms: %w", len(chunk), err)
		}
		for _, r := range rows {
			out[r.EnterpriseID] = append(out[r.EnterpriseID], r.OpenID)
		}
	}
	return out, nil
}

// LastInbound returns when each of the users last wrote, for those who ever
// did: the start of their customer-service window.
func (s *Store) LastInbound(ctx context.Context, openIDs []string) (map[string]time.Time, error) {
	out := make(map[string]time.Time, len(openIDs))
	for start := 0; start < len(openIDs); start += 1000 {
		chunk := openIDs[start:min(start+1000, len(openIDs))]
		var rows []WechatUser
		err := s.db.WithContext(ctx).Select("openid, last_inbound_at").
			Where("openid IN ? AND last_inbound_at IS NOT NULL", chunk).Find(&rows).Error
		if err != nil {
			return nil, fmt.Errorf("last inbound of %d users: %w", len(chunk), err)
		}
		for _, u := range rows {
			out[u.OpenID] = *u.LastInboundAt
		}
	}
	return out, nil
}

// PendingFollowup returns the reporter's latest report closed since since
// whose satisfaction follow-up (回访) is still unanswered.
func (s *Store) PendingFollowup(ctx context.Context, reporterID int64, since time.Time) (*CitizenReport, error) {
	var r CitizenReport
	err := s.db.WithContext(ctx).Where("reporter_id = ? AND status = ? AND satisfaction IS NULL AND closed_at >= ?",
		reporterID, ReportClosed, since.UTC()).Order("closed_at DESC, id DESC").Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, Errorf(ENOTFOUND, "没有待回访的举报")
	} else if err != nil {
		return nil, fmt.Errorf("pending follow-up of %d: %w", reporterID, err)
	}
	return &r, nil
}

// RecordSatisfaction stores the reporter's answer to the follow-up: a score
// from 1 (very unsatisfied) to 5 (very satisfied) and optional words, with
// an event on the ticket. Only the first answer counts.
func (s *Store) RecordSatisfaction(ctx context.Context, reportID int64, score int, feedback string) error {
	if score < 1 || score > 5 {
		return Errorf(EINVALID, "请回复1至5之间的数字")
	}
	return s.Tx(ctx, func(tx *Store) error {
		db := tx.db.WithContext(ctx)
		now := tx.now()
		res := db.Model(&CitizenReport{}).Where("id = ? AND satisfaction IS NULL", reportID).
			Updates(map[string]any{"satisfaction": score, "feedback": clip(feedback, 500), "updated_at": now})
		if res.Error != nil {
			return fmt.Errorf("record satisfaction of report %d: %w", reportID, res.Error)
		}
		if res.RowsAffected == 0 {
			return Errorf(ECONFLICT, "该举报已完成回访")
		}
		ev := ReportEvent{ReportID: reportID, FromStatus: ReportClosed, ToStatus: ReportClosed, Actor: "citizen",
			Note: clip("回访满意度 "+strconv.Itoa(score)+"/5 "+feedback, 500), CreatedAt: now}
		if err := db.Create(&ev).Error; err != nil {
			return fmt.Errorf("record follow-up event of report %d: %w", reportID, err)
		}
		return nil
	})
}
