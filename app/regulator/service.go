package regulator

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"selfcheck/bot"
	"selfcheck/models"
	"selfcheck/models/questionnaire"
)

// Outbox enqueues notices in the transaction tx, so that they go out when
// the change they announce commits.
type Outbox func(ctx context.Context, tx *models.Store, ns ...bot.Notice) error

// Config is what a Service is built from. Store, District, Calendar,
// Checklist, Credit and Outbox are required.
type Config struct {
	Store    *models.Store
	District *models.District
	Calendar *models.Calendar
	// Checklist is the enterprise checklist (一表综合巡).
	Checklist *questionnaire.Template
	// Departments are the district's departments, with the fallback
	// department of 无主部件 marked.
	Departments []Department
	Credit      *Credit
	Outbox      Outbox
	// Location is SELFCHECK_TZ; default time.Local.
	Location *time.Location
	// DataDir holds the stored photos.
	DataDir string
}

// Service runs the regulator workflows. Every exported method takes the
// acting user after ctx and asks the Policy first: a denied call returns
// EFORBIDDEN (or ENOTFOUND where the record's existence is private) and
// writes nothing.
type Service struct {
	store        *models.Store
	district     *models.District
	calendar     *models.Calendar
	checklistTpl *questionnaire.Template
	credit       *Credit
	outbox       Outbox
	loc          *time.Location
	dataDir      string
	policy       *Policy

	// Now is the clock; default time.Now.
	Now func() time.Time
	// Log receives what a workflow logs; default slog.Default().
	Log *slog.Logger
}

// New builds a Service.
func New(c Config) (*Service, error) {
	if c.Store == nil || c.District == nil || c.Calendar == nil || c.Checklist == nil || c.Credit == nil || c.Outbox == nil {
		return nil, errors.New("regulator.New: Store, District, Calendar, Checklist, Credit and Outbox are required")
	}
	s := &Service{store: c.Store, district: c.District, calendar: c.Calendar, checklistTpl: c.Checklist,
		credit: c.Credit, outbox: c.Outbox, loc: c.Location, dataDir: c.DataDir,
		policy: NewPolicy(c.Departments, c.Checklist), Now: time.Now, Log: slog.Default()}
	if s.loc == nil {
		s.loc = time.Local
	}
	return s, nil
}

// Policy returns the authorization policy the service consults.
func (s *Service) Policy() *Policy { return s.policy }

// Credit returns the credit model under the parameters in force.
func (s *Service) Credit() *Credit { return s.credit }

// Workdays returns the end of the n-th working day after from.
func (s *Service) Workdays(from time.Time, n int) time.Time { return s.calendar.AddWorkdays(from, n) }

func (s *Service) now() time.Time { return s.Now() }

func (s *Service) checklist() (*questionnaire.Template, error) {
	if s.checklistTpl == nil {
		return nil, fmt.Errorf("regulator: no enterprise checklist")
	}
	return s.checklistTpl, nil
}

// itemName is how a notice names a checklist item to a firm: its short
// label, never its id.
func (s *Service) itemName(id string) string {
	if s.checklistTpl != nil {
		if it := s.checklistTpl.Item(id); it != nil {
			if it.Short != "" {
				return it.Short
			}
			return it.Text
		}
	}
	return id
}
