package bot

import (
	"context"
	"testing"
	"time"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

func TestParseSatisfaction(t *testing.T) {
	for _, tc := range []struct {
		in    string
		score int
		words string
		ok    bool
	}{
		{"5", 5, "", true},
		{"４分 很及时", 4, "很及时", true},
		{"2，处理太慢", 2, "处理太慢", true},
		{"12", 0, "", false},
		{"6", 0, "", false},
		{"满意", 0, "", false},
		{"3.5", 0, "", false},
	} {
		score, words, ok := parseSatisfaction(tc.in)
		if score != tc.score || words != tc.words || ok != tc.ok {
			t.Errorf("parseSatisfaction(%q) = %d, %q, %v, want %d, %q, %v", tc.in, score, words, ok, tc.score, tc.words, tc.ok)
		}
	}
}

// TestFollowupAnswer: the reporter answers the 回访 in the chat and the score
// is stored with the ticket; only the first answer counts.
func TestFollowupAnswer(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		now := testNow
		b := newTestBot(t, s, &now)
		openID := openIDPrefix(t) + "citizen"
		u, err := s.EnsureWechatUser(ctx, openID)
		if err != nil {
			t.Fatal(err)
		}
		r := &models.CitizenReport{ReporterID: &u.ID, Source: "chat", Category: "噪声扰民", Description: "夜间施工噪声"}
		loc, _ := time.LoadLocation("Asia/Shanghai")
		if err := s.CreateReport(ctx, r, nil, loc); err != nil {
			t.Fatal(err)
		}
		closed := now.Add(-24 * time.Hour)
		if err := s.DB().Model(r).Updates(map[string]any{"status": models.ReportClosed, "closed_at": closed}).Error; err != nil {
			t.Fatal(err)
		}
		out, err := b.Handle(ctx, Inbound{OpenID: openID, Kind: KindText, Content: "2 处理太慢", MsgID: 9001, Time: now})
		if err != nil {
			t.Fatal(err)
		}
		want := b.notices.say("followup_low", "score", "2", "ticket", r.TicketNo)
		if len(out) != 1 || out[0].Text != want {
			t.Errorf("reply = %+v, want %q", out, want)
		}
		got, _ := s.ReportByTicket(ctx, r.TicketNo)
		if got.Satisfaction == nil || *got.Satisfaction != 2 || got.Feedback != "处理太慢" {
			t.Errorf("report after the answer: satisfaction %v, feedback %q", got.Satisfaction, got.Feedback)
		}
		// A second number is not a follow-up answer any more.
		out, _ = b.Handle(ctx, Inbound{OpenID: openID, Kind: KindText, Content: "5", MsgID: 9002, Time: now})
		if len(out) != 1 || out[0].Text == b.notices.say("followup_thanks", "score", "5", "ticket", r.TicketNo) {
			t.Errorf("second answer reply = %+v, want the usual help", out)
		}
	})
}
