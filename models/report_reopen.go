package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// ReopenWindow is how long after a report is resolved or closed its reporter
// may have it handled again.
const ReopenWindow = 7 * 24 * time.Hour

// CheckReopen refuses to reopen a report that is not resolved or closed, was
// merged into another, or was finished more than ReopenWindow before now.
func CheckReopen(r *CitizenReport, now time.Time) error {
	done := r.ResolvedAt
	if r.ClosedAt != nil {
		done = r.ClosedAt
	}
	if done == nil || r.MergedIntoID != nil || (r.Status != ReportResolved && r.Status != ReportClosed) {
		return Errorf(EINVALID, "举报%s尚未办结，无需重新办理", r.TicketNo)
	}
	if now.Sub(*done) > ReopenWindow {
		return Errorf(EINVALID, "办结或关闭超过7天的举报不能重新办理，请重新举报")
	}
	return nil
}

// ReopenMove is the status change that puts a resolved or closed report back
// into handling with a new deadline, forgetting its finish and rating.
func ReopenMove(now, deadline time.Time, actor, note string) ReportMove {
	if note == "" {
		note = "举报人不满意，重新办理"
	}
	return ReportMove{
		From: []string{ReportResolved, ReportClosed}, To: ReportHandling,
		Set:      map[string]any{"resolved_at": nil, "closed_at": nil, "satisfaction": nil, "deadline_at": deadline.UTC()},
		Handling: func(h *ReportState) { h.Reopened++; h.ReopenedAt = &now },
		Actor:    actor, Note: note,
	}
}

// LatestFinishedReport returns the reporter's most recently resolved or
// closed report (not merged) finished since since, or ENOTFOUND.
func (s *Store) LatestFinishedReport(ctx context.Context, reporterID int64, since time.Time) (*CitizenReport, error) {
	var r CitizenReport
	err := s.db.WithContext(ctx).
		Where("reporter_id = ? AND status IN ? AND merged_into_id IS NULL AND COALESCE(closed_at, resolved_at) >= ?",
			reporterID, []string{ReportResolved, ReportClosed}, since.UTC()).
		Order("COALESCE(closed_at, resolved_at) DESC, id DESC").Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, Errorf(ENOTFOUND, "没有7天内办结的举报可以重新办理")
	} else if err != nil {
		return nil, fmt.Errorf("latest finished report of %d: %w", reporterID, err)
	}
	return &r, nil
}
