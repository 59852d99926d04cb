package main

import (
	"context"
	"flag"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"selfcheck/models"
	"selfcheck/models/uscc"
)

func init() {
	register(command{
		name:    "score",
		summary: "Recompute credit scores: one firm with its full explanation (--uscc), or every firm (--all).",
		usage:   "--uscc CODE | --all [--resume] [--batch N]",
		flags: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			code := fs.String("uscc", "", "score the firm with this 统一社会信用代码 and print the explanation")
			all := fs.Bool("all", false, "recompute every firm, in batches")
			resume := fs.Bool("resume", true, "with --all, continue an interrupted run of the same parameter version")
			batch := fs.Int("batch", 2000, "with --all, firms per batch")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usagef("unexpected argument %q", args[0])
				}
				if (*code == "") == !*all {
					return usagef("give either --uscc CODE or --all")
				}
				if *batch < 1 || *batch > 50000 {
					return usagef("--batch must be between 1 and 50000")
				}
				a, err := openApp(ctx, e, true)
				if err != nil {
					return err
				}
				defer a.Close()
				if *all {
					return a.scoreAll(ctx, e, *resume, *batch)
				}
				return a.scoreOne(ctx, e, *code)
			}
		},
	})
}

func (a *App) scoreOne(ctx context.Context, e *env, code string) error {
	code = uscc.Normalize(code)
	if err := uscc.Validate(code); err != nil {
		return err
	}
	firm, err := a.store.EnterpriseByUSCC(ctx, code)
	if err != nil {
		return fmt.Errorf("%s", models.ErrorMessage(err))
	}
	if _, err := a.store.Rescore(ctx, firm.ID, a.credit.Scorer(true)); err != nil {
		return err
	}
	ledger, err := a.store.CreditEvents(ctx, firm.ID)
	if err != nil {
		return err
	}
	r := a.credit.Score(ledger, a.now())
	fmt.Fprintf(e.stdout, "%s（%s）\n%s", firm.Name, firm.USCC, r.Explain())
	return nil
}

// scoreAll recomputes every firm, in id ranges of batch ids scored by
// concurrent workers (so the database reads one range while another is being
// scored and written). Progress is committed in score_runs up to the highest
// id below which every range is done, so an interrupted run resumes there.
func (a *App) scoreAll(ctx context.Context, e *env, resume bool, batch int) error {
	total, err := a.store.CountEnterprises(ctx)
	if err != nil {
		return err
	}
	_, maxID, err := a.store.EnterpriseIDRange(ctx)
	if err != nil {
		return err
	}
	run, err := a.store.OpenScoreRun(ctx, a.credit.Params().Version, resume)
	if err != nil {
		return err
	}
	if run.LastEnterpriseID > 0 {
		fmt.Fprintf(e.stderr, "resuming after firm %d (%d scored)\n", run.LastEnterpriseID, run.Scored)
	}
	bar := progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(e.stderr), progressbar.OptionSetDescription("scoring"),
		progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionThrottle(200*time.Millisecond))
	bar.Add64(run.Scored)

	type job struct{ lo, hi int64 }
	type result struct {
		job
		n   int
		err error
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan job)
	results := make(chan result)
	go func() {
		defer close(jobs)
		for lo := run.LastEnterpriseID + 1; lo <= maxID; lo += int64(batch) {
			select {
			case jobs <- job{lo, lo + int64(batch) - 1}:
			case <-ctx.Done():
				return
			}
		}
	}()
	score := a.credit.Scorer(false)
	workers := max(2, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				n, err := a.store.RescoreRange(ctx, j.lo, j.hi, score)
				results <- result{j, n, err}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	// Ranges finish out of order; progress advances over the done prefix.
	done := map[int64]result{}
	var firstErr error
	for r := range results {
		if r.err != nil {
			if firstErr == nil {
				firstErr = r.err
			}
			cancel()
			continue
		}
		done[r.lo] = r
		bar.Add(r.n)
		advanced := false
		for next, ok := done[run.LastEnterpriseID+1]; ok; next, ok = done[run.LastEnterpriseID+1] {
			delete(done, next.lo)
			run.LastEnterpriseID, run.Scored = next.hi, run.Scored+int64(next.n)
			advanced = true
		}
		if advanced && firstErr == nil {
			if err := a.store.SaveScoreRun(ctx, run, false); err != nil {
				firstErr = err
				cancel()
			}
		}
	}
	if firstErr != nil {
		return firstErr
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	bar.Finish()
	if err := a.store.SaveScoreRun(ctx, run, true); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "\nscored %d firms with scoring parameter version %d\n", run.Scored, run.ParamsID)
	return nil
}
