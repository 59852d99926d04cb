// Package regulator owns the regulators' workflows: campaigns of
// self-checks, the review of submissions, the citizen-report queue,
// inspection orders and plans (一体指令), on-site results, the
// rectification loop, manual credit events, the 减负 report, the public
// results (一公开) and stored photos. It owns their types, their validation
// and their authorization: every workflow call takes the acting user and is
// checked against one Policy before it reads or writes.
//
// It may import bot, models, scoring and app/planner, never templates: its
// reference data (checklist, departments, scoring parameters) come in as
// values or an fs.FS.
package regulator
