package regulator

import (
	"context"
	"io"
	"slices"
	"time"

	"selfcheck/models"
)

// ChecklistItem is a checklist item as the order form offers it.
type ChecklistItem struct {
	ID, Theme, Text, Department, Severity string
	CoDepartments                         []string
}

// Checklist lists the items of the standardized checklist an order may
// cite, in checklist order. It is reference data, public to every role.
func (s *Service) Checklist() []ChecklistItem {
	t, err := s.checklist()
	if err != nil {
		return nil
	}
	var out []ChecklistItem
	for _, it := range t.Items {
		if it.Department == "" {
			continue
		}
		text := it.Short
		if text == "" {
			text = it.Text
		}
		out = append(out, ChecklistItem{ID: it.ID, Theme: it.Theme, Text: text, Department: it.Department,
			Severity: severityOf(it.Severity, ""), CoDepartments: it.CoDepartments})
	}
	return out
}

// Visit returns a visit u may read: a street user its street's, a
// department user one carrying its items, an inspector one it is drawn for.
func (s *Service) Visit(ctx context.Context, by *models.User, id int64) (*models.PlannedVisit, error) {
	return s.visit(ctx, by, id, Read)
}

func (s *Service) visit(ctx context.Context, by *models.User, id int64, a Access) (*models.PlannedVisit, error) {
	if err := s.policy.Gate(by, KindVisit, a); err != nil {
		return nil, err
	}
	v, err := s.store.VisitByID(ctx, id)
	if err != nil {
		return nil, err
	}
	e, err := s.store.Enterprise(ctx, v.EnterpriseID)
	if err != nil {
		return nil, err
	}
	if err := s.policy.Visit(by, &v.Visit, e.StreetCode, a); err != nil {
		return nil, err
	}
	return v, nil
}

// RecordOnsite records the results of a visit u may change (see
// recordOnsite).
func (s *Service) RecordOnsite(ctx context.Context, by *models.User, visitID int64, results []ItemResult) (*OnsiteResult, error) {
	if _, err := s.visit(ctx, by, visitID, Change); err != nil {
		return nil, err
	}
	return s.recordOnsite(ctx, by.Username, visitID, results)
}

// rectificationAccess asks the policy about a finding's rectification.
func (s *Service) rectificationAccess(ctx context.Context, by *models.User, f *models.Finding, a Access) error {
	if err := s.policy.Gate(by, KindRectification, a); err != nil {
		return err
	}
	e, err := s.store.Enterprise(ctx, f.EnterpriseID)
	if err != nil {
		return err
	}
	return s.policy.Rectification(by, f, e.StreetCode, a)
}

// finding loads a finding u may have access to.
func (s *Service) finding(ctx context.Context, by *models.User, id int64, a Access) (*models.Finding, error) {
	if err := s.policy.Gate(by, KindRectification, a); err != nil {
		return nil, err
	}
	fs, err := s.store.FindingsByID(ctx, []int64{id})
	if err != nil {
		return nil, err
	}
	f, ok := fs[id]
	if !ok {
		return nil, notFound("隐患")
	}
	if err := s.rectificationAccess(ctx, by, &f, a); err != nil {
		return nil, err
	}
	return &f, nil
}

// rectification checks u's access to a rectification's finding.
func (s *Service) rectification(ctx context.Context, by *models.User, id int64, a Access) error {
	if err := s.policy.Gate(by, KindRectification, a); err != nil {
		return err
	}
	r, err := s.store.Rectification(ctx, id)
	if err != nil {
		return err
	}
	_, err = s.finding(ctx, by, r.FindingID, a)
	return err
}

// VerifyFix accepts or rejects a fix report on a finding u may change.
func (s *Service) VerifyFix(ctx context.Context, by *models.User, rectificationID int64, accept bool, note string) error {
	if err := s.rectification(ctx, by, rectificationID, Change); err != nil {
		return err
	}
	return s.verifyFix(ctx, by.Username, rectificationID, accept, note)
}

// DecideDeferral approves or refuses a deferral request on a finding u may
// change.
func (s *Service) DecideDeferral(ctx context.Context, by *models.User, rectificationID int64, approve bool, reason string) error {
	if err := s.rectification(ctx, by, rectificationID, Change); err != nil {
		return err
	}
	return s.decideDeferral(ctx, by.Username, rectificationID, approve, reason)
}

// ScheduleRevisit plans a re-visit of a finding u may change on a day,
// drawing two inspectors of dept.
func (s *Service) ScheduleRevisit(ctx context.Context, by *models.User, findingID int64, on time.Time, dept string) (*models.Visit, error) {
	if _, err := s.finding(ctx, by, findingID, Change); err != nil {
		return nil, err
	}
	return s.scheduleRevisit(ctx, by.Username, findingID, on, dept)
}

// CreateOrder validates and stores an order in the name of a department u
// may order for.
func (s *Service) CreateOrder(ctx context.Context, by *models.User, in OrderInput) (*models.InspectionOrder, error) {
	if err := s.policy.Gate(by, KindOrder, Change); err != nil {
		return nil, err
	}
	return s.createOrder(ctx, by, in)
}

// MakePlan merges the open orders of a period into visits and stores the
// plan; only an admin plans.
func (s *Service) MakePlan(ctx context.Context, by *models.User, in PlanInput) (*PlanResult, error) {
	if err := s.policy.Plan(by, Change); err != nil {
		return nil, err
	}
	return s.makePlan(ctx, in, by.Username)
}

// Burden computes the 减负 report of the plans starting in [from, to]; it
// counts records, names no person, and is open to every regulator.
func (s *Service) Burden(ctx context.Context, by *models.User, from, to time.Time) (*BurdenReport, error) {
	if err := s.policy.Plan(by, Read); err != nil {
		return nil, err
	}
	return s.burdenReport(ctx, from, to)
}

// Publicity returns the results completed in [from, to], newest first;
// limit <= 0 returns them all. They are public: by may be nil.
func (s *Service) Publicity(ctx context.Context, by *models.User, from, to time.Time, limit, offset int) ([]PublicityEntry, error) {
	if err := s.policy.Gate(by, KindPublic, Read); err != nil {
		return nil, err
	}
	return s.publicity(ctx, from, to, limit, offset)
}

// ExportPublicity writes the public results of [from, to] as "csv" or
// "xlsx".
func (s *Service) ExportPublicity(ctx context.Context, by *models.User, w io.Writer, format string, from, to time.Time) error {
	if err := s.policy.Gate(by, KindPublic, Read); err != nil {
		return err
	}
	switch format {
	case "csv":
		return s.exportPublicityCSV(ctx, w, from, to)
	case "xlsx":
		return s.exportPublicityXLSX(ctx, w, from, to)
	}
	return models.Errorf(models.EINVALID, "不支持的导出格式 %s", format)
}

// Visits lists the planned visits u may read, at most limit, selected in
// SQL by its street, its department's items or its draw, then each checked
// by the policy.
func (s *Service) Visits(ctx context.Context, by *models.User, limit int) ([]models.PlannedVisit, error) {
	out, _, err := s.visits(ctx, by, models.VisitQuery{Limit: limit})
	return out, err
}

// VisitsAfter is a page of Visits in (planned day, id) order, continuing
// after the visit (afterOn, afterID) when afterID is set. last is the last
// visit the page examined, to continue from, or nil when there is no more;
// a page may hold fewer than limit visits when the policy hides some.
func (s *Service) VisitsAfter(ctx context.Context, by *models.User, afterOn time.Time, afterID int64, limit int) (out []models.PlannedVisit, last *models.PlannedVisit, err error) {
	return s.visits(ctx, by, models.VisitQuery{Limit: limit + 1, Keyset: true, AfterOn: afterOn, AfterID: afterID})
}

// visits runs q in u's scope; a keyset query asks for one visit more than
// its page, which it drops and answers as last.
func (s *Service) visits(ctx context.Context, by *models.User, q models.VisitQuery) (out []models.PlannedVisit, last *models.PlannedVisit, err error) {
	if err := s.policy.Gate(by, KindVisit, Read); err != nil {
		return nil, nil, err
	}
	sc := s.policy.Scope(by)
	q.Street = sc.StreetFilter()
	switch by.Role {
	case models.RoleDepartment:
		q.Items = sortedKeys(sc.Items)
	case models.RoleInspector:
		q.Street = ""
		if q.Inspector = by.Scope; q.Inspector == "" {
			return nil, nil, nil
		}
	}
	vs, err := s.store.PlannedVisitsOf(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	if q.Keyset && len(vs) >= q.Limit {
		vs = vs[:q.Limit-1]
		v := vs[len(vs)-1]
		last = &v
	}
	ids := make([]int64, 0, len(vs))
	for _, v := range vs {
		ids = append(ids, v.EnterpriseID)
	}
	firms, err := s.store.EnterprisesByID(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	out = vs[:0]
	for _, v := range vs {
		if e, ok := firms[v.EnterpriseID]; ok && s.policy.Visit(by, &v.Visit, e.StreetCode, Read) == nil {
			out = append(out, v)
		}
	}
	return out, last, nil
}

// sortedKeys returns the keys of a set in order, never nil.
func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
