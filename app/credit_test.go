package main

import (
	"context"
	"selfcheck/app/regulator"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"selfcheck/models"
	"selfcheck/models/modelstest"
	"selfcheck/scoring"
)

var testNow = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

// TestCreditLedgerScores appends events through the ledger and checks the
// stored score is exactly what the pure model makes of the same ledger, that
// SQLite and MariaDB agree, and that an expired mark is re-scored away.
func TestCreditLedgerScores(t *testing.T) {
	results := map[string]string{}
	for _, dialect := range modelstest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			a := newTestApp(t, dialect, testNow)
			firm := modelstest.Enterprise(t, a.store, func(e *models.Enterprise) { e.USCC = "91440604MA4C7WUW3J" })
			c := a.credit
			var evs []models.CreditEvent
			add := func(kind scoring.Kind, sev scoring.Severity, occurred time.Time, id int64) {
				ev, err := c.Event(firm.ID, kind, sev, occurred, "test", id)
				if err != nil {
					t.Fatal(err)
				}
				evs = append(evs, ev)
			}
			add(scoring.KindSelfCheckOnTime, scoring.SeverityNone, testNow.AddDate(0, -2, 0), 1)
			add(scoring.KindFindingOnsite, scoring.SeverityMajor, testNow.AddDate(0, -6, 0), 2)
			add(scoring.KindFindingSelfReported, scoring.SeverityGeneral, testNow.AddDate(0, -11, -20), 3)
			if err := a.store.AppendAndRescore(ctx, evs, c.Scorer(true)); err != nil {
				t.Fatal(err)
			}
			// Appending the same facts again changes nothing.
			if err := a.store.AppendAndRescore(ctx, evs, c.Scorer(true)); err != nil {
				t.Fatal(err)
			}
			ledger, err := a.store.CreditEvents(ctx, firm.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(ledger) != 3 {
				t.Fatalf("ledger has %d events, want 3", len(ledger))
			}
			want := scoring.Score(c.Params(), regulator.ToEvents(ledger), testNow)
			got, err := a.store.CurrentScore(ctx, firm.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Raw.Equal(want.Raw) || !got.Shown.Equal(want.Shown) || got.Grade != string(want.Grade) || got.ParamsID != c.Params().Version {
				t.Errorf("stored score = %s/%s %s v%d, want %s/%s %s v%d", got.Raw, got.Shown, got.Grade, got.ParamsID, want.Raw, want.Shown, want.Grade, c.Params().Version)
			}
			// The firm's one self-check was on time: the best it could score
			// without the finding is the base plus the full habit.
			best := c.Params().Base.Add(c.Params().SelfCheckRate)
			if got.Raw.GreaterThanOrEqual(best) {
				t.Errorf("raw %s with an on-site finding is not below base plus habit %s", got.Raw, best)
			}
			hist, err := a.store.ScoreHistory(ctx, firm.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(hist) != 1 || hist[0].Explanation == "" {
				t.Fatalf("history has %d snapshots (explanation %q), want 1 with an explanation", len(hist), hist[0].Explanation)
			}
			results[dialect] = hist[0].Explanation

			// Eleven days later the self-reported 一般 finding has expired:
			// the daily job finds the firm and its score rises.
			later := testNow.AddDate(0, 0, 11)
			due, err := a.store.DueForRescore(ctx, later, c.Params().Version, 0, 10)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]int64{firm.ID}, due); diff != "" {
				t.Fatalf("DueForRescore (-want +got):\n%s", diff)
			}
			a.now = func() time.Time { return later }
			after, err := a.store.Rescore(ctx, firm.ID, c.Scorer(true))
			if err != nil {
				t.Fatal(err)
			}
			if !after.Raw.GreaterThan(got.Raw) || after.PrevShown == nil || !after.PrevShown.Equal(got.Shown) {
				t.Errorf("after expiry raw = %s (prev %v), want above %s with prev %s", after.Raw, after.PrevShown, got.Raw, got.Shown)
			}
		})
	}
	if results["sqlite"] != results["mysql"] {
		t.Errorf("SQLite and MariaDB explain the same ledger differently:\n%s\n%s", results["sqlite"], results["mysql"])
	}
}

func TestScoreAllResumes(t *testing.T) {
	for _, dialect := range modelstest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			a := newTestApp(t, dialect, testNow)
			for i := 0; i < 5; i++ {
				modelstest.Enterprise(t, a.store, nil)
			}
			run, err := a.store.OpenScoreRun(ctx, a.credit.Params().Version, true)
			if err != nil {
				t.Fatal(err)
			}
			// A first range of two firms is committed, then the run "crashes".
			lo, _, err := a.store.EnterpriseIDRange(ctx)
			if err != nil {
				t.Fatal(err)
			}
			n, err := a.store.RescoreRange(ctx, lo, lo+1, a.credit.Scorer(false))
			if err != nil || n != 2 {
				t.Fatalf("RescoreRange = %d, %v; want 2 firms", n, err)
			}
			run.LastEnterpriseID, run.Scored = lo+1, 2
			if err := a.store.SaveScoreRun(ctx, run, false); err != nil {
				t.Fatal(err)
			}
			var out, errb stringsBuilder
			e := &env{getenv: testEnv(nil), stdout: &out, stderr: &errb}
			if err := a.scoreAll(ctx, e, true, 2); err != nil {
				t.Fatal(err)
			}
			if want := "scored 5 firms"; !strings.HasPrefix(out.firstLine("scored"), want) {
				t.Errorf("scoreAll printed %q, want a line starting %q", out.String(), want)
			}
			var scored int64
			a.store.DB().Model(&models.EnterpriseScore{}).Count(&scored)
			if scored != 5 {
				t.Errorf("%d firms have a score, want 5", scored)
			}
			var fresh models.EnterpriseScore
			a.store.DB().Take(&fresh)
			p := scoring.DefaultParams()
			if want := p.GradeOf(p.Base); !fresh.Shown.Equal(p.Base) || fresh.Grade != string(want) {
				t.Errorf("a firm with no evidence scored %s %s, want %s %s", fresh.Shown, fresh.Grade, p.Base, want)
			}
		})
	}
}
