package simulate

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml"

	"selfcheck/app/scoringconf"
	"selfcheck/scoring"
)

// Assumptions mirrors templates/simulation.yaml.
type Assumptions struct {
	Start          string              `yaml:"start"`
	BurnInMonths   int                 `yaml:"burn_in_months"`
	CampaignMonths int                 `yaml:"campaign_months"`
	RoundMonths    int                 `yaml:"round_months"`
	Detection      float64             `yaml:"detection"`
	Visible        float64             `yaml:"visible"`
	Complaint      float64             `yaml:"complaint"`
	LateShare      float64             `yaml:"late_share"`
	Severity       map[string]float64  `yaml:"severity"`
	Types          map[string]Profile  `yaml:"types"`
	Industries     map[string]Industry `yaml:"industries"`
	start          time.Time           `yaml:"-"`
}

// Profile is one hidden firm type.
type Profile struct {
	Share     float64 `yaml:"share"`
	Hazard    float64 `yaml:"hazard"`
	Honesty   float64 `yaml:"honesty"`
	Diligence float64 `yaml:"diligence"`
	Fix       float64 `yaml:"fix"`
	Rectify   float64 `yaml:"rectify"`
}

// Industry is a trade's share of firms and monthly hazard rates per theme.
type Industry struct {
	Share  float64            `yaml:"share"`
	Themes map[string]float64 `yaml:"themes"`
}

// Sources are the two YAML files a run reads: the model's parameters and the
// simulation's assumptions. Overrides rewrite them by key path before
// parsing, so a sweep or a sensitivity run changes exactly one value.
type Sources struct {
	Scoring, Simulation []byte
}

// Override sets the number at a dotted key path, in scoring.yaml (a path
// starting with one of its keys) or else in simulation.yaml.
type Override struct {
	Key   string
	Value float64
}

var scoringKeys = []string{"base", "min", "max", "grades", "audit", "hard_rules", "events", "selfcheck_rate"}

// IsScoringKey reports whether key is a path in scoring.yaml.
func IsScoringKey(key string) bool {
	return slices.Contains(scoringKeys, strings.SplitN(key, ".", 2)[0])
}

// Load parses both sources after applying overrides.
func Load(src Sources, overrides ...Override) (scoring.Params, Assumptions, error) {
	sc, sim := src.Scoring, src.Simulation
	for _, o := range overrides {
		var err error
		if IsScoringKey(o.Key) {
			sc, err = setPath(sc, o.Key, o.Value)
		} else {
			sim, err = setPath(sim, o.Key, o.Value)
		}
		if err != nil {
			return scoring.Params{}, Assumptions{}, err
		}
	}
	p, err := scoringconf.Parse(sc)
	if err != nil {
		return scoring.Params{}, Assumptions{}, err
	}
	var a Assumptions
	if err := yaml.UnmarshalWithOptions(sim, &a, yaml.Strict()); err != nil {
		return scoring.Params{}, Assumptions{}, fmt.Errorf("simulation.yaml: %w", err)
	}
	if a.start, err = time.Parse(time.DateOnly, a.Start); err != nil {
		return scoring.Params{}, Assumptions{}, fmt.Errorf("simulation.yaml: start: %w", err)
	}
	if a.CampaignMonths < 1 || a.RoundMonths < 1 || a.BurnInMonths < 0 {
		return scoring.Params{}, Assumptions{}, fmt.Errorf("simulation.yaml: campaign_months and round_months must be at least 1")
	}
	return p, a, nil
}

// setPath sets the number at a dotted path of a YAML mapping document.
func setPath(src []byte, key string, v float64) ([]byte, error) {
	var doc map[string]any
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, err
	}
	parts := strings.Split(key, ".")
	m := doc
	for _, k := range parts[:len(parts)-1] {
		next, ok := m[k].(map[string]any)
		if !ok {
			return nil, fmt.Errorf("no key %q", key)
		}
		m = next
	}
	last := parts[len(parts)-1]
	switch m[last].(type) {
	case uint64, int64, int, float64:
	default:
		return nil, fmt.Errorf("%q is not a number", key)
	}
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		m[last] = int64(v) // months must stay whole numbers
	} else {
		m[last] = v
	}
	return yaml.Marshal(doc)
}

// numberAt returns the number at a dotted path.
func numberAt(src []byte, key string) (float64, error) {
	var doc map[string]any
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return 0, err
	}
	var cur any = doc
	for _, k := range strings.Split(key, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return 0, fmt.Errorf("no key %q", key)
		}
		cur = m[k]
	}
	switch x := cur.(type) {
	case uint64:
		return float64(x), nil
	case int64:
		return float64(x), nil
	case float64:
		return x, nil
	}
	return 0, fmt.Errorf("%q is not a number", key)
}

// ParseOverride parses "key=value".
func ParseOverride(s string) (Override, error) {
	k, v, ok := strings.Cut(s, "=")
	f, err := strconv.ParseFloat(v, 64)
	if !ok || err != nil {
		return Override{}, fmt.Errorf("override %q: want key=number", s)
	}
	return Override{Key: k, Value: f}, nil
}
