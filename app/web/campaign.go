package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"selfcheck/models"
	"selfcheck/models/questionnaire"
)

func init() {
	apiRoutes = append(apiRoutes,
		apiRoute{Method: "GET", Path: "/api/v1/campaigns", Summary: "自查任务列表（新的在前，键集分页）", Status: 200, Response: CampaignList{}, Query: pageParams,
			handler: func(s *Server) handlerFunc { return s.apiCampaigns }},
		apiRoute{Method: "POST", Path: "/api/v1/campaigns", Summary: "创建自查任务（立即推送或定时推送）", Status: 201,
			Request: campaignForm{}, Response: CampaignV1{},
			handler: func(s *Server) handlerFunc { return s.apiCreateCampaign }},
		apiRoute{Method: "GET", Path: "/api/v1/campaigns/{id}", Summary: "自查任务及进度（推送、送达、填报中、已提交、逾期）", Status: 200, Response: CampaignV1{},
			handler: func(s *Server) handlerFunc { return s.apiCampaign }},
		apiRoute{Method: "POST", Path: "/api/v1/campaigns/{id}/push", Summary: "立即推送自查任务", Status: 200, Response: PushResult{},
			handler: func(s *Server) handlerFunc { return s.apiPushCampaign }},
		apiRoute{Method: "POST", Path: "/api/v1/campaigns/{id}/remind", Summary: "提醒逾期未填报的对象", Status: 200, Response: RemindResult{},
			handler: func(s *Server) handlerFunc { return s.apiRemindCampaign }},
		apiRoute{Method: "GET", Path: "/api/v1/campaigns/{id}/nonfilers", Summary: "未填报名单（Excel）", Status: 200,
			Produces: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			handler:  func(s *Server) handlerFunc { return s.nonFilersExport }},
	)
}

// workRoutes registers the campaign, review and report-queue pages.
func (s *Server) workRoutes(admin func(string, handlerFunc)) {
	admin("GET /admin/campaigns", s.campaignsPage)
	admin("POST /admin/campaigns", s.createCampaignForm)
	admin("GET /admin/campaigns/{id}", s.campaignPage)
	admin("POST /admin/campaigns/{id}/push", s.pushCampaignForm)
	admin("POST /admin/campaigns/{id}/remind", s.remindCampaignForm)
	admin("GET /admin/campaigns/{id}/nonfilers.xlsx", s.nonFilersExport)
	admin("GET /admin/review", s.reviewQueuePage)
	admin("GET /admin/review/{id}", s.reviewPage)
	admin("POST /admin/review/{id}", s.reviewForm)
	admin("GET /admin/reports", s.reportsPage)
	admin("GET /admin/reports/{id}", s.reportPage)
	admin("POST /admin/reports/{id}", s.reportForm)
}

// campaignForm creates a campaign.
type campaignForm struct {
	Name          string   `json:"name" label:"任务名称" validate:"required,max=200"`
	Template      string   `json:"template" label:"问卷" validate:"required,oneof=enterprise household rental"`
	VersionID     int64    `json:"version_id" label:"问卷版本" validate:"omitempty,min=1"`
	Themes        []string `json:"themes" label:"检查主题" validate:"max=20,dive,max=32"`
	Streets       []string `json:"streets" label:"镇街" validate:"max=50,dive,max=12"`
	Industries    []string `json:"industries" label:"行业" validate:"max=50,dive,max=32"`
	Grades        []string `json:"grades" label:"信用等级" validate:"max=4,dive,oneof=A B C D"`
	EnterpriseIDs []int64  `json:"enterprise_ids" label:"指定企业" validate:"max=10000,dive,min=1"`
	DeadlineDays  int      `json:"deadline_days" label:"填报期限" validate:"required,min=1,max=60"`
	Push          string   `json:"push" label:"推送方式" validate:"omitempty,oneof=now later draft"`
	PushAt        string   `json:"push_at" label:"推送时间" validate:"required_if=Push later,max=40"`
}

// createCampaign validates f and stores the campaign with its audit entry;
// with push "now" it is pushed at once. Field problems come back as a map
// and nothing is written.
func (s *Server) createCampaign(ctx context.Context, f *campaignForm) (*models.Campaign, map[string]string, error) {
	f.Name = strings.TrimSpace(f.Name)
	if fields := s.check(f); fields != nil {
		return nil, fields, nil
	}
	u := userFrom(ctx)
	fields := map[string]string{}
	var ver *models.QuestionnaireVersion
	var err error
	if f.VersionID > 0 {
		ver, err = s.store.QuestionnaireVersionByID(ctx, f.VersionID)
	} else {
		ver, err = s.store.LatestQuestionnaire(ctx, f.Template)
	}
	if models.ErrorCode(err) == models.ENOTFOUND {
		return nil, map[string]string{"version_id": "问卷版本不存在"}, nil
	} else if err != nil {
		return nil, nil, err
	}
	tpl, err := questionnaire.Parse("version "+strconv.FormatInt(ver.ID, 10), []byte(ver.Source))
	if err != nil {
		return nil, nil, err
	}
	if tpl.Slug != f.Template {
		fields["version_id"] = "问卷版本与所选问卷不符"
	}
	for _, th := range f.Themes {
		if !slices.Contains(tpl.Themes(), th) {
			fields["themes"] = "问卷中没有主题“" + th + "”"
		}
	}
	for _, st := range f.Streets {
		if _, ok := s.district.Street(st); !ok {
			fields["streets"] = "未知的镇街代码 " + st
		}
	}
	sc := s.scopeOf(u)
	if street := sc.StreetFilter(); street != "" {
		if len(f.Streets) == 0 {
			f.Streets = []string{street}
		} else if len(f.Streets) != 1 || f.Streets[0] != street {
			fields["streets"] = "只能向本镇街推送"
		}
	}
	if models.Households(f.Template) && len(f.Streets) == 0 {
		fields["streets"] = "居民自查须选择镇街"
	}
	var pushAt *time.Time
	if f.Push == "later" {
		t, err := time.ParseInLocation("2006-01-02T15:04", f.PushAt, s.loc)
		if err != nil {
			t, err = time.Parse(time.RFC3339, f.PushAt)
		}
		if err != nil || !t.After(s.now()) {
			fields["push_at"] = "推送时间须为将来的时间，如 2026-12-01T09:00"
		} else {
			pushAt = &t
		}
	}
	if len(fields) > 0 {
		return nil, fields, nil
	}
	c := &models.Campaign{Name: f.Name, VersionID: ver.ID, Audience: f.Template, DeadlineDays: f.DeadlineDays,
		PushAt: pushAt, CreatedBy: u.Username, Status: models.CampaignDraft}
	if pushAt != nil {
		c.Status = models.CampaignScheduled
	}
	target := models.CampaignTarget{Streets: f.Streets, Industries: f.Industries, Grades: f.Grades, EnterpriseIDs: f.EnterpriseIDs}
	if err := s.reg.CheckCampaignTarget(u, f.Template, target); err != nil {
		return nil, nil, err
	}
	err = s.store.Tx(ctx, func(tx *models.Store) error {
		if err := tx.CreateCampaign(ctx, c, target, f.Themes); err != nil {
			return err
		}
		return tx.Audit(ctx, u.Username, "campaign.create", "campaign", strconv.FormatInt(c.ID, 10), nil,
			map[string]any{"campaign": c, "themes": f.Themes})
	})
	if err != nil {
		return nil, nil, err
	}
	if f.Push == "now" {
		if _, err := s.reg.PushCampaign(ctx, u, c.ID); err != nil {
			return nil, nil, err
		}
	}
	return c, nil, nil
}

// campaignsData is the campaigns page.
type campaignsData struct {
	page
	Campaigns []models.Campaign
	Form      campaignForm
	Fields    map[string]string
	Themes    []string
	Streets   []models.Street
}

func (s *Server) campaignsPageData(ctx context.Context) (*campaignsData, error) {
	cs, err := s.reg.Campaigns(ctx, userFrom(ctx), 200)
	if err != nil {
		return nil, err
	}
	d := &campaignsData{page: page{Title: "自查任务", Nav: "campaigns"}, Campaigns: cs,
		Form: campaignForm{Template: "enterprise", DeadlineDays: 10, Push: "now"}, Streets: s.district.Streets}
	if v, err := s.store.LatestQuestionnaire(ctx, "enterprise"); err == nil {
		if t, err := questionnaire.Parse("version "+strconv.FormatInt(v.ID, 10), []byte(v.Source)); err == nil {
			d.Themes = t.Themes()
		}
	}
	return d, nil
}

func (s *Server) campaignsPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.campaignsPageData(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "campaigns", d)
	return nil
}

func (s *Server) createCampaignForm(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return models.Errorf(models.EINVALID, "表单无效")
	}
	days, _ := strconv.Atoi(r.PostFormValue("deadline_days"))
	f := campaignForm{Name: r.PostFormValue("name"), Template: r.PostFormValue("template"), DeadlineDays: days,
		Themes: nonEmpty(r.PostForm["themes"]), Streets: nonEmpty(r.PostForm["streets"]), Industries: splitList(strings.Join(r.PostForm["industries"], ",")),
		Grades: nonEmpty(r.PostForm["grades"]), Push: r.PostFormValue("push"), PushAt: r.PostFormValue("push_at")}
	for _, x := range splitList(r.PostFormValue("enterprise_ids")) {
		id, err := strconv.ParseInt(x, 10, 64)
		if err != nil {
			id = -1
		}
		f.EnterpriseIDs = append(f.EnterpriseIDs, id)
	}
	c, fields, err := s.createCampaign(r.Context(), &f)
	if err != nil {
		return err
	}
	if fields != nil {
		d, err := s.campaignsPageData(r.Context())
		if err != nil {
			return err
		}
		d.Form, d.Fields = f, fields
		s.render(w, r, http.StatusBadRequest, "campaigns", d)
		return nil
	}
	http.Redirect(w, r, "/admin/campaigns/"+strconv.FormatInt(c.ID, 10), http.StatusSeeOther)
	return nil
}

// nonEmpty drops blank form values.
func nonEmpty(vs []string) []string {
	var out []string
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// splitList splits a list typed with commas, spaces or new lines.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == ' ' || r == '\n' || r == '\r' || r == '、' })
}

func (s *Server) apiCampaigns(w http.ResponseWriter, r *http.Request) error {
	p, err := listPageOf(r)
	if err != nil {
		return err
	}
	cs, last, err := s.reg.CampaignsAfter(r.Context(), userFrom(r.Context()), p.AfterID, p.Limit)
	if err != nil {
		return err
	}
	out := CampaignList{Items: convert(cs, func(c models.Campaign) CampaignV1 { return s.campaignV1(&c) })}
	if last != nil {
		out.Next = reportCursor(last.CreatedAt, last.ID)
	}
	s.writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiCreateCampaign(w http.ResponseWriter, r *http.Request) error {
	var f campaignForm
	if err := s.decodeJSON(r, &f); err != nil {
		return err
	}
	f.Streets = s.streetCodes(f.Streets)
	c, fields, err := s.createCampaign(r.Context(), &f)
	if err != nil {
		return err
	}
	if fields != nil {
		return fieldsError(fields)
	}
	p, err := s.store.ProgressOf(r.Context(), c.ID)
	if err != nil {
		return err
	}
	c, err = s.store.Campaign(r.Context(), c.ID)
	if err != nil {
		return err
	}
	out := s.campaignV1(c)
	out.Progress = campaignCounts(p)
	s.writeJSON(w, http.StatusCreated, out)
	return nil
}

func init() {
	for k, v := range map[string]string{"draft": "草稿", "scheduled": "定时推送", "pushing": "推送中", "pushed": "已推送"} {
		statusTexts[k] = v
	}
}
