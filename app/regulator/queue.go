package regulator

import (
	"context"

	"selfcheck/models"
)

// ReviewPage returns one page of the submissions u may review matching q,
// filtered in SQL by its scope, and their total.
func (s *Service) ReviewPage(ctx context.Context, by *models.User, q models.ReviewPageQuery) ([]models.ReviewRow, int64, error) {
	if err := s.policy.Gate(by, KindSubmission, Read); err != nil {
		return nil, 0, err
	}
	return s.store.ReviewPage(ctx, q, s.policy.Scope(by))
}

// ReportCount counts the reports u may read matching q.
func (s *Service) ReportCount(ctx context.Context, by *models.User, q models.ReportQuery) (int64, error) {
	if err := s.policy.Gate(by, KindReport, Read); err != nil {
		return 0, err
	}
	return s.store.ReportCount(ctx, q, s.policy.Scope(by))
}
