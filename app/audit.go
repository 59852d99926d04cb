package main

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"strconv"

	"selfcheck/models"
	"selfcheck/scoring"
)

func init() {
	register(command{
		name:    "audit",
		summary: "Draw a random audit round (双随机) over the current grades, store it with its seed and print the list.",
		usage:   "[--seed S] [--show ROUND]",
		flags: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			seed := fs.Uint64("seed", 0, "seed of the draw (default: a fresh random seed, printed and stored)")
			show := fs.Int64("show", 0, "print a stored round instead of drawing one")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usagef("unexpected argument %q", args[0])
				}
				a, err := openApp(ctx, e, true)
				if err != nil {
					return err
				}
				defer a.Close()
				id := *show
				if id == 0 {
					s := *seed
					if s == 0 {
						s = randomSeed()
					}
					if id, err = a.drawAudit(ctx, s, "cli"); err != nil {
						return err
					}
				}
				return a.printAudit(ctx, e, id)
			}
		},
	})
}

// randomSeed draws a seed from the operating system; the draw itself is
// reproducible from the seed it stores.
func randomSeed() uint64 {
	var b [8]byte
	rand.Read(b[:])
	return binary.LittleEndian.Uint64(b[:]) >> 1 // fits a signed BIGINT
}

// drawAudit draws an exact-size sample per grade from the current grades with
// the audit rates in force and stores the round.
func (a *App) drawAudit(ctx context.Context, seed uint64, by string) (int64, error) {
	return a.drawAuditFor(ctx, seed, by, nil)
}

// drawAuditFor is drawAudit for a scheduled round of a period (nil: drawn by
// hand); a period already drawn is ECONFLICT.
func (a *App) drawAuditFor(ctx context.Context, seed uint64, by string, period *string) (int64, error) {
	firms, err := a.store.ScoredFirms(ctx)
	if err != nil {
		return 0, err
	}
	pop := make([]scoring.Candidate, len(firms))
	for i, f := range firms {
		pop[i] = scoring.Candidate{ID: strconv.FormatInt(f.EnterpriseID, 10), Grade: scoring.Grade(f.Grade)}
	}
	rates := a.credit.Params().AuditRates()
	draw := scoring.DrawAudit(pop, rates, seed)
	type group struct {
		Count int    `json:"count"`
		Size  int    `json:"size"`
		Rate  string `json:"rate"`
	}
	counts := map[string]group{}
	var picks []models.AuditPick
	for _, g := range draw.Groups {
		counts[string(g.Grade)] = group{g.Count, g.Size, g.Rate.String()}
		for _, id := range g.Selected {
			n, _ := strconv.ParseInt(id, 10, 64)
			picks = append(picks, models.AuditPick{EnterpriseID: n, Grade: string(g.Grade)})
		}
	}
	ratesJSON, _ := json.Marshal(rates)
	countsJSON, _ := json.Marshal(counts)
	r := &models.AuditRound{Seed: int64(seed), Rates: string(ratesJSON), Counts: string(countsJSON), CreatedBy: by, Period: period}
	if err := a.store.SaveAuditRound(ctx, r, picks); err != nil {
		return 0, err
	}
	return r.ID, nil
}

func (a *App) printAudit(ctx context.Context, e *env, id int64) error {
	r, picks, err := a.store.AuditRoundWithPicks(ctx, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "audit round %d  seed %d  method %s\nper grade: %s\n", r.ID, r.Seed, scoring.AuditMethod, r.Counts)
	for _, p := range picks {
		f, err := a.store.Enterprise(ctx, p.EnterpriseID)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s\t%s\t%s\n", p.Grade, f.USCC, f.Name)
	}
	return nil
}
