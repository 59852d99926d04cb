package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/goccy/go-yaml"

	"selfcheck/models"
)

// shippedRetention is the retention policy in templates/.
const shippedRetention = "retention.yaml"

// Retention is how long each kind of personal data is kept, in days; 0
// keeps it forever. See templates/retention.yaml.
type Retention struct {
	ReportsDays          int `yaml:"reports_days"`
	PhotosDays           int `yaml:"photos_days"`
	HouseholdAnswersDays int `yaml:"household_answers_days"`
	ConversationsDays    int `yaml:"conversations_days"`
	DedupeKeysDays       int `yaml:"dedupe_keys_days"`
	BindAttemptsDays     int `yaml:"bind_attempts_days"`
	MessagesDays         int `yaml:"messages_days"`
}

// loadRetention reads the retention policy: file when set
// (SELFCHECK_RETENTION), else the shipped one in assets. Every key must be
// present, so that a typo does not silently keep data forever.
func loadRetention(assets fs.FS, file string) (Retention, error) {
	var (
		src []byte
		err error
	)
	if file != "" {
		src, err = os.ReadFile(file)
	} else {
		src, err = fs.ReadFile(assets, shippedRetention)
		file = "templates/" + shippedRetention
	}
	if err != nil {
		return Retention{}, fmt.Errorf("retention policy: %w", err)
	}
	var keys map[string]int
	if err := yaml.Unmarshal(src, &keys); err != nil {
		return Retention{}, fmt.Errorf("retention policy %s: %w", file, err)
	}
	var r Retention
	if err := yaml.UnmarshalWithOptions(src, &r, yaml.Strict()); err != nil {
		return Retention{}, fmt.Errorf("retention policy %s: %w", file, err)
	}
	for _, k := range []string{"reports_days", "photos_days", "household_answers_days", "conversations_days",
		"dedupe_keys_days", "bind_attempts_days", "messages_days"} {
		v, ok := keys[k]
		if !ok {
			return Retention{}, fmt.Errorf("retention policy %s: %s is missing (0 keeps forever)", file, k)
		}
		if v < 0 {
			return Retention{}, fmt.Errorf("retention policy %s: %s is negative", file, k)
		}
	}
	if r.DedupeKeysDays == 0 {
		return Retention{}, fmt.Errorf("retention policy %s: dedupe_keys_days must be at least 1: a key is what makes WeChat's retries harmless", file)
	}
	return r, nil
}

// Cutoffs turns the policy into instants before now.
func (r Retention) Cutoffs(now time.Time) models.RetentionCutoffs {
	before := func(days int) time.Time {
		if days <= 0 {
			return time.Time{}
		}
		return now.AddDate(0, 0, -days)
	}
	return models.RetentionCutoffs{
		Reports: before(r.ReportsDays), Photos: before(r.PhotosDays), HouseholdAnswers: before(r.HouseholdAnswersDays),
		Conversations: before(r.ConversationsDays), DedupeKeys: before(r.DedupeKeysDays),
		BindAttempts: before(r.BindAttemptsDays), Messages: before(r.MessagesDays),
	}
}

// retentionJob is the daily job's name in job_leases.
const retentionJob = "retention"

// applyRetention applies the retention policy as of now, removes the photo
// files the sweep freed and logs what it did.
func (a *App) applyRetention(ctx context.Context, policy Retention) error {
	res, err := a.store.ApplyRetention(ctx, policy.Cutoffs(a.now()))
	if res != nil {
		if ferr := removePhotoFiles(a.cfg.DataDir, res.Files); ferr != nil && err == nil {
			err = ferr
		}
	}
	summary, _ := json.Marshal(res)
	if err != nil {
		return fmt.Errorf("retention (after %s): %w", summary, err)
	}
	a.log.Info("retention applied", "result", string(summary))
	return nil
}

// retentionOnce runs the retention sweep unless another replica ran it for
// the current UTC day (runOncePerPeriod), and reports whether this one did.
func (a *App) retentionOnce(ctx context.Context, policy Retention) (bool, error) {
	var err error
	ran, cerr := a.runOncePerPeriod(ctx, retentionJob, 24*time.Hour, time.Hour, func(ctx context.Context) {
		err = a.applyRetention(ctx, policy)
	})
	if cerr != nil {
		return ran, cerr
	}
	return ran, err
}

// runRetention applies the retention policy once a day, checking first
// after delay (a start is busy enough) and then every interval whether
// today's sweep is still unclaimed, until ctx ends.
func (a *App) runRetention(ctx context.Context, delay, interval time.Duration) {
	policy, err := loadRetention(a.assets, a.cfg.RetentionFile)
	if err != nil {
		a.log.Error("retention job not started", "err", err)
		return
	}
	t := time.NewTimer(delay)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if _, err := a.retentionOnce(ctx, policy); err != nil && ctx.Err() == nil {
			a.log.Error("retention", "err", err)
		}
		t.Reset(interval)
	}
}
