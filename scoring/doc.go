// Package scoring is selfcheck's credit model: a ledger of evidence events goes
// in; a score, a grade, an explanation in Chinese and an inspection decision come
// out. It also draws the random audit samples and inspectors (双随机).
//
// The package is pure. It imports only the standard library and
// github.com/shopspring/decimal, and no project package. It reads no clock: the
// moment of evaluation is always an argument. It uses no global random source:
// the draws take their seed as an argument, use a local PCG generator and record
// the seed, so any draw can be replayed exactly.
//
// All points are exact decimals. A score is
//
//	raw   = Params.Base + Σ points of every event in force at the moment
//	        + Params.SelfCheckRate × on-time self-checks ÷ self-checks asked
//	shown = raw clamped to [Params.Min, Params.Max]
//
// where an event is in force when Occurred <= at < Expires (the habit term
// counts the self-check events in force, so it is a rate, not a count).
// A verified citizen report or a serious self-reported hazard forces one
// visit: the trigger ends with the first visit recorded after it. The raw score is
// unbounded, so a debt below the minimum must be earned back before the shown
// score rises. Parameter paths in error messages (such as
// "events.finding_onsite.严重.points") are the keys of templates/scoring.yaml.
package scoring
