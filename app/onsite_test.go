package main

import (
	"context"
	"selfcheck/app/regulator"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"selfcheck/models"
	"selfcheck/models/modelstest"
	"selfcheck/scoring"
)

// TestFalseSelfReportEndToEnd: a firm answers "compliant" in its self-check,
// an inspector finds the item violated on a planned visit, and the ledger
// gets the on-site finding and the false self-report priced at the grade the
// firm had when it answered; a clean visit earns a clean audit. Then the
// rectification loop closes both findings: one from photos, the 严重 one
// (挂牌督办) only after a re-visit.
func TestFalseSelfReportEndToEnd(t *testing.T) {
	for _, d := range modelstest.Dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			a := newTestApp(t, d, inspectionNow)
			addRosters(t, a, "市场监管")
			liar := firmAt(t, a, 23.03, 113.11, "440604012001")
			clean := firmAt(t, a, 23.03, 113.12, "440604012001")
			asg := submitSelfCheck(t, a, liar.ID, inspectionNow.AddDate(0, 0, -10), map[string]bool{"FD-03": true, "FD-05": false})
			if _, err := a.reg.CreateOrder(ctx, admin, regulator.OrderInput{Department: "市场监管", Reason: "random_audit", Items: []string{"FD-03", "FD-01"},
				From: day(2026, 5, 11), To: day(2026, 5, 11), Targets: []int64{liar.ID, clean.ID}}); err != nil {
				t.Fatal(err)
			}
			res, err := a.reg.MakePlan(ctx, adminNamed("test"), regulator.PlanInput{From: day(2026, 5, 11), To: day(2026, 5, 11), Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			visits, _ := a.store.PlanVisits(ctx, res.PlanID)
			byFirm := map[int64]int64{}
			for _, v := range visits {
				byFirm[v.EnterpriseID] = v.ID
			}
			out, err := a.reg.RecordOnsite(ctx, adminNamed("检查员甲"), byFirm[liar.ID], []regulator.ItemResult{
				{ItemID: "FD-03", Compliant: false, Note: "台账缺失"},
				{ItemID: "FD-01", Compliant: false},
			})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.reg.RecordOnsite(ctx, adminNamed("检查员甲"), byFirm[clean.ID], []regulator.ItemResult{{ItemID: "FD-03", Compliant: true}, {ItemID: "FD-01", Compliant: true}}); err != nil {
				t.Fatal(err)
			}
			if len(out.Findings) != 2 || len(out.FalseReports) != 1 || out.Outcome != models.OutcomeViolations {
				t.Fatalf("recordOnsite = %+v, want 2 findings, 1 false report", out)
			}
			minor, major := out.Findings[0], out.Findings[1]
			if minor.ItemID != "FD-03" || out.FalseReports[0] != minor.ID || major.Severity != "严重" {
				t.Fatalf("findings %+v, false reports %v", out.Findings, out.FalseReports)
			}
			wantDeadline := a.calendar.AddWorkdays(inspectionNow, 10)
			if !minor.DeadlineAt.Equal(wantDeadline.UTC()) {
				t.Errorf("deadline %s, want 10 working days: %s", minor.DeadlineAt, wantDeadline)
			}
			p := a.credit.Params()
			// The firm answered with no evidence yet: at the base's grade.
			wantFalse, _, _, _ := p.FalseReportPoints(p.GradeOf(p.Base), scoring.SeverityGeneral, inspectionNow)
			got := ledgerKinds(t, a, liar.ID)
			want := map[string]string{
				"finding_onsite/一般": "-20", "finding_onsite/严重": "-80", "false_report/一般": trimPoints(wantFalse.StringFixed(2)),
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("ledger of the firm that lied (-want +got):\n%s", diff)
			}
			cleanPts, _, _, _ := p.Points(scoring.KindCleanAudit, scoring.SeverityNone, inspectionNow)
			if diff := cmp.Diff(map[string]string{"clean_audit/": trimPoints(cleanPts.StringFixed(2))}, ledgerKinds(t, a, clean.ID)); diff != "" {
				t.Errorf("ledger of the clean firm (-want +got):\n%s", diff)
			}
			if asg == 0 {
				t.Fatal("no self-check")
			}

			// 整改 → 复查 → 销号, from photos.
			fix := &models.Rectification{FindingID: minor.ID, Kind: models.RectificationFix, Note: "已补台账", Photos: "1"}
			if err := a.store.AddRectification(ctx, liar.ID, fix); err != nil {
				t.Fatal(err)
			}
			if err := a.reg.VerifyFix(ctx, adminNamed("监管员乙"), fix.ID, true, "照片清晰"); err != nil {
				t.Fatal(err)
			}
			// The major hazard needs a re-visit.
			fix2 := &models.Rectification{FindingID: major.ID, Kind: models.RectificationFix, Note: "已整改", Photos: "2"}
			if err := a.store.AddRectification(ctx, liar.ID, fix2); err != nil {
				t.Fatal(err)
			}
			if err := a.reg.VerifyFix(ctx, adminNamed("监管员乙"), fix2.ID, true, ""); models.ErrorCode(err) != models.EINVALID {
				t.Fatalf("verifyFix of a 严重 finding from photos = %v, want EINVALID", err)
			}
			rv, err := a.reg.ScheduleRevisit(ctx, adminNamed("监管员乙"), major.ID, inspectionNow.AddDate(0, 0, 1), "市场监管")
			if err != nil {
				t.Fatal(err)
			}
			re, err := a.reg.RecordOnsite(ctx, adminNamed("检查员丙"), rv.ID, []regulator.ItemResult{{ItemID: "FD-01", Compliant: true}})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]int64{major.ID}, re.Closed); diff != "" {
				t.Errorf("re-visit closed (-want +got):\n%s", diff)
			}
			got = ledgerKinds(t, a, liar.ID)
			if got["rectified_on_time/一般"] != "0" || got["rectified_on_time/严重"] != "0" || len(got) != 5 {
				t.Errorf("ledger after rectification: %v", got)
			}
			steps, _ := a.store.FindingSteps(ctx, major.ID)
			var names []string
			for _, s := range steps {
				names = append(names, s.Step)
			}
			wantSteps := []string{models.StepOpened, models.StepListed, models.StepRevisitPlanned, models.StepClosed}
			if diff := cmp.Diff(wantSteps, names); diff != "" {
				t.Errorf("file of the major finding (-want +got):\n%s", diff)
			}
			rows, err := a.reg.Publicity(ctx, cliActor, day(2026, 5, 1), day(2026, 5, 31), 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 3 {
				t.Fatalf("publicity: %d rows, want 3", len(rows))
			}
		})
	}
}

// ledgerKinds returns a firm's ledger as kind/severity -> points.
func ledgerKinds(t *testing.T, a *App, firm int64) map[string]string {
	t.Helper()
	evs, err := a.store.CreditEvents(context.Background(), firm)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range evs {
		out[e.Kind+"/"+e.Severity] = e.Points.StringFixed(2)
	}
	for k, v := range out {
		out[k] = trimPoints(v)
	}
	return out
}

func trimPoints(v string) string {
	if len(v) > 3 && v[len(v)-3:] == ".00" {
		return v[:len(v)-3]
	}
	return v
}

// TestRectificationDeferralAndOverdue: one deferral per finding, decided with
// a reason; an overdue finding is flagged, and recorded as not rectified
// after the grace period.
func TestRectificationDeferralAndOverdue(t *testing.T) {
	for _, d := range modelstest.Dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			a := newTestApp(t, d, inspectionNow)
			firm := firmAt(t, a, 23.03, 113.11, "440604012001")
			fs := []models.Finding{
				{EnterpriseID: firm.ID, Source: models.FindingSelfReported, ItemID: "FD-03", Severity: "一般", DeadlineAt: inspectionNow.AddDate(0, 0, 3).UTC()},
				{EnterpriseID: firm.ID, Source: models.FindingSelfReported, ItemID: "FD-05", Severity: "较重", DeadlineAt: inspectionNow.AddDate(0, 0, -2).UTC()},
			}
			if err := a.store.InsertFindings(ctx, fs); err != nil {
				t.Fatal(err)
			}
			ask := func() int64 {
				r := &models.Rectification{FindingID: fs[0].ID, Kind: models.RectificationDefer, Note: "设备到货延迟"}
				if err := a.store.AddRectification(ctx, firm.ID, r); err != nil {
					t.Fatal(err)
				}
				return r.ID
			}
			if err := a.reg.DecideDeferral(ctx, adminNamed("监管员"), ask(), true, ""); models.ErrorCode(err) != models.EINVALID {
				t.Errorf("decideDeferral without a reason = %v, want EINVALID", err)
			}
			if err := a.reg.DecideDeferral(ctx, adminNamed("监管员"), ask(), true, "理由充分"); err != nil {
				t.Fatal(err)
			}
			if err := a.reg.DecideDeferral(ctx, adminNamed("监管员"), ask(), true, "再次申请"); models.ErrorCode(err) != models.ECONFLICT {
				t.Errorf("second deferral = %v, want ECONFLICT", err)
			}
			f, _ := a.store.LockFinding(ctx, fs[0].ID)
			if want := a.calendar.AddWorkdays(fs[0].DeadlineAt, 10); !f.Deferred || !f.DeadlineAt.Equal(want.UTC()) {
				t.Errorf("deferred finding: deferred %v deadline %s, want %s", f.Deferred, f.DeadlineAt, want)
			}
			flagged, neglected, err := a.reg.FlagOverdue(ctx)
			if err != nil || flagged != 1 || neglected != 0 {
				t.Fatalf("flagOverdue = %d, %d, %v; want 1, 0", flagged, neglected, err)
			}
			if flagged, _, _ := a.reg.FlagOverdue(ctx); flagged != 0 {
				t.Errorf("flagOverdue flagged %d again", flagged)
			}
			a.now = func() time.Time { return inspectionNow.AddDate(0, 2, 0) }
			_, neglected, err = a.reg.FlagOverdue(ctx)
			if err != nil || neglected != 2 {
				t.Fatalf("two months later: neglected %d, %v; want 2 (both findings)", neglected, err)
			}
			got := ledgerKinds(t, a, firm.ID)
			if diff := cmp.Diff(map[string]string{"not_rectified/一般": "-30", "not_rectified/较重": "-60"}, got); diff != "" {
				t.Errorf("ledger (-want +got):\n%s", diff)
			}
		})
	}
}
