package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

func TestCreateReport(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		// 23:30 UTC is the next morning in Shanghai: the ticket takes the
		// local date.
		now := time.Date(2026, 11, 26, 23, 30, 0, 0, time.UTC)
		pin(s, &now)
		loc, err := time.LoadLocation("Asia/Shanghai")
		if err != nil {
			t.Fatal(err)
		}
		u, err := s.EnsureWechatUser(ctx, "o-reporter")
		if err != nil {
			t.Fatal(err)
		}
		photo, err := s.AddPhoto(ctx, "media-r", u.ID)
		if err != nil {
			t.Fatal(err)
		}
		file := func(desc string, photos ...int64) *models.CitizenReport {
			t.Helper()
			r := &models.CitizenReport{ReporterID: &u.ID, Source: "chat", Category: "消防安全", Description: desc}
			if err := s.CreateReport(ctx, r, photos, loc); err != nil {
				t.Fatal(err)
			}
			return r
		}
		first := file("楼道堆放杂物🔥", photo)
		now = now.Add(time.Minute)
		second := file("占道经营")
		if first.TicketNo != "JB20261127-0001" || second.TicketNo != "JB20261127-0002" {
			t.Errorf("tickets %s, %s; want JB20261127-0001, JB20261127-0002", first.TicketNo, second.TicketNo)
		}
		if first.Status != models.ReportNew {
			t.Errorf("status %q, want %q", first.Status, models.ReportNew)
		}
		// The next local day starts a new sequence.
		now = now.Add(24 * time.Hour)
		if third := file("噪声扰民"); third.TicketNo != "JB20261128-0001" {
			t.Errorf("next day's ticket %s, want JB20261128-0001", third.TicketNo)
		}

		// Demo history numbers its reports past 9999 a day; the sequence
		// goes on from the largest number, not the greatest string.
		seeded := &models.CitizenReport{TicketNo: models.TicketNo(now.In(loc), 12345), Source: "chat", Category: "噪声扰民",
			Description: "夜间施工噪声", Status: models.ReportNew, CreatedAt: now, UpdatedAt: now}
		if err := s.DB().Create(seeded).Error; err != nil {
			t.Fatal(err)
		}
		fourth := &models.CitizenReport{Source: "chat", Category: "燃气安全", Description: "燃气泄漏"}
		if err := s.CreateReport(ctx, fourth, nil, loc); err != nil {
			t.Fatal(err)
		}
		if fourth.TicketNo != "JB20261128-12346" {
			t.Errorf("ticket after JB20261128-12345 is %s, want JB20261128-12346", fourth.TicketNo)
		}

		got, err := s.ReportByTicket(ctx, first.TicketNo)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != first.ID || got.Description != "楼道堆放杂物🔥" {
			t.Errorf("ReportByTicket = %+v, want report %d with its description", got, first.ID)
		}
		if _, err := s.ReportByTicket(ctx, "JB20000101-0001"); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("ReportByTicket(unknown) = %v, want ENOTFOUND", err)
		}
		var photos []int64
		if err := s.DB().Table("report_photos").Where("report_id = ?", first.ID).Pluck("photo_id", &photos).Error; err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]int64{photo}, photos); diff != "" {
			t.Errorf("photos of the first report (-want +got):\n%s", diff)
		}
		events, err := s.ReportEvents(ctx, first.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != 1 || events[0].ToStatus != models.ReportNew || events[0].Actor != "citizen" {
			t.Errorf("ReportEvents = %+v, want one new event by the citizen", events)
		}

		mine, err := s.ReportsByReporter(ctx, u.ID, 2)
		if err != nil {
			t.Fatal(err)
		}
		var tickets []string
		for _, r := range mine {
			tickets = append(tickets, r.TicketNo)
		}
		if diff := cmp.Diff([]string{"JB20261128-0001", "JB20261127-0002"}, tickets); diff != "" {
			t.Errorf("ReportsByReporter newest two (-want +got):\n%s", diff)
		}

		// Many reporters at once: each one's own latest, as one by one.
		v, err := s.EnsureWechatUser(ctx, "o-reporter-2")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.CreateReport(ctx, &models.CitizenReport{ReporterID: &v.ID, Source: "chat", Category: "噪声扰民", Description: "装修噪声"}, nil, loc); err != nil {
			t.Fatal(err)
		}
		for _, limit := range []int{2, 10} {
			all, err := s.ReportsByReporters(ctx, []int64{u.ID, v.ID, v.ID + 1000}, limit)
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range []int64{u.ID, v.ID} {
				one, err := s.ReportsByReporter(ctx, id, limit)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(ticketsOf(one), ticketsOf(all[id])); diff != "" || len(one) == 0 {
					t.Errorf("ReportsByReporters(limit %d) of %d (-one by one +all at once):\n%s", limit, id, diff)
				}
			}
			if len(all) != 2 {
				t.Errorf("ReportsByReporters(limit %d) has %d reporters, want 2 (none for a user without reports)", limit, len(all))
			}
		}
	})
}

func ticketsOf(rs []models.CitizenReport) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.TicketNo)
	}
	return out
}
