// Package seeddata generates a synthetic but realistic district: firms spread
// over the streets and industry classes of district.yaml, each with a hidden
// compliance profile, and two years of history drawn from that profile
// (self-check campaigns and submissions, self-reported and on-site findings,
// visits, citizen reports, rectifications) with the credit ledger the scoring
// parameters give it.
//
// Generation is deterministic: firm i of a given seed is the same whatever the
// chunking, because every firm draws from its own PCG stream (seed, i). The
// clock is an argument. Run writes the district through a models.BulkLoad in
// bounded chunks, numbering the rows itself (in firm order, from each table's
// MAX(id)+1), so that chunks can be generated and written concurrently and
// still give the same ids; Generator is the pure part, usable without a
// database.
//
// It imports models and scoring.
package seeddata
