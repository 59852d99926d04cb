package main

import (
	"context"
	"fmt"
	"selfcheck/app/regulator"
	"testing"
	"time"

	"selfcheck/models"
	"selfcheck/models/modelstest"
	"selfcheck/scoring"
)

var campaignNow = time.Date(2026, 11, 2, 2, 0, 0, 0, time.UTC) // a Monday, 10:00 in Shanghai

// boundFirm adds a firm in street with one bound, subscribed WeChat user.
func boundFirm(t *testing.T, a *App, street, openID string) *models.Enterprise {
	t.Helper()
	ctx := context.Background()
	f := modelstest.Enterprise(t, a.store, func(e *models.Enterprise) { e.StreetCode, e.GridCode = street, "" })
	u, err := a.store.EnsureWechatUser(ctx, openID)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.store.DB().Create(&models.Binding{WechatUserID: u.ID, EnterpriseID: f.ID, CreatedAt: campaignNow}).Error; err != nil {
		t.Fatal(err)
	}
	return f
}

func outboxCount(t *testing.T, a *App, topic string) int64 {
	t.Helper()
	var n int64
	if err := a.store.DB().Model(&models.OutboxMessage{}).Where("topic = ?", topic).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// TestCampaignEndToEnd creates a themed campaign, pushes it (assignments and
// outbox rows), delivers some notices, simulates answers and reads the
// progress; then the deadline passes (overdue, reminders) and the
// submissions are reviewed: accepted into the ledger and rectification,
// returned with the reason pushed. Bad decisions change nothing.
func TestCampaignEndToEnd(t *testing.T) {
	for _, d := range modelstest.Dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			a := newTestApp(t, d, campaignNow)
			var firms []*models.Enterprise
			for i := range 3 {
				firms = append(firms, boundFirm(t, a, "440604012", fmt.Sprintf("o_campaign_%d", i)))
			}
			boundFirm(t, a, "440604011", "o_elsewhere")
			c := &models.Campaign{Name: "燃气安全专项自查", VersionID: a.questionnaires["enterprise"], Audience: "enterprise", DeadlineDays: 5, CreatedBy: "admin"}
			if err := a.store.CreateCampaign(ctx, c, models.CampaignTarget{Streets: []string{"440604012"}}, []string{"燃气安全"}); err != nil {
				t.Fatal(err)
			}
			n, err := a.reg.PushCampaign(ctx, adminNamed("admin"), c.ID)
			if err != nil || n != 3 {
				t.Fatalf("pushCampaign = %d, %v; want 3", n, err)
			}
			if _, err := a.reg.PushCampaign(ctx, adminNamed("admin"), c.ID); models.ErrorCode(err) != models.ECONFLICT {
				t.Errorf("second push = %v, want a conflict", err)
			}
			if got := outboxCount(t, a, regulator.NoticeAssigned); got != 3 {
				t.Errorf("outbox has %d assigned notices, want 3", got)
			}
			msgs, err := a.store.ClaimOutbox(ctx, "test", 2, time.Minute)
			if err != nil || len(msgs) != 2 {
				t.Fatalf("ClaimOutbox = %d, %v", len(msgs), err)
			}
			if err := a.store.MarkOutboxSent(ctx, msgs[0].ID, msgs[1].ID); err != nil {
				t.Fatal(err)
			}
			// The chat asks only the campaign's themes.
			if themes, err := a.store.CampaignThemes(ctx, c.ID); err != nil || len(themes) != 1 || themes[0] != "燃气安全" {
				t.Errorf("CampaignThemes = %v, %v", themes, err)
			}
			asg := map[int64]*models.Assignment{}
			for _, f := range firms {
				if asg[f.ID], err = a.store.OpenAssignment(ctx, f.ID, 0); err != nil {
					t.Fatal(err)
				}
			}
			due := a.calendar.AddWorkdays(campaignNow, 5)
			if !asg[firms[0].ID].DueAt.Equal(due) {
				t.Errorf("due %v, want %v", asg[firms[0].ID].DueAt, due)
			}
			no := false
			submit := func(f *models.Enterprise, sev string) {
				t.Helper()
				if err := a.store.StartAssignment(ctx, asg[f.ID].ID); err != nil {
					t.Fatal(err)
				}
				err := a.store.SubmitAssignment(ctx, asg[f.ID].ID, []models.Answer{{ItemID: "GS-01", Value: "false", Compliant: &no, AnsweredAt: a.now()}},
					[]models.Finding{{EnterpriseID: f.ID, ItemID: "GS-01", Severity: sev, Description: "燃气报警器未安装", DeadlineAt: a.now()}})
				if err != nil {
					t.Fatal(err)
				}
			}
			submit(firms[0], "较重")
			submit(firms[1], "一般")
			if err := a.store.StartAssignment(ctx, asg[firms[2].ID].ID); err != nil {
				t.Fatal(err)
			}
			p, err := a.store.ProgressOf(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if p.Targets != 3 || p.Notices.Sent != 2 || p.Notices.Pending != 1 || p.Submitted != 2 || p.InProgress != 1 || p.Overdue != 0 {
				t.Errorf("progress = %+v", p)
			}

			// The deadline passes: the third firm is overdue and reminded.
			a.now = func() time.Time { return due.Add(time.Hour) }
			if err := a.reg.CampaignHousekeeping(ctx); err != nil {
				t.Fatal(err)
			}
			if p, _ = a.store.ProgressOf(ctx, c.ID); p.Overdue != 1 {
				t.Errorf("overdue = %d, want 1", p.Overdue)
			}
			if n, err := a.reg.RemindCampaign(ctx, adminNamed("admin"), c.ID); err != nil || n != 1 {
				t.Errorf("remindCampaign = %d, %v; want 1", n, err)
			}
			var nonFilers []string
			a.store.EachNonFiler(ctx, c.ID, false, "", func(nf models.NonFiler) error { nonFilers = append(nonFilers, nf.Name); return nil })
			if len(nonFilers) != 1 || nonFilers[0] != firms[2].Name {
				t.Errorf("non-filers = %v", nonFilers)
			}

			// Bad decisions change nothing.
			if err := a.reg.Review(ctx, adminNamed("admin"), asg[firms[1].ID].ID, false, ""); models.ErrorCode(err) != models.EINVALID {
				t.Errorf("return without reason = %v", err)
			}
			if err := a.reg.Review(ctx, adminNamed("admin"), asg[firms[2].ID].ID, true, ""); models.ErrorCode(err) != models.ECONFLICT {
				t.Errorf("accepting an unsubmitted assignment = %v", err)
			}
			if ev, _ := a.store.CreditEvents(ctx, firms[2].ID); len(ev) != 0 {
				t.Errorf("a refused review wrote %d ledger events", len(ev))
			}

			if err := a.reg.Review(ctx, adminNamed("admin"), asg[firms[0].ID].ID, true, ""); err != nil {
				t.Fatal(err)
			}
			evs, err := a.store.CreditEvents(ctx, firms[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			kinds := map[string]bool{}
			for _, e := range evs {
				kinds[e.Kind] = true
			}
			if !kinds[string(scoring.KindSelfCheckOnTime)] || !kinds[string(scoring.KindFindingSelfReported)] {
				t.Errorf("ledger after accept = %v", kinds)
			}
			fs, _ := a.store.OpenFindings(ctx, firms[0].ID)
			if len(fs) != 1 || !fs[0].DeadlineAt.Equal(a.calendar.AddWorkdays(a.now(), 20).UTC()) {
				t.Errorf("findings after accept = %+v, want one due in 20 working days", fs)
			}
			if err := a.reg.Review(ctx, adminNamed("admin"), asg[firms[1].ID].ID, false, "照片不清晰，请重新填报"); err != nil {
				t.Fatal(err)
			}
			if fs, _ := a.store.OpenFindings(ctx, firms[1].ID); len(fs) != 0 {
				t.Errorf("a returned submission left %d findings open", len(fs))
			}
			if err := a.reg.Review(ctx, adminNamed("admin"), asg[firms[1].ID].ID, true, ""); models.ErrorCode(err) != models.ECONFLICT {
				t.Errorf("deciding twice = %v", err)
			}
			if outboxCount(t, a, regulator.NoticeAccepted) != 1 || outboxCount(t, a, regulator.NoticeReturned) != 1 || outboxCount(t, a, regulator.NoticeRectificationDue) != 1 {
				t.Errorf("outbox: accepted %d, returned %d, finding due %d; want 1 each",
					outboxCount(t, a, regulator.NoticeAccepted), outboxCount(t, a, regulator.NoticeReturned), outboxCount(t, a, regulator.NoticeRectificationDue))
			}
		})
	}
}

// TestReportWorkflow takes a report through the queue: dispatch as a 无主部件
// to the fallback department, ownership settled while it is handled,
// resolved as verified (ledger), closed (follow-up), reopened within 7
// days and refused after; a duplicate merged. Every status change is told
// to the reporter.
func TestReportWorkflow(t *testing.T) {
	for _, d := range modelstest.Dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			a := newTestApp(t, d, campaignNow)
			firm := boundFirm(t, a, "440604012", "o_firm")
			u, err := a.store.EnsureWechatUser(ctx, "o_reporter")
			if err != nil {
				t.Fatal(err)
			}
			file := func(addr string) *models.CitizenReport {
				r := &models.CitizenReport{ReporterID: &u.ID, Source: "chat", Category: "井盖缺失", Description: "井盖丢失有危险",
					Address: addr, StreetCode: "440604012", GridCode: "440604012001"}
				if err := a.store.CreateReport(ctx, r, nil, a.cfg.TZ); err != nil {
					t.Fatal(err)
				}
				return r
			}
			r, dup := file("祖庙路1号"), file("祖庙路1号")
			if ds, _ := a.store.PossibleDuplicates(ctx, dup); len(ds) != 1 || ds[0].ID != r.ID {
				t.Errorf("PossibleDuplicates = %+v", ds)
			}
			act := func(id int64, ra regulator.ReportAction) error {
				return a.reg.ActOnReport(ctx, adminNamed("admin"), id, ra)
			}
			if err := act(dup.ID, regulator.ReportAction{Action: regulator.ActMerge, MergeInto: dup.ID}); models.ErrorCode(err) != models.EINVALID {
				t.Errorf("merge into itself = %v", err)
			}
			if err := act(dup.ID, regulator.ReportAction{Action: regulator.ActMerge, MergeInto: r.ID}); err != nil {
				t.Fatal(err)
			}
			if err := act(r.ID, regulator.ReportAction{Action: regulator.ActResolve}); models.ErrorCode(err) != models.ECONFLICT {
				t.Errorf("resolve before dispatch = %v", err)
			}
			steps := []regulator.ReportAction{
				{Action: regulator.ActDispatch, Department: "城管", Ownerless: true, Workdays: 3},
				{Action: regulator.ActHandle},
				{Action: regulator.ActSettle, Owner: "佛山市燃气集团"},
				{Action: regulator.ActResolve, Verified: true, Severity: "一般", EnterpriseID: firm.ID, Note: "已补装井盖"},
				{Action: regulator.ActClose},
				{Action: regulator.ActReopen, Note: "井盖又松动了"},
			}
			for _, s := range steps {
				if err := act(r.ID, s); err != nil {
					t.Fatalf("%s: %v", s.Action, err)
				}
			}
			got, h, err := a.store.Report(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != models.ReportHandling || !got.Ownerless || h.Owner != "佛山市燃气集团" || h.Reopened != 1 || got.Department != "城管" {
				t.Errorf("report = %+v %+v", got, h)
			}
			evs, _ := a.store.CreditEvents(ctx, firm.ID)
			if len(evs) != 1 || evs[0].Kind != string(scoring.KindCitizenReport) {
				t.Errorf("ledger = %+v, want one citizen_report", evs)
			}
			// dispatched, handling, resolved, closed, handling again; the merge
			// told the duplicate's reporter too.
			if n := outboxCount(t, a, regulator.NoticeReportStatus); n != 6 {
				t.Errorf("report status notices = %d, want 6", n)
			}
			if n := outboxCount(t, a, regulator.NoticeFollowup); n != 1 {
				t.Errorf("follow-up notices = %d, want 1", n)
			}
			if err := act(r.ID, regulator.ReportAction{Action: regulator.ActResolve}); err != nil {
				t.Fatal(err)
			}
			a.now = func() time.Time { return campaignNow.Add(8 * 24 * time.Hour) }
			if err := act(r.ID, regulator.ReportAction{Action: regulator.ActReopen}); models.ErrorCode(err) != models.EINVALID {
				t.Errorf("reopen after 8 days = %v, want refused", err)
			}
			stats, err := a.store.DepartmentStats(ctx, campaignNow.AddDate(0, 0, -1))
			if err != nil || len(stats) != 1 || stats[0].Done != 1 || stats[0].Reopened != 1 {
				t.Errorf("DepartmentStats = %+v, %v", stats, err)
			}
		})
	}
}

// TestCampaignPushCommand refuses a bad id and a campaign that does not
// exist.
func TestCampaignPushCommand(t *testing.T) {
	if code, _, _ := runCmd(t, nil, "campaign", "push", "x"); code != 2 {
		t.Errorf("campaign push x = %d, want 2", code)
	}
	url := modelstest.NewURL(t, "sqlite")
	vars := map[string]string{"DATABASE_URL": url, "DATA_DIR": t.TempDir()}
	if code, _, stderr := runCmd(t, vars, "campaign", "push", "99"); code == 0 {
		t.Errorf("pushing a missing campaign succeeded: %s", stderr)
	}
}
