package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"selfcheck/app/simulate"
	"selfcheck/app/web"
)

// saveJSON writes v as JSON to path, unless path is empty, through a
// temporary file renamed into place, so that the dashboard reading the
// file never sees half a report.
func saveJSON(path string, v any) error {
	if path == "" {
		return nil
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	return writeAtomic(path, b)
}

// saveSweep saves a sweep's rows as JSON and its frontier chart as SVG,
// each when its path is set.
func saveSweep(jsonPath, svgPath string, rows []simulate.SweepRow) error {
	if err := saveJSON(jsonPath, rows); err != nil {
		return err
	}
	if svgPath == "" {
		return nil
	}
	return writeAtomic(svgPath, web.FrontierSVG(rows))
}

func writeAtomic(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".simulation-*")
	if err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("save %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	return nil
}
