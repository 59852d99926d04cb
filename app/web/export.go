package web

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/xuri/excelize/v2"

	"selfcheck/app/sheetcell"
	"selfcheck/models"
)

// maxExportRows keeps an export inside one worksheet (1,048,576 rows).
const maxExportRows = 1_000_000

// export writes the current filter's whole ranking as an .xlsx workbook. Rows
// are read page by page and written through excelize's StreamWriter, so
// memory stays flat however many firms match.
func (s *Server) export(w http.ResponseWriter, r *http.Request) error {
	f, fields := s.parseRanking(r.URL.Query(), userFrom(r.Context()))
	if fields != nil {
		return fieldsError(fields)
	}
	x := excelize.NewFile()
	defer x.Close()
	const sheet = "信用排名"
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	header := []any{"名次", "企业名称", "统一社会信用代码", "镇街", "网格", "行业", "信用分", "等级", "较上次", "检查安排", "评分时间"}
	if err := sw.SetRow("A1", header); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	n := 0
	err = s.store.RankingEach(r.Context(), f, func(row models.RankingRow) error {
		if n >= maxExportRows {
			return errExportFull
		}
		n++
		cell, _ := excelize.CoordinatesToCellName(1, n+1)
		street, grid := row.StreetCode, row.GridCode
		if st, ok := s.district.Street(street); ok {
			street = st.Name
		}
		if g, ok := s.district.Grid(grid); ok {
			grid = g.Name
		}
		return sw.SetRow(cell, sheetcell.Row([]any{n, row.Name, row.USCC, street, grid, row.Industry, row.Shown.InexactFloat64(), row.Grade,
			row.Delta().InexactFloat64(), decisionText(row.Decision), row.ComputedAt.In(s.loc).Format("2006-01-02 15:04")}))
	})
	if err != nil && err != errExportFull {
		return err
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	name := "信用排名-" + s.now().In(s.loc).Format("20060102") + ".xlsx"
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"ranking.xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	if _, err := x.WriteTo(w); err != nil {
		s.log.Warn("export: write workbook", "error", err)
	}
	return nil
}

var errExportFull = models.Errorf(models.EINVALID, "导出超过上限")
