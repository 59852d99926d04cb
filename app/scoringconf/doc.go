// Package scoringconf loads the credit model's parameters (templates/
// scoring.yaml) into scoring.Params. Decoding is strict: unknown keys,
// duplicate keys, missing keys and wrong types are refused, and every problem
// names its key path, e.g.
//
//	scoring.yaml: events.finding_onsite.严重.points: must be negative
//
// Numbers are read from their source text as exact decimals (never through
// float64). It imports scoring, goccy/go-yaml and shopspring/decimal.
package scoringconf
