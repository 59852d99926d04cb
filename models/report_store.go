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

// TicketNo formats the ticket number of a citizen report: JB, the filing
// date and that day's sequence number of at least four digits, as
// JB20261127-0001. filed must be in the district's time zone.
func TicketNo(filed time.Time, seq int) string {
	return fmt.Sprintf("%s%s-%04d", TicketPrefix, filed.Format("20060102"), seq)
}

// CreateReport files a citizen report with its photos and its first status
// event, and assigns the ticket number (TicketNo) with the next sequence
// number of the day in loc. r.Status defaults to ReportNew.
func (s *Store) CreateReport(ctx context.Context, r *CitizenReport, photoIDs []int64, loc *time.Location) error {
	db := s.db.WithContext(ctx)
	now := s.now()
	if r.Status == "" {
		r.Status = ReportNew
	}
	r.CreatedAt, r.UpdatedAt = now, now
	day := now.In(loc)
	prefix := strings.TrimSuffix(TicketNo(day, 0), "0000")
	for try := 0; ; try++ {
		// Sequence numbers have at least four digits and no other leading
		// zeros, so the longest, then greatest, ticket has the largest one.
		var last []string
		q := "SELECT ticket_no FROM citizen_reports WHERE ticket_no LIKE ? ORDER BY LENGTH(ticket_no) DESC, ticket_no DESC LIMIT 1"
		if s.dialect == "mysql" {
			// A locking read sees the latest committed ticket, not the
			// transaction's snapshot.
			q += " FOR UPDATE"
		}
		if err := db.Raw(q, prefix+"%").Scan(&last).Error; err != nil {
			return fmt.Errorf("next ticket number: %w", err)
		}
		n := 0
		if len(last) > 0 {
			n, _ = strconv.Atoi(strings.TrimPrefix(last[0], prefix))
		}
		r.ID = 0
		r.TicketNo = TicketNo(day, n+1)
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
	if err := appendChange(db, reportChange(r), now); err != nil {
		return err
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

// ReportsByReporters is ReportsByReporter for many reporters in one
// statement: each one's latest limit reports, newest first. A reporter with
// none is absent.
func (s *Store) ReportsByReporters(ctx context.Context, reporterIDs []int64, limit int) (map[int64][]CitizenReport, error) {
	out := make(map[int64][]CitizenReport)
	if len(reporterIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		CitizenReport `gorm:"embedded"`
		LatestRank    int
	}
	err := s.db.WithContext(ctx).Raw(`SELECT * FROM (
		SELECT citizen_reports.*, ROW_NUMBER() OVER (PARTITION BY reporter_id ORDER BY created_at DESC, id DESC) AS latest_rank
		FROM citizen_reports WHERE reporter_id IN ?) AS latest
		WHERE latest_rank <= ? ORDER BY reporter_id, latest_rank`, reporterIDs, limit).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("reports of %d reporters: %w", len(reporterIDs), err)
	}
	for _, r := range rows {
		if id := r.ReporterID; id != nil {
			out[*id] = append(out[*id], r.CitizenReport)
		}
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
