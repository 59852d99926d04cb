// Package simulate runs the credit model in a closed loop over a synthetic
// district, month by month, to measure whether skipping visits misses the
// firms that matter. Each firm has a hidden profile (its hazards, honesty,
// diligence); the loop runs the product's own scoring package (prices events
// with Params.Points and FalseReportPoints, scores with Summarize, decides and
// draws the audit with DrawAudit) and its planner (app/planner.Build) to choose
// the visits, while firms, citizens and inspectors are modelled from the
// assumptions in templates/simulation.yaml. Hidden truth is kept in world and
// read only by the report.
//
// It is deterministic for a seed and runs in memory (each firm's ledger is a
// slice of scoring.Event). It may import scoring, app/planner and
// app/scoringconf.
package simulate
