package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// TestReopenByReporter: a reporter unhappy with a closed report has it
// handled again from the chat within 7 days, once; later, or with nothing
// finished, the chat says there is nothing to reopen.
func TestReopenByReporter(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		now := testNow
		b := newTestBot(t, s, &now)
		openID := openIDPrefix(t) + "reopen"
		u, err := s.EnsureWechatUser(ctx, openID)
		if err != nil {
			t.Fatal(err)
		}
		loc, _ := time.LoadLocation("Asia/Shanghai")
		report := func(closedAgo time.Duration) *models.CitizenReport {
			r := &models.CitizenReport{ReporterID: &u.ID, Source: "chat", Category: "占道经营", Description: "人行道被占用"}
			if err := s.CreateReport(ctx, r, nil, loc); err != nil {
				t.Fatal(err)
			}
			closed := now.Add(-closedAgo)
			if err := s.DB().Model(r).Updates(map[string]any{"status": models.ReportClosed, "closed_at": closed, "satisfaction": 1}).Error; err != nil {
				t.Fatal(err)
			}
			return r
		}
		say := func(id int64, text string) string {
			out, err := b.Handle(ctx, Inbound{OpenID: openID, Kind: KindText, Content: text, MsgID: id, Time: now})
			if err != nil || len(out) != 1 {
				t.Fatalf("Handle(%q) = %+v, %v", text, out, err)
			}
			return out[0].Text
		}
		old := report(8 * 24 * time.Hour)
		if got, want := say(9101, "重新处理"), b.texts.say("reopen_none"); got != want {
			t.Errorf("reopen of a report closed 8 days ago = %q, want %q", got, want)
		}
		recent := report(2 * 24 * time.Hour)
		if got := say(9102, "不满意"); !strings.Contains(got, recent.TicketNo) {
			t.Errorf("reopen reply = %q, want ticket %s", got, recent.TicketNo)
		}
		got, _ := s.ReportByTicket(ctx, recent.TicketNo)
		if got.Status != models.ReportHandling || got.ClosedAt != nil || got.Satisfaction != nil {
			t.Errorf("reopened report: status %s, closed %v, satisfaction %v; want handling, unset, unset", got.Status, got.ClosedAt, got.Satisfaction)
		}
		if o, _ := s.ReportByTicket(ctx, old.TicketNo); o.Status != models.ReportClosed {
			t.Errorf("the old report moved to %s", o.Status)
		}
		if got, want := say(9103, "重新处理"), b.texts.say("reopen_none"); got != want {
			t.Errorf("second reopen = %q, want %q", got, want)
		}
	})
}
