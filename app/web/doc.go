// Package web serves the regulators' dashboard under /admin/ (server-side
// rendered html/template pages in Simplified Chinese) and the JSON API under
// /api/v1/ for other government systems: accounts and sessions, the credit
// ranking, grade distributions, Excel export, the enterprise file, manual
// ledger events and binding codes. It imports models, models/questionnaire
// and scoring; app wires it with web.New and mounts Server.Handler.
package web
