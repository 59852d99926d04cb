package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/xuri/excelize/v2"

	"selfcheck/app/sheetcell"
	"selfcheck/models"
)

// campaignData is a campaign's page: its settings and progress.
type campaignData struct {
	page
	Campaign *models.Campaign
	Target   models.CampaignTarget
	Themes   []string
	Progress *models.CampaignProgress
	Notice   string
}

func (s *Server) loadCampaign(r *http.Request) (*campaignData, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, models.Errorf(models.ENOTFOUND, "未找到该自查任务")
	}
	ctx := r.Context()
	c, err := s.reg.Campaign(ctx, userFrom(ctx), id)
	if err != nil {
		return nil, err
	}
	d := &campaignData{page: page{Title: c.Name, Nav: "campaigns"}, Campaign: c}
	if d.Target, err = models.CampaignTargetOf(c); err != nil {
		return nil, err
	}
	if d.Themes, err = s.store.CampaignThemes(ctx, id); err != nil {
		return nil, err
	}
	if d.Progress, err = s.store.ProgressOf(ctx, id); err != nil {
		return nil, err
	}
	return d, nil
}

func (s *Server) campaignPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadCampaign(r)
	if err != nil {
		return err
	}
	switch r.URL.Query().Get("ok") {
	case "push":
		d.Notice = "已推送。"
	case "remind":
		d.Notice = "已向逾期对象发送提醒：" + r.URL.Query().Get("n") + "条。"
	}
	s.render(w, r, http.StatusOK, "campaign", d)
	return nil
}

func (s *Server) apiCampaign(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadCampaign(r)
	if err != nil {
		return err
	}
	out := s.campaignV1(d.Campaign)
	out.Progress, out.Themes = campaignCounts(d.Progress), orEmpty(d.Themes)
	s.writeJSON(w, http.StatusOK, out)
	return nil
}

// push pushes the campaign of the request now.
func (s *Server) push(r *http.Request) (*campaignData, int, error) {
	d, err := s.loadCampaign(r)
	if err != nil {
		return nil, 0, err
	}
	n, err := s.reg.PushCampaign(r.Context(), userFrom(r.Context()), d.Campaign.ID)
	return d, n, err
}

func (s *Server) pushCampaignForm(w http.ResponseWriter, r *http.Request) error {
	d, _, err := s.push(r)
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/campaigns/%d?ok=push", d.Campaign.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) apiPushCampaign(w http.ResponseWriter, r *http.Request) error {
	_, n, err := s.push(r)
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, PushResult{Targets: n})
	return nil
}

func (s *Server) remind(r *http.Request) (*campaignData, int, error) {
	d, err := s.loadCampaign(r)
	if err != nil {
		return nil, 0, err
	}
	n, err := s.reg.RemindCampaign(r.Context(), userFrom(r.Context()), d.Campaign.ID)
	return d, n, err
}

func (s *Server) remindCampaignForm(w http.ResponseWriter, r *http.Request) error {
	d, n, err := s.remind(r)
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/campaigns/%d?ok=remind&n=%d", d.Campaign.ID, n), http.StatusSeeOther)
	return nil
}

func (s *Server) apiRemindCampaign(w http.ResponseWriter, r *http.Request) error {
	_, n, err := s.remind(r)
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, RemindResult{Reminded: n})
	return nil
}

// nonFilersExport writes the campaign's unsubmitted targets as a workbook,
// streamed row by row.
func (s *Server) nonFilersExport(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadCampaign(r)
	if err != nil {
		return err
	}
	x := excelize.NewFile()
	defer x.Close()
	const sheet = "未填报名单"
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("non-filers: %w", err)
	}
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("non-filers: %w", err)
	}
	if err := sw.SetRow("A1", []any{"序号", "名称", "统一社会信用代码", "镇街", "行业", "联系电话", "状态", "截止时间"}); err != nil {
		return fmt.Errorf("non-filers: %w", err)
	}
	n := 0
	street := s.scopeOf(userFrom(r.Context())).StreetFilter()
	err = s.store.EachNonFiler(r.Context(), d.Campaign.ID, r.URL.Query().Get("overdue") == "1", street, func(nf models.NonFiler) error {
		n++
		if n > maxExportRows {
			return errExportFull
		}
		name := nf.Name
		if nf.WechatUserID != nil {
			name = fmt.Sprintf("居民用户#%d", *nf.WechatUserID)
		}
		streetName := nf.StreetCode
		if st, ok := s.district.Street(nf.StreetCode); ok {
			streetName = st.Name
		}
		cell, _ := excelize.CoordinatesToCellName(1, n+1)
		return sw.SetRow(cell, sheetcell.Row([]any{n, name, nf.USCC, streetName, nf.Industry, nf.ContactPhone, statusText(nf.Status), s.formatTime(nf.DueAt, "2006-01-02 15:04")}))
	})
	if err != nil && err != errExportFull {
		return err
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("non-filers: %w", err)
	}
	name := fmt.Sprintf("未填报名单-%d-%s.xlsx", d.Campaign.ID, s.now().In(s.loc).Format("20060102"))
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"nonfilers.xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	if _, err := x.WriteTo(w); err != nil {
		s.log.Warn("non-filers: write workbook", "error", err)
	}
	return nil
}
