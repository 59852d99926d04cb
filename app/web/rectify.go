package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"selfcheck/app/regulator"
	"selfcheck/models"
)

// findingView is a finding with its firm and follow-up state.
type findingView struct {
	models.Finding
	Firm     models.Enterprise      `json:"firm"`
	Followup models.FindingFollowup `json:"followup"`
	// Department is the lead department of the finding's item, who re-visits.
	Department string `json:"department"`
}

// requestView is a pending fix report or deferral request.
type requestView struct {
	models.Rectification
	Finding  findingView `json:"finding"`
	PhotoIDs []int64     `json:"photo_ids"`
}

// rectifyData is the rectification queue: requests to decide, findings to
// re-visit (严重 and 挂牌督办), and overdue findings.
type rectifyData struct {
	page
	Requests []requestView `json:"requests"`
	Revisits []findingView `json:"revisits"`
	Overdue  []findingView `json:"overdue"`
	Depts    []string      `json:"-"`
	Error    string        `json:"-"`
	Notice   string        `json:"-"`
	Today    string        `json:"-"`
	List     rectifyList   `json:"-"`
}

// findingViews adds firms and follow-ups to findings the scope covers.
func (s *Server) findingViews(ctx context.Context, sc models.Scope, fs []models.Finding) ([]findingView, error) {
	var firmIDs, ids []int64
	for _, f := range fs {
		firmIDs, ids = append(firmIDs, f.EnterpriseID), append(ids, f.ID)
	}
	firms, err := s.store.EnterprisesByID(ctx, firmIDs)
	if err != nil {
		return nil, err
	}
	fus, err := s.store.FollowupsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []findingView
	for _, f := range fs {
		e := firms[f.EnterpriseID]
		if !sc.SeesEnterprise(e.StreetCode) || !sc.SeesFinding(f.ItemID) {
			continue
		}
		v := findingView{Finding: f, Firm: e, Followup: fus[f.ID]}
		if it, ok := s.items[f.ItemID]; ok && len(it.departments) > 0 {
			v.Department = it.departments[0]
		}
		out = append(out, v)
	}
	return out, nil
}

func (s *Server) rectifyData(ctx context.Context) (*rectifyData, error) {
	u := userFrom(ctx)
	sc := s.scopeOf(u)
	d := &rectifyData{page: page{Title: "整改复查", Nav: "rectify"}, Today: s.now().In(s.loc).Format(time.DateOnly)}
	pending, err := s.store.PendingRectifications(ctx, sc, recentLimit)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, r := range pending {
		ids = append(ids, r.FindingID)
	}
	byID, err := s.store.FindingsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	var fs []models.Finding
	for _, id := range ids {
		fs = append(fs, byID[id])
	}
	views, err := s.findingViews(ctx, sc, fs)
	if err != nil {
		return nil, err
	}
	seen := map[int64]findingView{}
	for _, v := range views {
		seen[v.ID] = v
	}
	for _, r := range pending {
		if v, ok := seen[r.FindingID]; ok {
			d.Requests = append(d.Requests, requestView{Rectification: r, Finding: v, PhotoIDs: splitPhotoIDs(r.Photos)})
		}
	}
	revisit, err := s.store.RevisitQueue(ctx, sc, recentLimit)
	if err != nil {
		return nil, err
	}
	if d.Revisits, err = s.findingViews(ctx, sc, revisit); err != nil {
		return nil, err
	}
	late, err := s.store.LateFindings(ctx, sc, s.now(), recentLimit)
	if err != nil {
		return nil, err
	}
	if d.Overdue, err = s.findingViews(ctx, sc, late); err != nil {
		return nil, err
	}
	for _, dep := range s.depts {
		if u.Role != models.RoleDepartment || dep.Code == u.Scope {
			d.Depts = append(d.Depts, dep.Name)
		}
	}
	return d, nil
}

func splitPhotoIDs(s string) []int64 {
	var out []int64
	for _, p := range strings.Split(s, ",") {
		if id, err := strconv.ParseInt(strings.TrimSpace(p), 10, 64); err == nil {
			out = append(out, id)
		}
	}
	return out
}

// rectifyNotices are the messages shown after a decision.
var rectifyNotices = map[string]string{
	"verify": "已处理整改报告。", "deferral": "已处理延期申请。", "revisit": "已安排现场复查，执法人员已随机抽取。",
}

func (s *Server) rectifyPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.rectifyData(r.Context())
	if err != nil {
		return err
	}
	if err := s.listRectify(r, d); err != nil {
		return err
	}
	d.Notice = rectifyNotices[r.URL.Query().Get("ok")]
	s.render(w, r, http.StatusOK, "rectify", d)
	return nil
}

// decide runs a decision from the queue page: a refusal the user can fix is
// shown on the page, success goes back to the queue.
func (s *Server) decide(w http.ResponseWriter, r *http.Request, ok string, fn func(*regulator.Service, int64, *models.User) error) error {
	reg := s.reg
	id, err := idOf(r, "记录")
	if err != nil {
		return err
	}
	err = fn(reg, id, userFrom(r.Context()))
	switch models.ErrorCode(err) {
	case models.EINVALID, models.ECONFLICT:
		d, derr := s.rectifyData(r.Context())
		if derr != nil {
			return derr
		}
		d.Error = models.ErrorMessage(err)
		s.render(w, r, http.StatusBadRequest, "rectify", d)
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/rectify?ok="+ok, http.StatusSeeOther)
	return nil
}

func (s *Server) verifyForm(w http.ResponseWriter, r *http.Request) error {
	return s.decide(w, r, "verify", func(reg *regulator.Service, id int64, by *models.User) error {
		return reg.VerifyFix(r.Context(), by, id, r.PostFormValue("decision") == "accept", r.PostFormValue("note"))
	})
}

func (s *Server) deferralForm(w http.ResponseWriter, r *http.Request) error {
	return s.decide(w, r, "deferral", func(reg *regulator.Service, id int64, by *models.User) error {
		return reg.DecideDeferral(r.Context(), by, id, r.PostFormValue("decision") == "approve", r.PostFormValue("reason"))
	})
}

func (s *Server) revisitForm(w http.ResponseWriter, r *http.Request) error {
	return s.decide(w, r, "revisit", func(reg *regulator.Service, id int64, by *models.User) error {
		on, ok := s.parseDay(r.PostFormValue("on"))
		if !ok {
			return models.Errorf(models.EINVALID, "请填写复查日期（年-月-日）")
		}
		_, err := reg.ScheduleRevisit(r.Context(), by, id, on, r.PostFormValue("department"))
		return err
	})
}

func (s *Server) apiRectify(w http.ResponseWriter, r *http.Request) error {
	d, err := s.rectifyData(r.Context())
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, s.rectifyQueue(d))
	return nil
}

// apiDecisionBody is the JSON body of the decision endpoints.
type apiDecisionBody struct {
	Accept     bool   `json:"accept" description:"verify：整改通过；deferral：批准延期"`
	Note       string `json:"note" label:"说明" description:"理由（不通过时必填，最多500字）" validate:"max=500"`
	On         string `json:"on" format:"date" description:"revisit：复查日期 YYYY-MM-DD" example:"2026-12-10"`
	Department string `json:"department" label:"部门" description:"revisit：抽取执法人员的部门" example:"消防救援" validate:"max=32"`
}

// apiDecide decodes the body first, then runs fn and answers 200.
func (s *Server) apiDecide(fn func(r *http.Request, reg *regulator.Service, id int64, by *models.User, b apiDecisionBody) error) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		reg := s.reg
		var b apiDecisionBody
		if err := s.decodeJSON(r, &b); err != nil {
			return err
		}
		id, err := idOf(r, "记录")
		if err != nil {
			return err
		}
		if err := fn(r, reg, id, userFrom(r.Context()), b); err != nil {
			return err
		}
		s.writeJSON(w, http.StatusOK, OKResult{OK: true})
		return nil
	}
}

func (s *Server) apiVerify(r *http.Request, reg *regulator.Service, id int64, by *models.User, b apiDecisionBody) error {
	return reg.VerifyFix(r.Context(), by, id, b.Accept, b.Note)
}

func (s *Server) apiDeferral(r *http.Request, reg *regulator.Service, id int64, by *models.User, b apiDecisionBody) error {
	return reg.DecideDeferral(r.Context(), by, id, b.Accept, b.Note)
}

func (s *Server) apiRevisit(r *http.Request, reg *regulator.Service, id int64, by *models.User, b apiDecisionBody) error {
	on, ok := s.parseDay(b.On)
	if !ok {
		return fieldsError(map[string]string{"on": "复查日期须为 YYYY-MM-DD"})
	}
	_, err := reg.ScheduleRevisit(r.Context(), by, id, on, b.Department)
	return err
}
