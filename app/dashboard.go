package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"selfcheck/app/regulator"
	"selfcheck/app/web"
	"selfcheck/bot"
	"selfcheck/models"
)

// newRegulator builds the regulator workflows over the store, the
// reference data and the outbox.
func (a *App) newRegulator() error {
	checklist, err := a.checklist()
	if err != nil {
		return err
	}
	depts, err := regulator.LoadDepartments(a.assets, "departments.yaml")
	if err != nil {
		return fmt.Errorf("templates: %w", err)
	}
	a.reg, err = regulator.New(regulator.Config{
		Store: a.store, District: a.district, Calendar: a.calendar, Checklist: checklist, Departments: depts,
		Credit: a.credit, Outbox: a.enqueueNotices, Location: a.cfg.TZ, DataDir: a.cfg.DataDir,
	})
	if err != nil {
		return err
	}
	a.reg.Now = func() time.Time { return a.now() }
	a.reg.Log = a.log
	return nil
}

// enqueueNotices puts notices in the outbox within tx and wakes the sender.
func (a *App) enqueueNotices(ctx context.Context, tx *models.Store, ns ...bot.Notice) error {
	out, err := a.outbound()
	if err != nil {
		return err
	}
	if _, err := out.outbox.In(tx).Enqueue(ctx, ns...); err != nil {
		return err
	}
	out.sender.Wake()
	return nil
}

// cliActor is the actor of the commands that run workflows: an
// administrator named as the audit log has always named the CLI.
var cliActor = &models.User{Username: "cli", Role: models.RoleAdmin}

// dashboard builds the regulators' dashboard and JSON API (/admin/, /api/v1/).
func (a *App) dashboard() (*web.Server, error) {
	return web.New(web.Deps{
		Store:     a.store,
		District:  a.district,
		Regulator: a.reg,
		Assets:    a.assets,
		Location:  a.cfg.TZ,
		Now:       func() time.Time { return a.now() },
		Logger:    a.log,
		Secure:    strings.HasPrefix(a.cfg.PublicBaseURL, "https://"),
		// Login throttling counts the client address behind these proxies.
		TrustedProxies: a.cfg.TrustedProxies,
		Simulation:     web.SimulationOptions{Report: filepath.Join(a.cfg.DataDir, "simulation.json"), Sweep: filepath.Join(a.cfg.DataDir, "simulation-sweep.json"), Auto: a.cfg.Demo},
		BindQR: func(ctx context.Context, code string, ttl time.Duration) ([]byte, error) {
			q, err := a.bindQR(ctx, code, ttl)
			if err != nil {
				return nil, err
			}
			return q.PNG, nil
		},
	})
}
