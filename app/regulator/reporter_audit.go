package regulator

import (
	"context"
	"strconv"

	"selfcheck/models"
)

// ActionViewReporter is the audit log's action for showing a user who filed
// a citizen report (个人信息保护法: access to a reporter's identity is
// recorded). The entry's object is the report.
const ActionViewReporter = "reporter.view"

// reporterSeen is the audit entry's "after": where the identity was shown
// and whose it was.
type reporterSeen struct {
	Via        string `json:"via"`
	ReporterID int64  `json:"reporter_id"`
}

// auditReporterView records that by was shown the reporter of r through
// via (report, enterprise_file). Nothing is recorded when r carries no
// reporter. An identity is never shown unrecorded: a failed write is the
// caller's error.
func (s *Service) auditReporterView(ctx context.Context, by *models.User, via string, r *models.CitizenReport) error {
	if r == nil || r.ReporterID == nil {
		return nil
	}
	return s.store.Audit(ctx, by.Username, ActionViewReporter, "citizen_report", strconv.FormatInt(r.ID, 10),
		nil, reporterSeen{Via: via, ReporterID: *r.ReporterID})
}

// auditFileReporters records every reporter an enterprise file shows.
func (s *Service) auditFileReporters(ctx context.Context, by *models.User, f *models.EnterpriseFile) error {
	for i := range f.Reports {
		if !f.Reports[i].ReporterHidden {
			if err := s.auditReporterView(ctx, by, "enterprise_file", &f.Reports[i].CitizenReport); err != nil {
				return err
			}
		}
	}
	return nil
}
