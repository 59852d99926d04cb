// Package templates embeds selfcheck's assets: the questionnaires of the
// standardized checklist (一表综合巡) and of citizens, the scoring parameters,
// the district's reference data and holiday calendar, chat message texts, HTML
// templates and static files. Only app imports it, and hands fs.FS values on.
package templates

import "embed"

// FS holds every asset, at the paths they have in this directory.
//
//go:embed *.yaml html static questionnaires messages wechat
var FS embed.FS
