package main

import (
	"context"
	"encoding/json"
	"flag"
	"io/fs"

	"selfcheck/app/simulate"
	"selfcheck/templates"
)

func init() {
	register(command{
		name:    "simulate",
		summary: "Run the credit model in a closed loop over a synthetic district and report visits, coverage, AUC and the value of lying.",
		usage:   "[--firms N] [--months M] [--seed S] [--json] [--set key=value]... [--sweep key=from:to:step [--svg FILE]] [--sensitivity] [--out FILE]",
		flags: func(fset *flag.FlagSet) func(context.Context, *env, []string) error {
			firms := fset.Int("firms", 20000, "firms in the synthetic district")
			months := fset.Int("months", 24, "months measured (after the burn-in of simulation.yaml)")
			seed := fset.Uint64("seed", 1, "seed of the district and of every draw")
			asJSON := fset.Bool("json", false, "print the report as JSON")
			sweep := fset.String("sweep", "", "vary one parameter of scoring.yaml or simulation.yaml: key=from:to:step")
			out := fset.String("out", "", "also save the report (or the sweep) as JSON, e.g. DATA_DIR/simulation.json (DATA_DIR/simulation-sweep.json) for the dashboard")
			svg := fset.String("svg", "", "with --sweep: draw the frontier (visits saved against serious violators missed) into this SVG file")
			sens := fset.Bool("sensitivity", false, "move each assumption of simulation.yaml by ±50% and show how the figures move")
			var sets multiFlag
			fset.Var(&sets, "set", "override one number of scoring.yaml or simulation.yaml: key=value (repeatable)")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usagef("unexpected argument %q", args[0])
				}
				if *firms < 10 || *months < 13 {
					return usagef("--firms must be at least 10 and --months at least 13")
				}
				src, err := simulationSources(templates.FS)
				if err != nil {
					return err
				}
				var over []simulate.Override
				for _, s := range sets {
					o, err := simulate.ParseOverride(s)
					if err != nil {
						return usagef("%s", err)
					}
					over = append(over, o)
				}
				opt := simulate.Options{Firms: *firms, Months: *months, Seed: *seed}
				switch {
				case *sweep != "":
					rows, err := simulate.Sweep(src, opt, *sweep, over...)
					if err != nil {
						return err
					}
					if err := saveSweep(*out, *svg, rows); err != nil {
						return err
					}
					if *asJSON {
						return writeJSON(e, rows)
					}
					simulate.WriteSweep(e.stdout, rows)
					return nil
				case *sens:
					rows, err := simulate.Sensitivity(src, opt, over...)
					if err != nil {
						return err
					}
					if *asJSON {
						return writeJSON(e, rows)
					}
					simulate.WriteSensitivity(e.stdout, rows)
					return nil
				}
				p, a, err := simulate.Load(src, over...)
				if err != nil {
					return err
				}
				r, err := simulate.Run(p, a, opt)
				if err != nil {
					return err
				}
				if err := saveJSON(*out, r); err != nil {
					return err
				}
				if *asJSON {
					return writeJSON(e, r)
				}
				r.WriteText(e.stdout)
				return nil
			}
		},
	})
}

func simulationSources(fsys fs.FS) (simulate.Sources, error) {
	sc, err := fs.ReadFile(fsys, "scoring.yaml")
	if err != nil {
		return simulate.Sources{}, err
	}
	sim, err := fs.ReadFile(fsys, "simulation.yaml")
	if err != nil {
		return simulate.Sources{}, err
	}
	return simulate.Sources{Scoring: sc, Simulation: sim}, nil
}

func writeJSON(e *env, v any) error {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// multiFlag is a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return "" }
func (m *multiFlag) Set(s string) error { *m = append(*m, s); return nil }
