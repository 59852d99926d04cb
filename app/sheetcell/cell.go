package sheetcell

// Text neutralises a text cell that a spreadsheet program would read as a
// formula or a command: one starting with =, +, -, @, a tab or a carriage
// return gets a leading apostrophe, which Excel, WPS and LibreOffice show as
// text. Other text is returned unchanged.
func Text(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// Strings neutralises every cell of a CSV record in place and returns it.
func Strings(rec []string) []string {
	for i, c := range rec {
		rec[i] = Text(c)
	}
	return rec
}

// Row neutralises the string cells of an XLSX row in place and returns it.
// Numbers, times and other typed values are written as such by the
// spreadsheet library and cannot become formulas, so they stay.
func Row(row []any) []any {
	for i, c := range row {
		switch v := c.(type) {
		case string:
			row[i] = Text(v)
		case *string:
			if v != nil {
				row[i] = Text(*v)
			}
		}
	}
	return row
}
