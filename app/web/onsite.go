package web

import (
	"context"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"

	"selfcheck/app/regulator"
	"selfcheck/models"
)

// maxPhotoUpload bounds one uploaded photo, as WeChat bounds chat images.
const maxPhotoUpload = 10 << 20

// severities are the severities an inspector may give a violation.
var severities = []string{"一般", "较重", "严重"}

func (s *Server) visitsPage(w http.ResponseWriter, r *http.Request) error {
	return s.visitListPage(w, r)
}

// onsiteItem is one checklist item of the on-site form.
type onsiteItem struct {
	ID, Text, Severity string
	Result             *models.VisitResult
}

// onsiteData is the mobile on-site page of one visit.
type onsiteData struct {
	page
	Visit      visitView
	Items      []onsiteItem
	Severities []string
	Error      string
	Notice     string
}

// loadVisit returns a visit the signed-in user may see.
func (s *Server) loadVisit(ctx context.Context, r *http.Request) (visitView, error) {
	id, err := idOf(r, "检查任务")
	if err != nil {
		return visitView{}, err
	}
	v, err := s.reg.Visit(ctx, userFrom(ctx), id)
	if err != nil {
		return visitView{}, err
	}
	views, _, err := s.visitViews(ctx, []models.PlannedVisit{*v})
	if err != nil {
		return visitView{}, err
	}
	return views[0], nil
}

func (s *Server) onsiteData(ctx context.Context, r *http.Request) (*onsiteData, error) {
	v, err := s.loadVisit(ctx, r)
	if err != nil {
		return nil, err
	}
	results, err := s.store.VisitResults(ctx, v.ID)
	if err != nil {
		return nil, err
	}
	sev := map[string]string{}
	for _, it := range s.reg.Checklist() {
		sev[it.ID] = it.Severity
	}
	d := &onsiteData{page: page{Title: "现场检查：" + v.Firm.Name, Nav: "visits"}, Visit: v, Severities: severities}
	for _, it := range v.Items {
		oi := onsiteItem{ID: it, Text: s.itemText(it), Severity: sev[it]}
		for i := range results {
			if results[i].ItemID == it {
				oi.Result = &results[i]
			}
		}
		d.Items = append(d.Items, oi)
	}
	return d, nil
}

func (s *Server) onsitePage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.onsiteData(r.Context(), r)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("ok") != "" {
		d.Notice = "检查结果已录入。"
	}
	s.render(w, r, http.StatusOK, "onsite", d)
	return nil
}

func (s *Server) onsiteForm(w http.ResponseWriter, r *http.Request) error {
	d, err := s.onsiteData(r.Context(), r)
	if err != nil {
		return err
	}
	results, problems, err := s.onsiteResults(r, d.Items)
	if err != nil {
		return err
	}
	if len(problems) == 0 {
		u := userFrom(r.Context())
		_, err = s.reg.RecordOnsite(r.Context(), u, d.Visit.ID, results)
		if code := models.ErrorCode(err); code == models.EINVALID || code == models.ECONFLICT {
			problems = append(problems, models.ErrorMessage(err))
		} else if err != nil {
			return err
		}
	}
	if len(problems) > 0 {
		d.Error = strings.Join(problems, "；")
		s.render(w, r, http.StatusBadRequest, "onsite", d)
		return nil
	}
	http.Redirect(w, r, "/admin/visits/"+strconv.FormatInt(d.Visit.ID, 10)+"?ok=1", http.StatusSeeOther)
	return nil
}

// onsiteResults reads the on-site form: per item a result ("ok" or "bad"),
// and for a violation its severity, deadline, note and photo, which is
// stored first.
func (s *Server) onsiteResults(r *http.Request, items []onsiteItem) ([]regulator.ItemResult, []string, error) {
	if err := r.ParseMultipartForm(4 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		return nil, []string{"表单无效或照片过大"}, nil
	}
	var out []regulator.ItemResult
	var problems []string
	for _, it := range items {
		res := regulator.ItemResult{ItemID: it.ID, Note: strings.TrimSpace(r.FormValue("note-" + it.ID))}
		switch r.FormValue("r-" + it.ID) {
		case "ok":
			res.Compliant = true
		case "bad":
			res.Severity = r.FormValue("sev-" + it.ID)
			if dl := r.FormValue("deadline-" + it.ID); dl != "" {
				if t, ok := s.parseDay(dl); ok {
					t = t.AddDate(0, 0, 1).Add(-time.Second) // the end of the day
					res.Deadline = &t
				} else {
					problems = append(problems, it.ID+" 的整改期限格式应为 年-月-日")
				}
			}
		default:
			problems = append(problems, "请选择 "+it.ID+" 是否合规")
			continue
		}
		if len([]rune(res.Note)) > 500 {
			problems = append(problems, it.ID+" 的说明不能超过500字")
		}
		id, err := s.uploadedPhoto(r, "photo-"+it.ID)
		if err != nil {
			if models.ErrorCode(err) == models.EINVALID {
				problems = append(problems, it.ID+"："+models.ErrorMessage(err))
				continue
			}
			return nil, nil, err
		}
		res.PhotoID = id
		out = append(out, res)
	}
	return out, problems, nil
}

// uploadedPhoto stores the photo in a form's file field, if any.
func (s *Server) uploadedPhoto(r *http.Request, field string) (*int64, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	f, h, err := r.FormFile(field)
	if errors.Is(err, http.ErrMissingFile) {
		return nil, nil
	} else if err != nil {
		return nil, models.Errorf(models.EINVALID, "照片无法读取")
	}
	defer f.Close()
	if h.Size == 0 {
		return nil, nil
	}
	data, err := readPhoto(f)
	if err != nil {
		return nil, err
	}
	id, err := s.reg.SavePhoto(r.Context(), userFrom(r.Context()), data)
	if err != nil {
		return nil, err
	}
	return &id, nil
}

func readPhoto(f multipart.File) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(f, maxPhotoUpload+1))
	if err != nil {
		return nil, models.Errorf(models.EINVALID, "照片无法读取")
	}
	if len(data) > maxPhotoUpload {
		return nil, models.Errorf(models.EINVALID, "照片不能超过10MB")
	}
	return data, nil
}

// photo serves a stored photo to signed-in users.
func (s *Server) photo(w http.ResponseWriter, r *http.Request) error {
	id, err := idOf(r, "照片")
	if err != nil {
		return err
	}
	path, ct, err := s.reg.PhotoFile(r.Context(), userFrom(r.Context()), id)
	if err != nil {
		return err
	}
	if wd, _ := strconv.Atoi(r.URL.Query().Get("w")); wd == thumbWidth && thumbnail(w, path, wd) {
		return nil
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "private, max-age=86400")
	http.ServeFile(w, r, path)
	return nil
}

// apiResultsBody is the JSON body of POST /api/v1/visits/{id}/results.
type apiResultsBody struct {
	Results []apiItemResult `json:"results" label:"检查结果" description:"每个检查事项的结果" validate:"required,dive"`
}

func (s *Server) apiRecordOnsite(w http.ResponseWriter, r *http.Request) error {
	v, err := s.loadVisit(r.Context(), r)
	if err != nil {
		return err
	}
	var b apiResultsBody
	if err := s.decodeJSON(r, &b); err != nil {
		return err
	}
	res, err := s.reg.RecordOnsite(r.Context(), userFrom(r.Context()), v.ID, itemResults(b.Results))
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusCreated, s.onsiteResultV1(res))
	return nil
}

func (s *Server) apiVisit(w http.ResponseWriter, r *http.Request) error {
	d, err := s.onsiteData(r.Context(), r)
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, s.visitDetail(d))
	return nil
}

func (s *Server) apiVisits(w http.ResponseWriter, r *http.Request) error {
	p, err := listPageOf(r)
	if err != nil {
		return err
	}
	visits, last, err := s.reg.VisitsAfter(r.Context(), userFrom(r.Context()), p.AfterAt, p.AfterID, p.Limit)
	if err != nil {
		return err
	}
	views, _, err := s.visitViews(r.Context(), visits)
	if err != nil {
		return err
	}
	out := VisitList{Items: convert(views, s.visitV1)}
	if last != nil {
		out.Next = reportCursor(last.PlannedOn, last.ID)
	}
	s.writeJSON(w, http.StatusOK, out)
	return nil
}
