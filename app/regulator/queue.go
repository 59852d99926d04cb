package regulator

import (
	"context"
	"time"

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

// VisitPage returns one page of the visits u may read matching q (its
// scope's street, items or draw set here), and their total.
func (s *Service) VisitPage(ctx context.Context, by *models.User, q models.VisitPageQuery) ([]models.PlannedVisit, int64, error) {
	if err := s.policy.Gate(by, KindVisit, Read); err != nil {
		return nil, 0, err
	}
	sc := s.policy.Scope(by)
	q.VisitQuery = models.VisitQuery{Street: sc.StreetFilter(), Limit: q.Limit}
	switch by.Role {
	case models.RoleDepartment:
		q.Items = sortedKeys(sc.Items)
	case models.RoleInspector:
		q.Street = ""
		if q.Inspector = by.Scope; q.Inspector == "" {
			return nil, 0, nil
		}
	}
	vs, total, err := s.store.VisitPage(ctx, q)
	if err != nil {
		return nil, 0, err
	}
	ids := make([]int64, 0, len(vs))
	for _, v := range vs {
		ids = append(ids, v.EnterpriseID)
	}
	firms, err := s.store.EnterprisesByID(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	out := vs[:0]
	for _, v := range vs {
		if e, ok := firms[v.EnterpriseID]; ok && s.policy.Visit(by, &v.Visit, e.StreetCode, Read) == nil {
			out = append(out, v)
		}
	}
	return out, total, nil
}

// OrderPage returns one page of the orders u may read matching q and their
// total: a department user's only its department's.
func (s *Service) OrderPage(ctx context.Context, by *models.User, q models.OrderPageQuery) ([]models.OrderRow, int64, error) {
	if err := s.policy.Gate(by, KindOrder, Read); err != nil {
		return nil, 0, err
	}
	q.Departments = nil
	if sc := s.policy.Scope(by); sc.Role == models.RoleDepartment {
		if q.Departments = sortedKeys(sc.Departments); len(q.Departments) == 0 {
			return nil, 0, nil
		}
	}
	return s.store.OrderPage(ctx, q)
}

// RectifyTotals counts the rectification queues of u's scope at now.
func (s *Service) RectifyTotals(ctx context.Context, by *models.User, now time.Time) (models.RectifyTotals, error) {
	if err := s.policy.Gate(by, KindRectification, Read); err != nil {
		return models.RectifyTotals{}, err
	}
	return s.store.RectifyTotals(ctx, s.policy.Scope(by), now)
}

// LateFindings returns one page of the findings of u's scope past their
// deadline at now (in street when set) and their total.
func (s *Service) LateFindings(ctx context.Context, by *models.User, now time.Time, street string, newest bool, limit, offset int) ([]models.Finding, int64, error) {
	if err := s.policy.Gate(by, KindRectification, Read); err != nil {
		return nil, 0, err
	}
	return s.store.LateFindingsPage(ctx, s.policy.Scope(by), now, street, newest, limit, offset)
}
