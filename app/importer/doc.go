// Package importer reads the registry export a district loads its real firms
// from: a CSV (UTF-8 with or without BOM, or GB18030 as Excel saves it on
// Chinese Windows) or an XLSX workbook, with a header row of Chinese column
// names. It maps the columns (accepting the usual variants of each name),
// turns every row into a models.Enterprise validated against the district,
// and reports each refused row by its spreadsheet row number with the reasons
// in Chinese. Storing the valid rows is the caller's (models.Store.UpsertEnterprises).
// A roster of inspectors (执法人员名录) is read and reported the same way
// (CheckInspectors, stored with models.Store.UpsertInspectors).
//
// It imports models.
package importer
