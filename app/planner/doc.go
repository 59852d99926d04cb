// Package planner merges inspection orders into visits (一体指令): orders from
// several departments that target the same firm in overlapping windows become
// one visit asking the union of their checklist items; a routine order by
// filter visits the firms the credit decision says to always visit, and
// sampled or exempt firms only when the current random audit round drew them
// or a verified complaint is open, while complaints, follow-ups and orders
// naming a firm are never dropped for the decision; a yearly cap of visits
// per firm is respected; each route gets at least two inspectors drawn at
// random (双随机) with recorded seeds, among those certified with the
// certificate in force, not away and covering the street; each inspector-day
// is ordered into a short route.
//
// It is pure: plain inputs in, a plan with its Chinese explanation out, no
// database, clock or global random. The same Input gives the same Plan. It may
// import scoring (for the inspector draw) and the standard library only.
package planner
