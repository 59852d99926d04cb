package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"selfcheck/models"
)

// page is what every dashboard page shows around its content: the signed-in
// user, the CSRF token for its forms and the navigation.
type page struct {
	User  *models.User
	CSRF  string
	Title string
	Nav   string
}

func (p *page) base() *page { return p }

type pageData interface{ base() *page }

// parsePages parses each html/admin page together with the layout into its
// own template set, so that every page can define "content" and "title".
func (s *Server) parsePages(assets fs.FS) error {
	names, err := fs.Glob(assets, "html/admin/*.html")
	if err != nil {
		return fmt.Errorf("list admin templates: %w", err)
	}
	s.pages = map[string]*template.Template{}
	for _, n := range names {
		base := strings.TrimSuffix(path.Base(n), ".html")
		if base == "layout" {
			continue
		}
		t, err := template.New(base).Funcs(s.funcs()).ParseFS(assets, "html/admin/layout.html", n)
		if err != nil {
			return fmt.Errorf("parse %s: %w", n, err)
		}
		s.pages[base] = t
	}
	if len(s.pages) == 0 {
		return fmt.Errorf("no admin templates under html/admin")
	}
	return nil
}

// PageNames lists the parsed pages, for the render test.
func (s *Server) PageNames() []string {
	out := make([]string, 0, len(s.pages))
	for n := range s.pages {
		out = append(out, n)
	}
	return out
}

// render executes a page into a buffer first, so that a template error is a
// clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data pageData) {
	t, ok := s.pages[name]
	if !ok {
		s.log.Error("unknown page", "page", name)
		http.Error(w, models.InternalMessage, http.StatusInternalServerError)
		return
	}
	p := data.base()
	if p.User == nil {
		p.User = userFrom(r.Context())
	}
	if s.sessions != nil && p.CSRF == "" && r.Context().Value(sessionLoadedKey{}) != nil {
		p.CSRF = s.csrfToken(r.Context())
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		s.log.Error("render page", "page", name, "error", err)
		http.Error(w, models.InternalMessage, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// funcs are the helpers templates may call.
func (s *Server) funcs() template.FuncMap {
	return template.FuncMap{
		"streetName": func(code string) string {
			if st, ok := s.district.Street(code); ok {
				return st.Name
			}
			return code
		},
		"gridName": func(code string) string {
			if g, ok := s.district.Grid(code); ok {
				return g.Name
			}
			return code
		},
		"date": func(t any) string { return s.formatTime(t, "2006-01-02") },
		"time": func(t any) string { return s.formatTime(t, "2006-01-02 15:04") },
		"score": func(d any) string {
			switch v := d.(type) {
			case decimal.Decimal:
				return v.StringFixed(2)
			case *decimal.Decimal:
				if v == nil {
					return "—"
				}
				return v.StringFixed(2)
			}
			return fmt.Sprint(d)
		},
		"signed": func(d decimal.Decimal) string {
			if d.IsPositive() {
				return "+" + d.StringFixed(2)
			}
			return d.StringFixed(2)
		},
		"itemText":           s.itemText,
		"label":              s.label,
		"photoThumb":         s.photoThumb,
		"photoList":          s.photoList,
		"decisionText":       func(mode string) string { return s.label("decision", mode) },
		"reportCategories":   s.reportCategories,
		"industryCategories": s.categories,
		"gridPicker":         s.gridPicker,
		"statusText":         statusText,
		"query": func(v url.Values, kv ...string) string {
			q := url.Values{}
			for k, vs := range v {
				q[k] = append([]string(nil), vs...)
			}
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i+1] == "" {
					q.Del(kv[i])
				} else {
					q.Set(kv[i], kv[i+1])
				}
			}
			return q.Encode()
		},
		"deref1": func(p *bool) bool { return p != nil && *p },
		"deref": func(p *int64) int64 {
			if p == nil {
				return 0
			}
			return *p
		},
	}
}

func (s *Server) formatTime(t any, layout string) string {
	switch v := t.(type) {
	case time.Time:
		if v.IsZero() {
			return "—"
		}
		return v.In(s.loc).Format(layout)
	case *time.Time:
		if v == nil || v.IsZero() {
			return "—"
		}
		return v.In(s.loc).Format(layout)
	}
	return "—"
}

// itemText returns a checklist item's short text, or its id when unknown.
func (s *Server) itemText(id string) string {
	if it, ok := s.items[id]; ok {
		return it.text
	}
	return id
}

// decisionText names an inspection decision mode in Chinese.
func decisionText(mode string) string {
	switch mode {
	case "exempt":
		return "免于例行检查"
	case "sampled":
		return "随机抽查"
	case "always":
		return "必须检查"
	}
	return mode
}

// statusText names a record status in Chinese.
func statusText(st string) string {
	if t, ok := statusTexts[st]; ok {
		return t
	}
	return st
}

var statusTexts = map[string]string{
	"pending": "待填报", "in_progress": "填报中", "submitted": "已提交", "accepted": "已通过", "returned": "已退回",
	"overdue": "已逾期", "open": "待整改", "rectified": "已整改待复查", "closed": "已销号",
	"new": "新建", "dispatched": "已派单", "handling": "处理中", "resolved": "已办结",
	"planned": "计划中", "done": "已完成", "cancelled": "已取消", "clean": "未发现问题", "violations": "发现问题",
	"stored": "已保存", "failed": "下载失败", "fix": "整改报告", "defer": "延期申请", "rejected": "未通过",
	"self_report": "企业自报", "on_site": "现场发现",
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
