package main

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"strings"
	"time"

	"selfcheck/app/regulator"
	"selfcheck/models"
	"selfcheck/models/questionnaire"
	"selfcheck/templates"
)

// App is the wired program that every command starts from: configuration,
// the store, and the reference data from templates.
type App struct {
	cfg      Config
	store    *models.Store
	district *models.District
	calendar *models.Calendar
	credit   *regulator.Credit
	// reg runs the regulator workflows; built once credit and the
	// questionnaires are loaded.
	reg *regulator.Service
	// dash is the dashboard, once routes has built it.
	dash interface{ PurgeSessions(context.Context) error }
	// questionnaires maps each shipped questionnaire's slug to the id of its
	// newest stored version.
	questionnaires map[string]int64
	// parsed holds the shipped questionnaires by slug, parsed once.
	parsed map[string]*questionnaire.Template
	assets fs.FS
	log    *slog.Logger
	now    func() time.Time
	// out talks to WeChat's API (app/outbox_worker.go), built on first use.
	out outboundSlot
}

// openApp loads the configuration, opens the database, migrates it when asked
// and loads the reference data. The caller closes the App.
func openApp(ctx context.Context, e *env, migrate bool) (*App, error) {
	cfg, err := LoadConfig(e.getenv)
	if err != nil {
		return nil, err
	}
	return newApp(ctx, cfg, templates.FS, migrate)
}

func newApp(ctx context.Context, cfg Config, assets fs.FS, migrate bool) (*App, error) {
	a := &App{cfg: cfg, assets: assets, log: slog.Default(), now: time.Now}
	var err error
	if a.district, err = models.LoadDistrict(assets, "district.yaml"); err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	if a.calendar, err = models.LoadCalendar(assets, "holidays.yaml", cfg.TZ); err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	if y := a.now().In(cfg.TZ).Year(); a.calendar.LastYear() < y+1 && a.now().In(cfg.TZ).Month() >= time.December {
		a.log.Warn("holiday calendar ends soon: add next year's official holidays to templates/holidays.yaml", "last_year", a.calendar.LastYear())
	}
	installDriverLoggers()
	if a.store, err = models.Open(ctx, cfg.DatabaseURL); err != nil {
		return nil, err
	}
	a.store.Now = func() time.Time { return a.now() }
	if migrate {
		n, err := a.store.Migrate(ctx)
		if err != nil {
			a.store.Close()
			if path, ok := strings.CutPrefix(cfg.DatabaseURL, "sqlite://"); ok {
				// "database or disk is full" names neither.
				return nil, fmt.Errorf("sqlite database %s: %w", path, err)
			}
			return nil, err
		}
		if n > 0 {
			a.log.Info("database migrated", "applied", n, "version", models.LatestSchemaVersion())
		}
		if err := a.setupDataKey(ctx); err != nil {
			a.store.Close()
			return nil, err
		}
		if a.credit, err = regulator.LoadCredit(ctx, a.store, assets, cfg.TZ, a.log); err != nil {
			a.store.Close()
			return nil, err
		}
		if err := a.loadQuestionnaires(ctx); err != nil {
			a.store.Close()
			return nil, err
		}
		if err := a.newRegulator(); err != nil {
			a.store.Close()
			return nil, err
		}
	} else if err := a.setupDataKey(ctx); err != nil {
		a.store.Close()
		return nil, err
	}
	return a, nil
}

// Close releases the database.
func (a *App) Close() error { a.closeOutbound(); return a.store.Close() }

// today is the start of the current day in SELFCHECK_TZ.
func (a *App) today() time.Time {
	t := a.now().In(a.cfg.TZ)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, a.cfg.TZ)
}
