package web

import (
	"net/http"
	"strconv"
	"strings"

	"selfcheck/models"
)

func init() {
	apiRoutes = append(apiRoutes,
		apiRoute{Method: "GET", Path: "/api/v1/submissions", Summary: "自查填报（按提交时间，键集分页）", Status: 200, Response: SubmissionList{},
			Query: []apiParam{{"status", "状态（默认 submitted）", "string", []string{"submitted", "accepted", "returned"}},
				{"campaign", "自查任务编号", "integer", nil}, limitParam, {"after", "上一页响应中的 next，用于取下一页", "string", nil}},
			handler: func(s *Server) handlerFunc { return s.apiReviewQueue }},
		apiRoute{Method: "GET", Path: "/api/v1/submissions/{id}", Summary: "自查填报：回答与自报隐患", Status: 200, Response: SubmissionDetail{},
			handler: func(s *Server) handlerFunc { return s.apiSubmission }},
		apiRoute{Method: "POST", Path: "/api/v1/submissions/{id}/review", Summary: "审核自查填报：通过，或退回并说明理由（推送给企业）", Status: 200,
			Request: reviewDecision{}, Response: SubmissionDetail{},
			handler: func(s *Server) handlerFunc { return s.apiReview }},
	)
}

// reviewForm is a decision on a submission.
type reviewDecision struct {
	Decision string `json:"decision" label:"审核结论" validate:"required,oneof=accept return"`
	Reason   string `json:"reason" label:"退回理由" validate:"required_if=Decision return,max=500"`
}

func (s *Server) reviewQueuePage(w http.ResponseWriter, r *http.Request) error {
	return s.reviewListPage(w, r)
}

func (s *Server) apiReviewQueue(w http.ResponseWriter, r *http.Request) error {
	p, err := listPageOf(r)
	if err != nil {
		return err
	}
	status := r.URL.Query().Get("status")
	switch status {
	case "", models.AssignmentSubmitted, models.AssignmentAccepted, models.AssignmentReturned:
	default:
		return fieldsError(map[string]string{"status": "未知的状态"})
	}
	campaign, _ := strconv.ParseInt(r.URL.Query().Get("campaign"), 10, 64)
	rows, err := s.reg.ReviewQueueAfter(r.Context(), userFrom(r.Context()), status, campaign, p.AfterAt, p.AfterID, p.Limit+1)
	if err != nil {
		return err
	}
	out := SubmissionList{}
	if len(rows) > p.Limit {
		rows = rows[:p.Limit]
		if last := rows[len(rows)-1]; last.SubmittedAt != nil {
			out.Next = reportCursor(*last.SubmittedAt, last.AssignmentID)
		}
	}
	out.Items = convert(rows, s.submissionRow)
	s.writeJSON(w, http.StatusOK, out)
	return nil
}

// reviewData is one submission's page.
type reviewData struct {
	page
	Sub  *models.ReviewItem
	Firm *models.Enterprise
	// Answers are Sub's answers in words, with the firm's previous ones.
	Answers []answerView
	Form    reviewDecision
	Fields  map[string]string
	Notice  string
}

// loadSubmission loads a submission the user's scope covers.
func (s *Server) loadSubmission(r *http.Request) (*reviewData, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, models.Errorf(models.ENOTFOUND, "未找到该自查填报")
	}
	ctx := r.Context()
	sub, firm, err := s.reg.Submission(ctx, userFrom(ctx), id)
	if err != nil {
		return nil, err
	}
	d := &reviewData{page: page{Title: "自查填报 #" + strconv.FormatInt(id, 10), Nav: "review"}, Sub: sub, Firm: firm}
	if d.Answers, err = s.reviewAnswers(ctx, sub, firm); err != nil {
		return nil, err
	}
	return d, nil
}

func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadSubmission(r)
	if err != nil {
		return err
	}
	switch r.URL.Query().Get("ok") {
	case "accept":
		d.Notice = "已通过，自报隐患已进入整改。"
	case "return":
		d.Notice = "已退回，理由已推送给企业。"
	}
	s.render(w, r, http.StatusOK, "review", d)
	return nil
}

func (s *Server) apiSubmission(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadSubmission(r)
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, s.submissionDetail(d))
	return nil
}

// review decides a submission; field problems come back as a map.
func (s *Server) review(r *http.Request, f reviewDecision) (*reviewData, map[string]string, error) {
	f.Reason = strings.TrimSpace(f.Reason)
	d, err := s.loadSubmission(r)
	if err != nil {
		return nil, nil, err
	}
	if fields := s.check(&f); fields != nil {
		return d, fields, nil
	}
	err = s.reg.Review(r.Context(), userFrom(r.Context()), d.Sub.Assignment.ID, f.Decision == "accept", f.Reason)
	return d, nil, err
}

func (s *Server) reviewForm(w http.ResponseWriter, r *http.Request) error {
	f := reviewDecision{Decision: r.PostFormValue("decision"), Reason: r.PostFormValue("reason")}
	d, fields, err := s.review(r, f)
	if err != nil {
		return err
	}
	if fields != nil {
		d.Form, d.Fields = f, fields
		s.render(w, r, http.StatusBadRequest, "review", d)
		return nil
	}
	http.Redirect(w, r, "/admin/review/"+strconv.FormatInt(d.Sub.Assignment.ID, 10)+"?ok="+f.Decision, http.StatusSeeOther)
	return nil
}

func (s *Server) apiReview(w http.ResponseWriter, r *http.Request) error {
	var f reviewDecision
	if err := s.decodeJSON(r, &f); err != nil {
		return err
	}
	_, fields, err := s.review(r, f)
	if err != nil {
		return err
	}
	if fields != nil {
		return fieldsError(fields)
	}
	d, err := s.loadSubmission(r)
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, s.submissionDetail(d))
	return nil
}
