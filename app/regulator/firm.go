package regulator

import (
	"context"
	"strconv"
	"time"

	"selfcheck/models"
)

// EnterpriseFile returns the file of a firm u may read, holding only the
// records of u's scope (a department's own items, orders and reports).
func (s *Service) EnterpriseFile(ctx context.Context, by *models.User, id int64) (*models.EnterpriseFile, error) {
	if err := s.policy.Gate(by, KindFirm, Read); err != nil {
		return nil, err
	}
	f, err := s.store.EnterpriseFile(ctx, id, s.policy.Scope(by))
	if err != nil {
		return nil, err
	}
	if err := s.auditFileReporters(ctx, by, f); err != nil {
		return nil, err
	}
	return f, nil
}

// IssueBindCode creates a one-time binding code, valid for ttl, for a firm
// u may change, and records the issue (not the code) in the audit log.
func (s *Service) IssueBindCode(ctx context.Context, by *models.User, id int64, ttl time.Duration) (string, error) {
	if err := s.policy.Gate(by, KindFirm, Change); err != nil {
		return "", err
	}
	e, err := s.store.Enterprise(ctx, id)
	if err != nil {
		return "", err
	}
	if err := s.policy.Firm(by, e.StreetCode, Change); err != nil {
		return "", err
	}
	expires := s.now().Add(ttl)
	var code string
	err = s.store.Tx(ctx, func(tx *models.Store) error {
		var err error
		if code, err = tx.CreateBindCode(ctx, id, ttl, by.Username); err != nil {
			return err
		}
		return tx.Audit(ctx, by.Username, "bind_code.create", "enterprise", strconv.FormatInt(id, 10),
			nil, map[string]any{"expires_at": expires})
	})
	return code, err
}
