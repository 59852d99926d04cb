package regulator

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"selfcheck/app/scoringconf"
	"selfcheck/models"
	"selfcheck/scoring"
)

// Credit connects the pure credit model to the ledger: it prices new events
// with the parameters in force, scores ledgers with the version each score
// records, and keeps every stored parameter version it has parsed.
type Credit struct {
	store   *models.Store
	loc     *time.Location
	current scoring.Params

	mu       sync.Mutex
	versions map[int64]scoring.Params
}

// LoadCredit stores the shipped scoring.yaml of assets as a new parameter
// version when its content changed, then takes the newest stored version
// (which may be a later edit from the dashboard) as the one in force.
func LoadCredit(ctx context.Context, store *models.Store, assets fs.FS, loc *time.Location, log *slog.Logger) (*Credit, error) {
	_, src, err := scoringconf.Load(assets, "scoring.yaml")
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	saved, created, err := store.SaveScoringParams(ctx, src, "shipped templates/scoring.yaml", "system")
	if err != nil {
		return nil, err
	}
	if created {
		log.Info("new scoring parameter version stored", "version", saved.ID)
	}
	latest, err := store.LatestScoringParams(ctx)
	if err != nil {
		return nil, err
	}
	c := &Credit{store: store, loc: loc, versions: map[int64]scoring.Params{}}
	if c.current, err = c.version(ctx, latest.ID); err != nil {
		return nil, err
	}
	return c, nil
}

// version returns the parsed parameters of a stored version.
func (c *Credit) version(ctx context.Context, id int64) (scoring.Params, error) {
	c.mu.Lock()
	p, ok := c.versions[id]
	c.mu.Unlock()
	if ok {
		return p, nil
	}
	row, err := c.store.ScoringParamsVersion(ctx, id)
	if err != nil {
		return scoring.Params{}, err
	}
	if p, err = scoringconf.Parse([]byte(row.Source)); err != nil {
		return scoring.Params{}, fmt.Errorf("scoring parameter version %d: %w", id, err)
	}
	p.Version = id
	c.mu.Lock()
	c.versions[id] = p
	c.mu.Unlock()
	return p, nil
}

// Event prices a new ledger event with the parameters in force.
func (c *Credit) Event(enterpriseID int64, kind scoring.Kind, sev scoring.Severity, occurred time.Time, sourceType string, sourceID int64) (models.CreditEvent, error) {
	points, expires, rule, err := c.current.Points(kind, sev, occurred)
	if err != nil {
		return models.CreditEvent{}, fmt.Errorf("price %s: %w", scoring.RuleID(kind, sev), err)
	}
	return models.CreditEvent{
		EnterpriseID: enterpriseID, Kind: string(kind), Severity: string(sev), Points: points,
		OccurredAt: occurred.UTC(), ExpiresAt: expires.UTC(), Rule: rule,
		SourceType: sourceType, SourceID: sourceID,
		SourceKey: fmt.Sprintf("%s:%d:%s", sourceType, sourceID, kind),
		ParamsID:  c.current.Version,
	}, nil
}

// Scorer returns the models.Scorer of the parameters in force. With explain,
// each result carries its explanation as JSON; bulk recomputes leave it out,
// since any score can be replayed from its ledger and parameter version.
func (c *Credit) Scorer(explain bool) models.Scorer {
	p := c.current
	evaluate := scoring.Summarize
	if explain {
		evaluate = scoring.Score
	}
	return func(e *models.Enterprise, ledger []models.CreditEvent, at time.Time) models.ScoreResult {
		r := evaluate(p, ToEvents(ledger), at.In(c.loc))
		out := models.ScoreResult{
			Raw: r.Raw, Shown: r.Shown, Grade: string(r.Grade), Decision: string(r.Decision.Mode),
			ParamsID: p.Version,
		}
		if !r.NextExpiry.IsZero() {
			t := r.NextExpiry.UTC()
			out.NextExpiry = &t
		}
		if explain {
			b, _ := json.Marshal(explanationOf(r))
			out.Explanation = string(b)
		}
		return out
	}
}

// Score scores a firm's ledger at a given time under the parameters in force.
func (c *Credit) Score(ledger []models.CreditEvent, at time.Time) scoring.Result {
	return scoring.Score(c.current, ToEvents(ledger), at.In(c.loc))
}

// explanation is the stored form of a score's explanation.
type explanation struct {
	Grade     string   `json:"grade"`
	Shown     string   `json:"shown"`
	Raw       string   `json:"raw"`
	Reasons   []string `json:"reasons"`
	Raise     []string `json:"raise"`
	Overrides []string `json:"overrides,omitempty"`
	Decision  string   `json:"decision"`
}

func explanationOf(r scoring.Result) explanation {
	x := explanation{
		Grade: string(r.Grade), Shown: r.Shown.StringFixed(2), Raw: r.Raw.StringFixed(2),
		Reasons: r.Reasons, Raise: r.Raise, Decision: r.Decision.Text,
	}
	for _, o := range r.Overrides {
		x.Overrides = append(x.Overrides, o.Text)
	}
	return x
}

// ToEvents maps ledger rows to the credit model's events.
func ToEvents(ledger []models.CreditEvent) []scoring.Event {
	evs := make([]scoring.Event, len(ledger))
	for i, l := range ledger {
		evs[i] = scoring.Event{
			ID: l.ID, Kind: scoring.Kind(l.Kind), Severity: scoring.Severity(l.Severity), Points: l.Points,
			Occurred: l.OccurredAt, Expires: l.ExpiresAt, Rule: l.Rule,
			Source: scoring.Source{Type: l.SourceType, ID: l.SourceID},
		}
	}
	return evs
}

// ExplainCredit scores a firm's ledger now with the parameters in force: the
// live explanation the chat's 我的信用 and the enterprise file show.
func (s *Service) ExplainCredit(ctx context.Context, enterpriseID int64) (scoring.Result, error) {
	ledger, err := s.store.CreditEvents(ctx, enterpriseID)
	if err != nil {
		return scoring.Result{}, err
	}
	return s.credit.Score(ledger, s.now()), nil
}

// Penalty prices an administrative penalty of a severity.
func (c *Credit) Penalty(id int64, sev scoring.Severity, occurred time.Time) (models.CreditEvent, error) {
	return c.Event(id, scoring.KindPenalty, sev, occurred, "penalty", 0)
}

// Repair prices a manual credit repair of the given points.
func (c *Credit) Repair(id int64, points decimal.Decimal, occurred time.Time) (models.CreditEvent, error) {
	p := c.current
	pts, expires, rule, err := p.RepairPoints(points, occurred)
	if err != nil {
		return models.CreditEvent{}, fmt.Errorf("price credit repair: %w", err)
	}
	return models.CreditEvent{
		EnterpriseID: id, Kind: string(scoring.KindCreditRepair), Points: pts,
		OccurredAt: occurred.UTC(), ExpiresAt: expires.UTC(), Rule: rule,
		SourceType: "manual", ParamsID: p.Version,
	}, nil
}

// Params returns the scoring parameters in force.
func (c *Credit) Params() scoring.Params { return c.current }
