package main

import (
	"context"
	"fmt"

	"selfcheck/app/scoringconf"
	"selfcheck/models"
)

// drawScheduledAudit draws the random audit round (双随机) of the current
// period under audit.cadence of the scoring parameters in force, unless it
// was drawn. Several replicas may try at once: the period is unique, so the
// second insert is a conflict and that replica leaves it. It returns the
// round's id (0 when there are no scored firms yet) and whether this call
// drew it.
func (a *App) drawScheduledAudit(ctx context.Context) (int64, bool, error) {
	row, err := a.store.ScoringParamsVersion(ctx, a.credit.Params().Version)
	if err != nil {
		return 0, false, err
	}
	cadence, err := scoringconf.AuditCadence([]byte(row.Source))
	if err != nil {
		return 0, false, fmt.Errorf("scoring parameters %d: %w", row.ID, err)
	}
	period := cadence.Period(a.now().In(a.cfg.TZ))
	r, err := a.store.AuditRoundOfPeriod(ctx, period)
	if err == nil {
		return r.ID, false, nil
	} else if models.ErrorCode(err) != models.ENOTFOUND {
		return 0, false, err
	}
	if ok, err := a.store.HasScoredFirms(ctx); err != nil || !ok {
		return 0, false, err
	}
	id, err := a.drawAuditFor(ctx, randomSeed(), "schedule", &period)
	if models.ErrorCode(err) == models.ECONFLICT {
		r, err := a.store.AuditRoundOfPeriod(ctx, period)
		if err != nil {
			return 0, false, err
		}
		return r.ID, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	return id, true, nil
}
