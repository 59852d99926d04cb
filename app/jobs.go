package main

import (
	"context"
	"fmt"
	"os"
	"time"
)

// replicaName names this process among the replicas: host and pid, as the
// outbox sender names its claims.
func replicaName() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s:%d", host, os.Getpid())
}

// jobPeriod names the period of length every that t falls in, the same on
// every replica whatever its time zone: 2026-12-05T09:45Z for a 15-minute
// period starting then.
func jobPeriod(t time.Time, every time.Duration) string {
	return t.UTC().Truncate(every).Format("2006-01-02T15:04Z")
}

// runOncePerPeriod runs fn unless another replica ran job for the period of
// length every that now falls in, or is running it: every replica schedules
// the same jobs and the database's job_leases row lets one through per
// period. A replica that dies mid-run holds the job for at most lease; the
// next period catches up, each job being harmless to repeat. It reports
// whether this replica ran fn.
func (a *App) runOncePerPeriod(ctx context.Context, job string, every, lease time.Duration, fn func(context.Context)) (bool, error) {
	period := jobPeriod(a.now(), every)
	holder := replicaName()
	ok, err := a.store.ClaimJob(ctx, job, period, holder, lease)
	if err != nil || !ok {
		return false, err
	}
	a.log.Info("periodic job started", "job", job, "period", period, "replica", holder)
	fn(ctx)
	// A cancelled run still finishes its lease: the next replica may go on.
	if err := a.store.FinishJob(context.WithoutCancel(ctx), job, period, holder); err != nil {
		return true, err
	}
	a.log.Info("periodic job finished", "job", job, "period", period, "replica", holder)
	return true, nil
}
