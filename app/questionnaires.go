package main

import (
	"context"
	"fmt"

	"selfcheck/models/questionnaire"
)

// loadQuestionnaires parses every shipped questionnaire (a bad file stops
// start-up with the file and item named) and stores each as a new version
// when its content changed. Assignments stay pinned to the version they
// started with; new campaigns take the newest.
func (a *App) loadQuestionnaires(ctx context.Context) error {
	ts, err := questionnaire.LoadDir(a.assets, "questionnaires")
	if err != nil {
		return fmt.Errorf("templates: %w", err)
	}
	a.questionnaires = map[string]int64{}
	a.parsed = map[string]*questionnaire.Template{}
	for _, t := range ts {
		a.parsed[t.Slug] = t
		v, created, err := a.store.SaveQuestionnaire(ctx, t.Slug, t.Title, string(t.Audience), t.Source, "system")
		if err != nil {
			return err
		}
		if created && v.Version > 1 {
			a.log.Info("new questionnaire version stored", "slug", t.Slug, "version", v.Version)
		}
		a.questionnaires[t.Slug] = v.ID
	}
	return nil
}

// checklist returns the standardized checklist (一表综合巡), parsed once at
// start.
func (a *App) checklist() (*questionnaire.Template, error) {
	if t := a.parsed["enterprise"]; t != nil {
		return t, nil
	}
	return nil, fmt.Errorf("templates: no enterprise checklist")
}
