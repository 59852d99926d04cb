package models

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// reportPhoto links a citizen report to a photo.
type reportPhoto struct {
	ReportID int64 `gorm:"primaryKey;autoIncrement:false"`
	PhotoID  int64 `gorm:"primaryKey;autoIncrement:false"`
}

func (reportPhoto) TableName() string { return "report_photos" }

// TicketPrefix is the prefix of citizen report tickets (举报).
const TicketPrefix = "JB"

// CreateReport files a citizen report with its photos and its first status
// event, and assigns the ticket number: JB, the date in loc, and a daily
// sequence, as JB20261127-0001. r.Status defaults to ReportNew.
func (s *Store) CreateReport(ctx context.Context, r *CitizenReport, photoIDs []int64, loc *time.Location) error {
	db := s.db.WithContext(ctx)
	now := s.now()
	if r.Status == "" {
		r.Status = ReportNew
	}
	r.CreatedAt, r.UpdatedAt = now, now
	prefix := TicketPrefix + now.In(loc).Format("20060102") + "-"
	for try := 0; ; try++ {
		var last string
		q := "SELECT COALESCE(MAX(ticket_no), '') FROM citizen_reports WHERE ticket_no LIKE ?"
		if s.dialect == "mysql" {
			// A locking read sees the latest committed ticket, not the
			// transaction's snapshot.
			q += " FOR UPDATE"
		}
		if err := db.Raw(q, prefix+"%").Row().Scan(&last); err != nil {
			return fmt.Errorf("next ticket number: %w", err)
		}
		n := 0
		if last != "" {
			n, _ = strconv.Atoi(strings.TrimPrefix(last, prefix))
		}
		r.ID = 0
		r.TicketNo = fmt.Sprintf("%s%04d", prefix, n+1)
		err := db.Create(r).Error
		if err == nil {
			break
		}
		if !errors.Is(err, gorm.ErrDuplicatedKey) || try >= 5 {
			return fmt.Errorf("create report: %w", err)
		}
	}
	for _, id := range photoIDs {
		if err := db.Create(&reportPhoto{ReportID: r.ID, PhotoID: id}).Error; err != nil {
			return fmt.Errorf("attach photo %d to report %d: %w", id, r.ID, err)
		}
	}
	ev := ReportEvent{ReportID: r.ID, ToStatus: r.Status, Actor: "citizen", CreatedAt: now}
	if err := db.Create(&ev).Error; err != nil {
		return fmt.Errorf("create report event: %w", err)
	}
	return nil
}

// ReportsByReporter returns a user's latest reports, newest first.
func (s *Store) ReportsByReporter(ctx context.Context, reporterID int64, limit int) ([]CitizenReport, error) {
	var out []CitizenReport
	err := s.db.WithContext(ctx).Where("reporter_id = ?", reporterID).Order("created_at DESC, id DESC").Limit(limit).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("reports of %d: %w", reporterID, err)
	}
	return out, nil
}

// ReportByTicket returns the report with the given ticket number.
func (s *Store) ReportByTicket(ctx context.Context, ticket string) (*CitizenReport, error) {
	var r CitizenReport
	err := s.db.WithContext(ctx).Where("ticket_no = ?", ticket).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, Errorf(ENOTFOUND, "未找到编号为 %s 的举报", ticket)
	} else if err != nil {
		return nil, fmt.Errorf("report %s: %w", ticket, err)
	}
	return &r, nil
}

// ReportEvents returns a report's status changes, oldest first.
func (s *Store) ReportEvents(ctx context.Context, reportID int64) ([]ReportEvent, error) {
	var out []ReportEvent
	err := s.db.WithContext(ctx).Where("report_id = ?", reportID).Order("created_at, id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("events of report %d: %w", reportID, err)
	}
	return out, nil
}
