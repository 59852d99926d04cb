package regulator

import (
	"context"

	"selfcheck/models"
)

// ReportView is a citizen report as u may read it: the reporter's identity
// only for the roles that need to call back.
type ReportView struct {
	Report     *models.CitizenReport
	Handling   *models.ReportState
	Events     []models.ReportEvent
	Duplicates []models.CitizenReport
}

// ReportQueue lists the reports u may read matching q, filtered in SQL by
// its scope, without the reporter's internal id.
func (s *Service) ReportQueue(ctx context.Context, by *models.User, q models.ReportQuery) ([]models.CitizenReport, error) {
	if err := s.policy.Gate(by, KindReport, Read); err != nil {
		return nil, err
	}
	rs, err := s.store.ReportQueue(ctx, q, s.policy.Scope(by))
	if err != nil {
		return nil, err
	}
	for i := range rs {
		rs[i].ReporterID = nil // a queue links nobody to a citizen
	}
	return rs, nil
}

// Report returns a report u may read with its handling, its events and its
// possible duplicates. A department user also reads new reports, to know
// what awaits dispatch.
func (s *Service) Report(ctx context.Context, by *models.User, id int64) (*ReportView, error) {
	if err := s.policy.Gate(by, KindReport, Read); err != nil {
		return nil, err
	}
	rep, h, err := s.store.Report(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.policy.Report(by, rep, Read); err != nil && !(rep.Status == models.ReportNew && by.Role == models.RoleDepartment) {
		return nil, err
	}
	v := &ReportView{Report: rep, Handling: h}
	if !s.policy.SeesReporter(by, rep) {
		rep.ReporterID = nil
	} else if err := s.auditReporterView(ctx, by, "report", rep); err != nil {
		return nil, err
	}
	if v.Events, err = s.store.ReportEvents(ctx, id); err != nil {
		return nil, err
	}
	if v.Duplicates, err = s.store.PossibleDuplicates(ctx, rep); err != nil {
		return nil, err
	}
	for i := range v.Duplicates {
		v.Duplicates[i].ReporterID = nil // the same citizen must not be traceable across reports
	}
	return v, nil
}

// ActOnReport applies one action of the queue to a report u may change: a
// street user its street's reports, a department user those dispatched to
// it. A verified report may be pinned only on a firm u may change, and
// merged only into a report u may change.
func (s *Service) ActOnReport(ctx context.Context, by *models.User, id int64, act ReportAction) error {
	if err := s.policy.Gate(by, KindReport, Change); err != nil {
		return err
	}
	rep, _, err := s.store.Report(ctx, id)
	if err != nil {
		return err
	}
	if err := s.policy.Report(by, rep, Change); err != nil {
		if s.policy.Report(by, rep, Read) == nil || (rep.Status == models.ReportNew && by.Role == models.RoleDepartment) {
			return forbidden()
		}
		return err
	}
	if act.Action == ActResolve && act.Verified && act.EnterpriseID > 0 {
		e, err := s.store.Enterprise(ctx, act.EnterpriseID)
		if err != nil {
			return err
		}
		if err := s.policy.Firm(by, e.StreetCode, Change); err != nil {
			return models.Errorf(models.EFORBIDDEN, "只能认定本辖区企业的举报属实")
		}
	}
	if act.Action == ActMerge && act.MergeInto > 0 {
		into, _, err := s.store.Report(ctx, act.MergeInto)
		if err != nil {
			return err
		}
		if err := s.policy.Report(by, into, Change); err != nil {
			return models.Errorf(models.EFORBIDDEN, "只能合并到本辖区的举报")
		}
	}
	return s.actOnReport(ctx, by.Username, id, act)
}
