package seeddata

import (
	"errors"
	"fmt"
	"time"

	"selfcheck/models"
	"selfcheck/scoring"
)

// Config says what to generate.
type Config struct {
	// District gives the streets, grids, industries and bounding box.
	District *models.District
	// Params prices the credit events; Params.Version is stored as their
	// params id. A zero Params (no rules) generates no ledger.
	Params scoring.Params
	// Items are the checklist items findings refer to; DefaultItems when nil.
	Items []Item
	// Enterprises is how many firms to generate.
	Enterprises int
	// Seed selects the district: the same seed gives the same firms and
	// history.
	Seed uint64
	// Now is the end of the generated history (24 months up to Now); pass the
	// start of the current day in SELFCHECK_TZ. Its location is the zone of
	// campaign deadlines.
	Now time.Time
	// Offset is the index of the first firm, so that appending to a seeded
	// database continues the sequence with new codes.
	Offset int
	// QuestionnaireVersionID is the version the generated campaigns push.
	QuestionnaireVersionID int64
	// ChunkSize is how many firms Run generates and writes at a time
	// (DefaultChunkSize when 0).
	ChunkSize int
	// Generators is how many goroutines generate chunks (2 when 0); the
	// output does not depend on it.
	Generators int
	// Writers is how many chunks are written at once on MySQL/MariaDB (3
	// when 0); SQLite has one writer. The output does not depend on it.
	Writers int
}

// DefaultChunkSize bounds the memory of Run, which holds up to a chunk per
// generator and per writer (about 20 history rows a firm, some 45 MB per
// 5,000 firms once generated, twice that before the collector catches up).
// Seeding 200,000 firms on MariaDB peaked at 1.5 GB resident with chunks of
// 5,000 and at 350 MB with chunks of 1,000, which were not slower: a
// transaction of about 20,000 rows is still large enough for LOAD DATA.
const DefaultChunkSize = 1000

// HistoryMonths is how far back the generated history reaches.
const HistoryMonths = 24

func (c *Config) check() error {
	var errs []error
	if c.District == nil {
		errs = append(errs, errors.New("seeddata: no district"))
	}
	if c.Enterprises < 0 || c.Offset < 0 {
		errs = append(errs, fmt.Errorf("seeddata: enterprises %d and offset %d must not be negative", c.Enterprises, c.Offset))
	}
	if c.Offset+c.Enterprises > maxFirms {
		errs = append(errs, fmt.Errorf("seeddata: at most %d firms per district", maxFirms))
	}
	if c.Now.IsZero() {
		errs = append(errs, errors.New("seeddata: Now is required"))
	}
	if c.ChunkSize <= 0 {
		c.ChunkSize = DefaultChunkSize
	}
	if c.Generators <= 0 {
		c.Generators = 2
	}
	if c.Items == nil {
		c.Items = DefaultItems()
	}
	return errors.Join(errs...)
}

// Item is a checklist item as the generator needs it.
type Item struct {
	ID       string
	Severity scoring.Severity
	// Tags are the industry tags the item applies to; empty means every firm.
	Tags []string
	// SelfCheckable items are asked in self-checks; the others only on site.
	SelfCheckable bool
}

// DefaultItems is a small checklist for tests and for a district whose
// questionnaire cannot be loaded.
func DefaultItems() []Item {
	return []Item{
		{ID: "extinguishers_ok", Severity: scoring.SeverityGeneral, SelfCheckable: true},
		{ID: "exits_clear", Severity: scoring.SeverityMajor, SelfCheckable: true},
		{ID: "evacuation_signs", Severity: scoring.SeverityGeneral, SelfCheckable: true},
		{ID: "wiring_safe", Severity: scoring.SeverityMajor, SelfCheckable: true},
		{ID: "fire_doors_locked", Severity: scoring.SeveritySerious},
		{ID: "gas_alarm", Severity: scoring.SeverityMajor, Tags: []string{"用气", "燃气经营"}, SelfCheckable: true},
		{ID: "lpg_storage", Severity: scoring.SeveritySerious, Tags: []string{"用气", "燃气经营"}},
		{ID: "health_certificates", Severity: scoring.SeverityGeneral, Tags: []string{"餐饮", "食品经营", "食品生产"}, SelfCheckable: true},
		{ID: "food_samples", Severity: scoring.SeverityGeneral, Tags: []string{"餐饮", "食品生产"}, SelfCheckable: true},
		{ID: "dust_removal", Severity: scoring.SeveritySerious, Tags: []string{"粉尘"}},
		{ID: "hazchem_ledger", Severity: scoring.SeverityMajor, Tags: []string{"危化"}, SelfCheckable: true},
		{ID: "ebike_charging", Severity: scoring.SeverityMajor, Tags: []string{"电动车", "三小", "出租屋"}, SelfCheckable: true},
	}
}

// Profile is a firm's hidden compliance profile, each value in [0, 1].
type Profile struct {
	Compliance float64 // how rarely it has hazards
	Honesty    float64 // how truthfully it reports them
	Diligence  float64 // how promptly it submits and rectifies
}
