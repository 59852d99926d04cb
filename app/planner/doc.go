// Package planner merges inspection orders into visits (一体指令): orders from
// several departments that target the same firm in overlapping windows become
// one visit asking the union of their checklist items; routine orders for firms
// the credit decision exempts are dropped unless the firm was drawn in the
// random audit or has a verified complaint; a yearly cap of visits per firm is
// respected; each route gets at least two certified inspectors drawn at random
// (双随机) with recorded seeds; each inspector-day is ordered into a short route.
//
// It is pure: plain inputs in, a plan with its Chinese explanation out, no
// database, clock or global random. The same Input gives the same Plan. It may
// import scoring (for the inspector draw) and the standard library only.
package planner
