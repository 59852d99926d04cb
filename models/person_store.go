package models

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// PersonData is everything held about one WeChat user (个人信息保护法: a
// person may ask for a copy of it).
type PersonData struct {
	OpenID       string            `json:"openid"`
	User         *WechatUser       `json:"user"`
	Bindings     []PersonBinding   `json:"bindings"`
	Reports      []CitizenReport   `json:"reports"`
	Households   []PersonHousehold `json:"household_checks"`
	Photos       []Photo           `json:"photos"`
	Conversation json.RawMessage   `json:"conversation,omitempty"`
	BindAttempts []BindAttempt     `json:"bind_attempts"`
	Messages     []OutboxMessage   `json:"messages"`
}

// PersonBinding is a firm the user speaks for.
type PersonBinding struct {
	EnterpriseID int64     `json:"enterprise_id"`
	USCC         string    `json:"uscc"`
	Name         string    `json:"name"`
	CreatedAt    time.Time `json:"created_at"`
}

// PersonHousehold is one household self-check the user was sent, with the
// answers given.
type PersonHousehold struct {
	Assignment Assignment `json:"assignment"`
	Answers    []Answer   `json:"answers"`
}

// PersonData collects what is held about openID. An unknown openid yields
// a PersonData without a user, not an error: the chat session or messages
// may outlive the user row.
func (s *Store) PersonData(ctx context.Context, openID string) (*PersonData, error) {
	db := s.db.WithContext(ctx)
	d := &PersonData{OpenID: openID}
	var u WechatUser
	switch err := db.Where("openid = ?", openID).Take(&u).Error; {
	case err == nil:
		d.User = &u
	case !errors.Is(err, gorm.ErrRecordNotFound):
		return nil, fmt.Errorf("person %s: %w", openID, err)
	}
	if d.User != nil {
		err := db.Table("bindings b").Select("b.enterprise_id, e.uscc, e.name, b.created_at").
			Joins("JOIN enterprises e ON e.id = b.enterprise_id").Where("b.wechat_user_id = ?", u.ID).
			Order("b.id").Scan(&d.Bindings).Error
		if err != nil {
			return nil, fmt.Errorf("person bindings: %w", err)
		}
		if err := db.Where("reporter_id = ?", u.ID).Order("id").Find(&d.Reports).Error; err != nil {
			return nil, fmt.Errorf("person reports: %w", err)
		}
		var as []Assignment
		if err := db.Where("wechat_user_id = ?", u.ID).Order("id").Find(&as).Error; err != nil {
			return nil, fmt.Errorf("person household checks: %w", err)
		}
		for _, a := range as {
			h := PersonHousehold{Assignment: a}
			if err := db.Where("assignment_id = ?", a.ID).Order("id").Find(&h.Answers).Error; err != nil {
				return nil, fmt.Errorf("person answers: %w", err)
			}
			d.Households = append(d.Households, h)
		}
		if err := chatPhotosOf(db, u.ID).Order("id").Find(&d.Photos).Error; err != nil {
			return nil, fmt.Errorf("person photos: %w", err)
		}
	}
	var c []conversation
	if err := db.Where("openid = ?", openID).Find(&c).Error; err != nil {
		return nil, fmt.Errorf("person conversation: %w", err)
	}
	if len(c) == 1 && json.Valid([]byte(c[0].State)) {
		d.Conversation = json.RawMessage(c[0].State)
	}
	if err := db.Where("openid = ?", openID).Order("id").Find(&d.BindAttempts).Error; err != nil {
		return nil, fmt.Errorf("person bind attempts: %w", err)
	}
	if err := db.Where("openid = ?", openID).Order("id").Find(&d.Messages).Error; err != nil {
		return nil, fmt.Errorf("person messages: %w", err)
	}
	return d, nil
}

// chatPhotosOf selects the photos a chat user sent. Dashboard uploads
// (media ids "upload:...") carry a dashboard user's id in uploaded_by.
func chatPhotosOf(db *gorm.DB, wechatUserID int64) *gorm.DB {
	return db.Model(&Photo{}).Where("uploaded_by = ? AND media_id NOT LIKE ?", wechatUserID, "upload:%")
}

// Erased counts what ErasePerson removed.
type Erased struct {
	User             bool     `json:"user"`
	Bindings         int64    `json:"bindings"`
	ReportsAnonymous int64    `json:"reports_anonymised"`
	Households       int64    `json:"household_checks"`
	Photos           int64    `json:"photos"`
	Conversation     int64    `json:"conversation"`
	Messages         int64    `json:"messages"`
	BindAttempts     int64    `json:"bind_attempts"`
	Files            []string `json:"-"` // photo files no row refers to any more
}

// ErasedText replaces the free text of an anonymised report.
const ErasedText = "（已删除）"

// ErasePerson deletes the personal data of openID in one transaction: the
// user row, its bindings, household self-checks and their answers, chat
// session, bind attempts and messages; its reports stay for statistics,
// anonymised (AnonymiseReports); the photos of its reports and household
// checks are deleted, and those that are a firm's evidence lose their link
// to it. Files of deleted photos that no other row shares are returned in
// Erased.Files for the caller to remove after the commit. Erasing again is
// harmless. Call it on a Store bound to the transaction (Tx) that also
// writes the audit entry.
func (s *Store) ErasePerson(ctx context.Context, openID string) (*Erased, error) {
	db := s.db.WithContext(ctx)
	out := &Erased{}
	var u WechatUser
	err := db.Where("openid = ?", openID).Take(&u).Error
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("erase %s: %w", openID, err)
	}
	if err == nil {
		out.User = true
		var reportIDs, assignmentIDs, photoIDs []int64
		if err := db.Model(&CitizenReport{}).Where("reporter_id = ?", u.ID).Pluck("id", &reportIDs).Error; err != nil {
			return nil, fmt.Errorf("erase reports: %w", err)
		}
		if err := db.Model(&Assignment{}).Where("wechat_user_id = ?", u.ID).Pluck("id", &assignmentIDs).Error; err != nil {
			return nil, fmt.Errorf("erase household checks: %w", err)
		}
		if len(reportIDs) > 0 {
			var ids []int64
			if err := db.Model(&reportPhoto{}).Where("report_id IN ?", reportIDs).Pluck("photo_id", &ids).Error; err != nil {
				return nil, fmt.Errorf("erase report photos: %w", err)
			}
			photoIDs = append(photoIDs, ids...)
		}
		if len(assignmentIDs) > 0 {
			var ids []int64
			if err := db.Model(&Answer{}).Where("assignment_id IN ? AND photo_id IS NOT NULL", assignmentIDs).Pluck("photo_id", &ids).Error; err != nil {
				return nil, fmt.Errorf("erase answer photos: %w", err)
			}
			photoIDs = append(photoIDs, ids...)
			if err := db.Where("assignment_id IN ?", assignmentIDs).Delete(&Answer{}).Error; err != nil {
				return nil, fmt.Errorf("erase answers: %w", err)
			}
			res := db.Where("id IN ?", assignmentIDs).Delete(&Assignment{})
			if res.Error != nil {
				return nil, fmt.Errorf("erase household checks: %w", res.Error)
			}
			out.Households = res.RowsAffected
		}
		if out.ReportsAnonymous, err = s.AnonymiseReports(ctx, reportIDs); err != nil {
			return nil, err
		}
		if out.Photos, out.Files, err = s.deletePhotos(ctx, photoIDs); err != nil {
			return nil, err
		}
		// What remains of the user's photos is a firm's evidence.
		if err := chatPhotosOf(db, u.ID).Update("uploaded_by", nil).Error; err != nil {
			return nil, fmt.Errorf("erase photo links: %w", err)
		}
		if err := db.Model(&Answer{}).Where("answered_by = ?", u.ID).Update("answered_by", nil).Error; err != nil {
			return nil, fmt.Errorf("erase answer links: %w", err)
		}
		if err := db.Model(&BindCode{}).Where("used_by = ?", u.ID).Update("used_by", nil).Error; err != nil {
			return nil, fmt.Errorf("erase bind code links: %w", err)
		}
		res := db.Where("wechat_user_id = ?", u.ID).Delete(&Binding{})
		if res.Error != nil {
			return nil, fmt.Errorf("erase bindings: %w", res.Error)
		}
		out.Bindings = res.RowsAffected
		if err := db.Delete(&WechatUser{}, u.ID).Error; err != nil {
			return nil, fmt.Errorf("erase user: %w", err)
		}
	}
	for _, step := range []struct {
		n     *int64
		model any
		what  string
	}{{&out.Conversation, &conversation{}, "conversation"}, {&out.BindAttempts, &BindAttempt{}, "bind attempts"}, {&out.Messages, &OutboxMessage{}, "messages"}} {
		res := db.Where("openid = ?", openID).Delete(step.model)
		if res.Error != nil {
			return nil, fmt.Errorf("erase %s: %w", step.what, res.Error)
		}
		*step.n = res.RowsAffected
	}
	// Events carry no MsgId: their dedupe keys name the sender.
	if err := db.Where("dedupe_key LIKE ?", "evt:"+openID+":%").Delete(&processedMessage{}).Error; err != nil {
		return nil, fmt.Errorf("erase dedupe keys: %w", err)
	}
	return out, nil
}

// AnonymiseReports removes from the given citizen reports what may name
// or locate a person: the link to the reporter, the description, address,
// coordinates and follow-up feedback. Category, place (street, grid),
// department, firm, status, satisfaction and dates stay for statistics.
// It returns how many reports still had a reporter or text.
func (s *Store) AnonymiseReports(ctx context.Context, ids []int64) (int64, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	res := s.db.WithContext(ctx).Model(&CitizenReport{}).Where("id IN ?", ids).
		Where("reporter_id IS NOT NULL OR description <> ? OR address <> '' OR lat IS NOT NULL OR feedback <> ''", ErasedText).
		Updates(map[string]any{"reporter_id": nil, "description": ErasedText, "address": "", "lat": nil, "lon": nil,
			"feedback": "", "updated_at": s.now()})
	if res.Error != nil {
		return 0, fmt.Errorf("anonymise reports: %w", res.Error)
	}
	return res.RowsAffected, nil
}

// deletePhotos deletes photo rows and their links to reports and answers,
// and returns how many rows went and the files (relative to the data
// directory) that no remaining row refers to.
func (s *Store) deletePhotos(ctx context.Context, ids []int64) (int64, []string, error) {
	if len(ids) == 0 {
		return 0, nil, nil
	}
	db := s.db.WithContext(ctx)
	var paths []string
	if err := db.Model(&Photo{}).Where("id IN ? AND path <> ''", ids).Distinct().Pluck("path", &paths).Error; err != nil {
		return 0, nil, fmt.Errorf("delete photos: %w", err)
	}
	if err := db.Where("photo_id IN ?", ids).Delete(&reportPhoto{}).Error; err != nil {
		return 0, nil, fmt.Errorf("delete report photos: %w", err)
	}
	if err := db.Model(&Answer{}).Where("photo_id IN ?", ids).Update("photo_id", nil).Error; err != nil {
		return 0, nil, fmt.Errorf("unlink answer photos: %w", err)
	}
	res := db.Where("id IN ?", ids).Delete(&Photo{})
	if res.Error != nil {
		return 0, nil, fmt.Errorf("delete photos: %w", res.Error)
	}
	var orphans []string
	for _, p := range paths {
		var n int64
		if err := db.Model(&Photo{}).Where("path = ?", p).Count(&n).Error; err != nil {
			return 0, nil, fmt.Errorf("delete photos: %w", err)
		}
		if n == 0 {
			orphans = append(orphans, p)
		}
	}
	return res.RowsAffected, orphans, nil
}
