package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"selfcheck/app/web"
	"selfcheck/models"
	"selfcheck/scoring"
)

// dashboard builds the regulators' dashboard and JSON API (/admin/, /api/v1/).
func (a *App) dashboard() (*web.Server, error) {
	return web.New(web.Deps{
		Store:    a.store,
		District: a.district,
		Credit:   webCredit{a.credit},
		Assets:   a.assets,
		Location: a.cfg.TZ,
		Now:      func() time.Time { return a.now() },
		Logger:   a.log,
		Secure:   strings.HasPrefix(a.cfg.PublicBaseURL, "https://"),
		// Login throttling counts the client address behind these proxies.
		TrustedProxies: a.cfg.TrustedProxies,
		BindQR: func(ctx context.Context, code string, ttl time.Duration) ([]byte, error) {
			q, err := a.bindQR(ctx, code, ttl)
			if err != nil {
				return nil, err
			}
			return q.PNG, nil
		},
		Inspections: webInspections{a},
		Workflows:   workflows{a},
	})
}

// webCredit hands the dashboard the credit model under the parameters in
// force.
type webCredit struct{ c *credit }

var _ web.Credit = webCredit{}

func (w webCredit) Scorer() models.Scorer { return w.c.scorer(true) }

func (w webCredit) Score(ledger []models.CreditEvent, at time.Time) scoring.Result {
	return w.c.score(ledger, at)
}

func (w webCredit) Penalty(id int64, sev scoring.Severity, occurred time.Time) (models.CreditEvent, error) {
	return w.c.event(id, scoring.KindPenalty, sev, occurred, "penalty", 0)
}

func (w webCredit) Repair(id int64, points decimal.Decimal, occurred time.Time) (models.CreditEvent, error) {
	p := w.c.current
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
