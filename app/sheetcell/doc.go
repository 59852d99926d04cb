// Package sheetcell makes text safe to hand to spreadsheet programs. Every CSV
// and XLSX export of the service passes its cells through Text, so that a
// firm name or a note typed by anyone cannot become a formula when a
// regulator opens the file. It imports nothing of the project.
package sheetcell
