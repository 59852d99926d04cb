package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"selfcheck/app/regulator"
	"selfcheck/models"
)

// Defaults of `selfcheck plan`.
const (
	defaultYearlyCap = 4 // visits per firm per calendar year
	defaultRouteSize = 6 // visits per inspector team per day
)

func init() {
	register(command{
		name:    "plan",
		summary: "Merge the open inspection orders of a period into visits (一体指令), draw the inspectors (双随机), store the plan and print its explanation.",
		usage:   "--from YYYY-MM-DD --to YYYY-MM-DD [--seed S] [--cap N] [--route-size N]",
		flags: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			from := fs.String("from", "", "first day of the plan")
			to := fs.String("to", "", "last day of the plan")
			seed := fs.Uint64("seed", 0, "seed of the inspector draws (default: a fresh random seed, printed and stored)")
			yearCap := fs.Int("cap", defaultYearlyCap, "most visits per firm per calendar year (0: no cap)")
			routeSize := fs.Int("route-size", defaultRouteSize, "most visits per inspector team per day")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usagef("unexpected argument %q", args[0])
				}
				a, err := openApp(ctx, e, true)
				if err != nil {
					return err
				}
				defer a.Close()
				f, err1 := time.ParseInLocation(time.DateOnly, *from, a.cfg.TZ)
				t, err2 := time.ParseInLocation(time.DateOnly, *to, a.cfg.TZ)
				if err1 != nil || err2 != nil {
					return usagef("--from and --to take dates as YYYY-MM-DD")
				}
				s := *seed
				if s == 0 {
					s = randomSeed()
				}
				res, err := a.reg.MakePlan(ctx, cliActor, regulator.PlanInput{From: f, To: t, Seed: s, YearlyCap: *yearCap, RouteSize: *routeSize})
				if err != nil {
					if models.ErrorCode(err) != models.EINTERNAL {
						return errors.New(models.ErrorMessage(err))
					}
					return err
				}
				fmt.Fprintf(e.stdout, "plan %d  %s..%s  seed %d  orders %d  visits %d  skipped %d  routes %d\n",
					res.PlanID, *from, *to, s, res.Orders, len(res.Plan.Visits), len(res.Plan.Skips), len(res.Plan.Routes))
				for _, l := range res.Plan.Explanation {
					fmt.Fprintln(e.stdout, l)
				}
				return nil
			}
		},
	})
}
