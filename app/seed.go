package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"slices"
	"time"

	"github.com/schollz/progressbar/v3"

	"selfcheck/app/seeddata"
	"selfcheck/models/questionnaire"
	"selfcheck/scoring"
)

func init() {
	register(command{
		name:    "seed",
		summary: "Generate a synthetic district: firms, two years of history and their credit ledger.",
		usage:   "[--enterprises N] [--seed S] [--now YYYY-MM-DD] [--append] [--chunk N] [--writers N]",
		flags: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			var o seedOptions
			var now string
			fs.IntVar(&o.Enterprises, "enterprises", 2000, "number of firms to generate")
			fs.Uint64Var(&o.Seed, "seed", 1, "random seed: the same seed gives the same district")
			fs.StringVar(&now, "now", "", "end of the generated history, YYYY-MM-DD in SELFCHECK_TZ (default: today)")
			fs.BoolVar(&o.Append, "append", false, "add firms to a database that already has some")
			fs.IntVar(&o.ChunkSize, "chunk", seeddata.DefaultChunkSize, "firms generated and written per transaction")
			fs.IntVar(&o.Writers, "writers", 3, "transactions written at once on MySQL/MariaDB (SQLite has one); the output does not depend on it")
			fs.IntVar(&o.HistoryLimit, "score-history-max", defaultScoreHistoryMax,
				"replay monthly score snapshots through the generated history when at most this many firms are generated (negative: never)")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usagef("unexpected argument %q", args[0])
				}
				if o.Enterprises < 1 || o.Enterprises > 10_000_000 {
					return usagef("--enterprises must be between 1 and 10000000")
				}
				a, err := openApp(ctx, e, true)
				if err != nil {
					return err
				}
				defer a.Close()
				if now != "" {
					day, err := time.ParseInLocation(time.DateOnly, now, a.cfg.TZ)
					if err != nil {
						return usagef("--now %q is not a date like 2025-06-30", now)
					}
					o.Now = day
				}
				bar := progressbar.NewOptions(o.Enterprises, progressbar.OptionSetWriter(e.stderr),
					progressbar.OptionSetDescription("seed"), progressbar.OptionShowCount(),
					progressbar.OptionThrottle(200*time.Millisecond), progressbar.OptionClearOnFinish())
				sum, err := a.seedDistrict(ctx, o, func(done int) { bar.Set(done) })
				bar.Finish()
				if err != nil {
					return err
				}
				printSeedSummary(e.stdout, sum)
				return nil
			}
		},
	})
}

// seedOptions are the knobs of seedDistrict; zero values take the defaults.
type seedOptions struct {
	Enterprises int
	Seed        uint64
	// Now ends the generated history; zero means the start of today.
	Now       time.Time
	Append    bool
	ChunkSize int
	Writers   int
	// HistoryLimit is the largest run that gets monthly score snapshots
	// (see backfillScores); 0 means defaultScoreHistoryMax, negative none.
	HistoryLimit int
}

// defaultScoreHistoryMax keeps the monthly snapshots (24 rows a firm) to
// districts of a realistic size: a million-firm benchmark seed skips them.
const defaultScoreHistoryMax = 100_000

// seedDistrict generates a district into the App's database, which must hold
// no firms unless o.Append. serve's demo mode calls it on an empty database;
// the demo firm's code is seeddata.DemoUSCC().
func (a *App) seedDistrict(ctx context.Context, o seedOptions, progress func(done int)) (seeddata.Summary, error) {
	n, err := a.store.CountEnterprises(ctx)
	if err != nil {
		return seeddata.Summary{}, err
	}
	if n > 0 && !o.Append {
		return seeddata.Summary{}, fmt.Errorf("the database already has %d firms: pass --append to add generated ones", n)
	}
	if o.Now.IsZero() {
		t := a.now().In(a.cfg.TZ)
		o.Now = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, a.cfg.TZ)
	}
	items := checklistItems(a.assets)
	params := a.credit.Params()
	sum, err := seeddata.Run(ctx, a.store, seeddata.Config{
		District: a.district, Params: params, Items: items, Enterprises: o.Enterprises, Seed: o.Seed,
		Now: o.Now, Offset: int(n), QuestionnaireVersionID: a.questionnaires["enterprise"], ChunkSize: o.ChunkSize,
		Writers: o.Writers,
	}, progress)
	if err != nil {
		return sum, err
	}
	if o.HistoryLimit == 0 {
		o.HistoryLimit = defaultScoreHistoryMax
	}
	if o.Enterprises <= o.HistoryLimit {
		snaps, err := a.backfillScores(ctx, o.Now)
		if err != nil {
			return sum, err
		}
		sum.Rows["score_snapshots"] = snaps
	}
	// A generated district gets a roster too, so that it can be planned.
	people, err := a.seedRoster(ctx, o.Seed)
	sum.Rows["inspectors"] = people
	return sum, err
}

// checklistItems returns the judged items of the shipped enterprise
// checklist, which generated findings refer to. loadQuestionnaires has parsed
// the same file at start, so an error here cannot happen in a started App;
// the built-in list is the fallback all the same.
func checklistItems(assets fs.FS) []seeddata.Item {
	src, err := fs.ReadFile(assets, "questionnaires/enterprise.yaml")
	if err != nil {
		return seeddata.DefaultItems()
	}
	t, err := questionnaire.Parse("enterprise.yaml", src)
	if err != nil {
		return seeddata.DefaultItems()
	}
	var items []seeddata.Item
	for _, it := range t.Items {
		sev := scoring.Severity(it.Severity)
		if !it.Judged() || !sev.Valid() {
			continue
		}
		var tags []string
		if !slices.Contains(it.Industries, questionnaire.AllIndustries) {
			tags = it.Industries
		}
		items = append(items, seeddata.Item{ID: it.ID, Severity: sev, Tags: tags, SelfCheckable: it.SelfCheckable})
	}
	if len(items) == 0 {
		return seeddata.DefaultItems()
	}
	return items
}

func printSeedSummary(w io.Writer, s seeddata.Summary) {
	fmt.Fprintf(w, "seeded %d firms in %s (%d 个体工商户, %.0f%%); first firm %s\n",
		s.Firms, s.Elapsed.Round(time.Millisecond), s.Individual, 100*float64(s.Individual)/float64(max(s.Firms, 1)), s.FirstUSCC)
	section := func(title string, m map[string]int) {
		fmt.Fprintf(w, "%s:\n", title)
		keys := slices.Collect(maps.Keys(m))
		slices.SortFunc(keys, func(a, b string) int {
			if m[a] != m[b] {
				return m[b] - m[a]
			}
			if a < b {
				return -1
			}
			return 1
		})
		for _, k := range keys {
			fmt.Fprintf(w, "  %-24s %8d\n", k, m[k])
		}
	}
	section("firms per street", s.ByStreet)
	section("firms per industry", s.ByCategory)
	section("history rows", s.Rows)
	section("credit events", s.Events)
}
