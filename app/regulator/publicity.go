package regulator

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/xuri/excelize/v2"

	"selfcheck/app/sheetcell"
	"selfcheck/models"
)

// PublicityEntry is one row of the public page of inspection results
// (一公开), ready for JSON: the firm, the date, the departments and the
// outcome in Chinese. No personal data.
type PublicityEntry struct {
	models.PublicityRow
	Street      string `json:"street"`
	Day         string `json:"day"`
	OutcomeText string `json:"outcome_text"`
}

// publicity returns the inspection results completed in [from, to] (days in
// SELFCHECK_TZ), newest first; limit <= 0 returns them all.
func (s *Service) publicity(ctx context.Context, from, to time.Time, limit, offset int) ([]PublicityEntry, error) {
	rows, err := s.store.PublicInspections(ctx, s.day(from), s.day(to).AddDate(0, 0, 1), limit, offset)
	if err != nil {
		return nil, err
	}
	out := make([]PublicityEntry, len(rows))
	for i, r := range rows {
		e := PublicityEntry{PublicityRow: r, Street: r.StreetCode, Day: r.Date.In(s.loc).Format(time.DateOnly)}
		if st, ok := s.district.Street(r.StreetCode); ok {
			e.Street = st.Name
		}
		if len(e.Departments) == 0 {
			e.Departments = s.itemDepartments(r.Items)
		}
		switch {
		case r.Outcome == models.OutcomeClean:
			e.OutcomeText = "未发现问题"
		case r.Findings > 0:
			e.OutcomeText = fmt.Sprintf("发现问题%d项，责令限期整改；已整改销号%d项", r.Findings, r.Closed)
		default:
			e.OutcomeText = "复查未通过，继续整改"
		}
		out[i] = e
	}
	return out, nil
}

// publicityHeader is the header of both exports.
var publicityHeader = []string{"检查日期", "企业名称", "统一社会信用代码", "镇街", "检查部门", "检查结果"}

func (e PublicityEntry) record() []string {
	return []string{e.Day, e.Name, e.USCC, e.Street, e.DepartmentList(), e.OutcomeText}
}

// exportPublicityCSV writes the results of [from, to] as UTF-8 CSV with a
// byte-order mark, so that spreadsheet programs read the Chinese right.
func (s *Service) exportPublicityCSV(ctx context.Context, w io.Writer, from, to time.Time) error {
	rows, err := s.publicity(ctx, from, to, 0, 0)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return fmt.Errorf("export publicity: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.Write(publicityHeader)
	for _, r := range rows {
		cw.Write(sheetcell.Strings(r.record()))
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("export publicity: %w", err)
	}
	return nil
}

// exportPublicityXLSX writes the results of [from, to] as an .xlsx workbook.
func (s *Service) exportPublicityXLSX(ctx context.Context, w io.Writer, from, to time.Time) error {
	rows, err := s.publicity(ctx, from, to, 0, 0)
	if err != nil {
		return err
	}
	x := excelize.NewFile()
	defer x.Close()
	const sheet = "检查结果公示"
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("export publicity: %w", err)
	}
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("export publicity: %w", err)
	}
	for i, rec := range append([][]string{publicityHeader}, records(rows)...) {
		cells := make([]any, len(rec))
		for j, c := range rec {
			cells[j] = sheetcell.Text(c)
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, cells); err != nil {
			return fmt.Errorf("export publicity: %w", err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("export publicity: %w", err)
	}
	if _, err := x.WriteTo(w); err != nil {
		return fmt.Errorf("export publicity: %w", err)
	}
	return nil
}

func records(rows []PublicityEntry) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = r.record()
	}
	return out
}

// itemDepartments names the departments owning the checklist items a visit
// covered, for a visit made without orders (a re-visit of a finding, or one
// recorded before orders existed); "综合检查" when none is known.
func (s *Service) itemDepartments(items []string) []string {
	checklist, err := s.checklist()
	var out []string
	if err == nil {
		for _, id := range items {
			if it := checklist.Item(id); it != nil && it.Department != "" && !slices.Contains(out, it.Department) {
				out = append(out, it.Department)
			}
		}
	}
	if len(out) == 0 {
		return []string{"综合检查"}
	}
	return out
}
