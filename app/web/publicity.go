package web

import (
	"selfcheck/app/regulator"

	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"time"
)

// publicPageSize is how many results the public page shows at a time.
const publicPageSize = 50

// initInspections parses the public results page (一公开), which has its own
// layout: it is served without a session to anyone.
func (s *Server) initInspections(d Deps) error {
	t, err := template.New("public").Funcs(template.FuncMap{"streetName": s.funcs()["streetName"]}).
		ParseFS(d.Assets, "html/public_inspections.html")
	if err != nil {
		return fmt.Errorf("parse public page: %w", err)
	}
	s.public = t
	return nil
}

// publicData is the public page of inspection results.
type publicData struct {
	From, To   string
	Page       int
	Prev, Next int
	Rows       []regulator.PublicityEntry
}

// publicPeriod reads the period from the query; by default the last 90 days.
func (s *Server) publicPeriod(r *http.Request) (from, to time.Time, fromS, toS string, err error) {
	now := s.now().In(s.loc)
	fromS, toS = r.URL.Query().Get("from"), r.URL.Query().Get("to")
	if fromS == "" {
		fromS = now.AddDate(0, 0, -90).Format(time.DateOnly)
	}
	if toS == "" {
		toS = now.Format(time.DateOnly)
	}
	var ok1, ok2 bool
	from, ok1 = s.parseDay(fromS)
	to, ok2 = s.parseDay(toS)
	if !ok1 || !ok2 || to.Before(from) || to.Sub(from) > 3*366*24*time.Hour {
		return from, to, fromS, toS, fieldsError(map[string]string{"from": "查询期间须为 YYYY-MM-DD 格式，结束不早于开始，且不超过三年"})
	}
	return from, to, fromS, toS, nil
}

func (s *Server) publicPage(w http.ResponseWriter, r *http.Request) error {
	from, to, fromS, toS, err := s.publicPeriod(r)
	if err != nil {
		return err
	}
	pg, _ := strconv.Atoi(r.URL.Query().Get("page"))
	pg = max(pg, 1)
	rows, err := s.reg.Publicity(r.Context(), userFrom(r.Context()), from, to, publicPageSize+1, (pg-1)*publicPageSize)
	if err != nil {
		return err
	}
	d := publicData{From: fromS, To: toS, Page: pg, Rows: rows}
	if len(rows) > publicPageSize {
		d.Rows, d.Next = rows[:publicPageSize], pg+1
	}
	if pg > 1 {
		d.Prev = pg - 1
	}
	var buf bytes.Buffer
	if err := s.public.ExecuteTemplate(&buf, "public_inspections", d); err != nil {
		return fmt.Errorf("render public page: %w", err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write(buf.Bytes())
	return nil
}

// publicExport downloads the results of the period as CSV or XLSX.
func (s *Server) publicExport(format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		from, to, fromS, toS, err := s.publicPeriod(r)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := s.reg.ExportPublicity(r.Context(), userFrom(r.Context()), &buf, format, from, to); err != nil {
			return err
		}
		ct := "text/csv; charset=utf-8"
		if format == "xlsx" {
			ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		}
		w.Header().Set("Content-Type", ct)
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="inspections-%s-%s.%s"`, fromS, toS, format))
		w.Write(buf.Bytes())
		return nil
	}
}

func (s *Server) apiPublicity(w http.ResponseWriter, r *http.Request) error {
	from, to, _, _, err := s.publicPeriod(r)
	if err != nil {
		return err
	}
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	if limit <= 0 || limit > 500 {
		limit = publicPageSize
	}
	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	if after := r.URL.Query().Get("after"); after != "" {
		offset, _ = strconv.Atoi(after)
	}
	rows, err := s.reg.Publicity(r.Context(), userFrom(r.Context()), from, to, limit, max(offset, 0))
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, s.publicityV1(rows, max(offset, 0), limit))
	return nil
}
