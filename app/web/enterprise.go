package web

import (
	"context"
	"html/template"
	"net/http"
	"strconv"

	"selfcheck/models"
	"selfcheck/scoring"
)

// enterpriseData is the 企业档案 page.
type enterpriseData struct {
	page
	File    *models.EnterpriseFile
	Result  scoring.Result
	Explain string
	Chart   historyChart
	// Submissions are the file's self-checks with their answers in words.
	Submissions []submissionView
	Audit       []models.AuditEntry
	Form        eventForm
	Fields      map[string]string
	BindCode    string
	BindExpires string
	// BindQR is the binding QR code as a data: URL, when WeChat issued one.
	BindQR     template.URL
	Notice     string
	Severities []string
}

// loadFile gathers a firm's file and explanation for the signed-in user.
func (s *Server) loadFile(ctx context.Context, r *http.Request) (*enterpriseData, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	f, err := s.reg.EnterpriseFile(ctx, userFrom(ctx), id)
	if err != nil {
		return nil, err
	}
	d := &enterpriseData{page: page{Title: f.Enterprise.Name, Nav: "ranking"}, File: f,
		Severities: []string{string(scoring.SeverityGeneral), string(scoring.SeverityMajor), string(scoring.SeveritySerious)}}
	d.Result = s.reg.Credit().Score(f.Ledger, s.now())
	d.Explain = s.labelExplanation(d.Result.Explain())
	d.Chart = s.historyChart(f.History)
	d.Submissions = s.fileSubmissions(ctx, f)
	if d.Audit, err = s.store.AuditLog(ctx, "enterprise", strconv.FormatInt(id, 10), 20); err != nil {
		return nil, err
	}
	return d, nil
}

func (s *Server) enterprisePage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadFile(r.Context(), r)
	if err != nil {
		return err
	}
	switch r.URL.Query().Get("ok") {
	case "event":
		d.Notice = "已记入信用台账，评分已更新。"
	}
	s.render(w, r, http.StatusOK, "enterprise", d)
	return nil
}

func (s *Server) apiEnterprise(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadFile(r.Context(), r)
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, s.enterpriseFileV1(d.File, d.Result))
	return nil
}

func (s *Server) apiExplanation(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadFile(r.Context(), r)
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, s.explanationV1(d.Result))
	return nil
}
