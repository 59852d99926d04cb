package scoringconf

import (
	"bytes"
	"fmt"
	"time"

	"github.com/goccy/go-yaml"
)

// Cadence is how often a random audit round is drawn.
type Cadence string

// The cadences; DefaultCadence applies when scoring.yaml names none.
const (
	Monthly        Cadence = "monthly"
	Quarterly      Cadence = "quarterly"
	HalfYearly     Cadence = "half_yearly"
	Yearly         Cadence = "yearly"
	DefaultCadence         = Quarterly
)

// AuditCadence reads audit.cadence from scoring.yaml's content.
func AuditCadence(src []byte) (Cadence, error) {
	var f struct {
		Audit struct {
			Cadence string `yaml:"cadence"`
		} `yaml:"audit"`
	}
	if err := yaml.NewDecoder(bytes.NewReader(src)).Decode(&f); err != nil {
		return "", fmt.Errorf("%s: %w", defaultName, err)
	}
	c := Cadence(f.Audit.Cadence)
	switch c {
	case "":
		return DefaultCadence, nil
	case Monthly, Quarterly, HalfYearly, Yearly:
		return c, nil
	}
	return "", fmt.Errorf("%s: audit.cadence: %q is not monthly, quarterly, half_yearly or yearly", defaultName, c)
}

// Period names the period of t under c: 2026-05, 2026Q2, 2026H1, 2026.
func (c Cadence) Period(t time.Time) string {
	y, m := t.Year(), int(t.Month())
	switch c {
	case Monthly:
		return fmt.Sprintf("%d-%02d", y, m)
	case HalfYearly:
		return fmt.Sprintf("%dH%d", y, (m-1)/6+1)
	case Yearly:
		return fmt.Sprintf("%d", y)
	}
	return fmt.Sprintf("%dQ%d", y, (m-1)/3+1)
}
