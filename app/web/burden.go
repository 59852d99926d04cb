package web

import (
	"selfcheck/app/regulator"

	"fmt"
	"net/http"
	"time"

	"github.com/xuri/excelize/v2"

	"selfcheck/app/sheetcell"
)

// burdenData is the 减负 page.
type burdenData struct {
	page
	From, To string
	Report   *regulator.BurdenReport
	Sections []burdenSection
}

// burdenSection is one table of the page.
type burdenSection struct {
	ID, Title string
	Rows      []regulator.BurdenRow
}

// burdenReport reads the period from the query (default: this month so far)
// and computes the report.
func (s *Server) burdenReport(r *http.Request) (*regulator.BurdenReport, string, string, error) {
	now := s.now().In(s.loc)
	fromS, toS := r.URL.Query().Get("from"), r.URL.Query().Get("to")
	if fromS == "" {
		fromS = time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, s.loc).Format(time.DateOnly)
	}
	if toS == "" {
		toS = now.Format(time.DateOnly)
	}
	from, ok1 := s.parseDay(fromS)
	to, ok2 := s.parseDay(toS)
	if !ok1 || !ok2 || to.Before(from) {
		return nil, fromS, toS, fieldsError(map[string]string{"from": "统计期间须为 YYYY-MM-DD 格式，且结束不早于开始"})
	}
	rep, err := s.reg.Burden(r.Context(), userFrom(r.Context()), from, to)
	return rep, fromS, toS, err
}

func (s *Server) burdenPage(w http.ResponseWriter, r *http.Request) error {
	rep, from, to, err := s.burdenReport(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "burden", &burdenData{page: page{Title: "基层减负", Nav: "burden"}, From: from, To: to, Report: rep,
		Sections: []burdenSection{{"total", "全区", []regulator.BurdenRow{rep.Total}}, {"departments", "按部门", rep.ByDepartment}, {"streets", "按镇街", rep.ByStreet}}})
	return nil
}

func (s *Server) apiBurden(w http.ResponseWriter, r *http.Request) error {
	rep, _, _, err := s.burdenReport(r)
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, rep)
	return nil
}

// burdenExport writes the report as an .xlsx workbook: the figures, and the
// records behind each one.
func (s *Server) burdenExport(w http.ResponseWriter, r *http.Request) error {
	rep, from, to, err := s.burdenReport(r)
	if err != nil {
		return err
	}
	x := excelize.NewFile()
	defer x.Close()
	if err := x.SetSheetName("Sheet1", "减负统计"); err != nil {
		return fmt.Errorf("export burden: %w", err)
	}
	if _, err := x.NewSheet("依据记录"); err != nil {
		return fmt.Errorf("export burden: %w", err)
	}
	header := []any{"维度", "名称"}
	for _, f := range rep.Total.Figures() {
		header = append(header, f.Name)
	}
	rows := [][]any{header}
	details := [][]any{{"维度", "名称", "指标", "记录类型", "记录编号"}}
	add := func(dim string, br regulator.BurdenRow) {
		row := []any{dim, br.Label}
		for _, f := range br.Figures() {
			row = append(row, f.Value)
			for _, ids := range []struct {
				kind string
				ids  []int64
			}{{"检查任务", f.VisitIDs}, {"计划跳过记录", f.SkipIDs}, {"免问事项记录", f.ItemIDs}, {"企业自查", f.AssignmentIDs}} {
				for _, id := range ids.ids {
					details = append(details, []any{dim, br.Label, f.Name, ids.kind, id})
				}
			}
		}
		rows = append(rows, row)
	}
	add("全区", rep.Total)
	for _, br := range rep.ByDepartment {
		add("部门", br)
	}
	for _, br := range rep.ByStreet {
		add("镇街", br)
	}
	for name, data := range map[string][][]any{"减负统计": rows, "依据记录": details} {
		for i, row := range data {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			row = sheetcell.Row(row)
			if err := x.SetSheetRow(name, cell, &row); err != nil {
				return fmt.Errorf("export burden: %w", err)
			}
		}
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="burden-%s-%s.xlsx"`, from, to))
	if _, err := x.WriteTo(w); err != nil {
		return fmt.Errorf("export burden: %w", err)
	}
	return nil
}
