package regulator

import (
	"context"
	"time"

	"selfcheck/models"
)

// Overview counts what needs u's attention at now, within its scope:
// submissions to review, reports past their deadline or due by the end of
// the next working day, rectifications overdue or awaiting 复查, the visits
// of the week (Monday to Sunday in loc) and the report on-time rate of the
// last 90 days.
func (s *Service) Overview(ctx context.Context, by *models.User, now time.Time, loc *time.Location) (models.Overview, error) {
	if err := s.policy.Gate(by, KindFirm, Read); err != nil {
		return models.Overview{}, err
	}
	local := now.In(loc)
	day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	monday := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	return s.store.Overview(ctx, models.OverviewQuery{
		Scope:      s.policy.Scope(by),
		Now:        now,
		SoonUntil:  s.calendar.AddWorkdays(day, 1),
		WeekFrom:   monday,
		WeekTo:     monday.AddDate(0, 0, 7),
		RatesSince: day.AddDate(0, 0, -90),
	})
}

// GradeCountsAt returns the grade counts of u's scope at time at, from the
// score snapshots.
func (s *Service) GradeCountsAt(ctx context.Context, by *models.User, at time.Time) (map[string]int64, error) {
	if err := s.policy.Gate(by, KindFirm, Read); err != nil {
		return nil, err
	}
	return s.store.GradeCountsAt(ctx, s.policy.Scope(by).StreetFilter(), at)
}
