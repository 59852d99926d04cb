package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// assignment inserts an assignment of campaign for a firm or a user.
func assignment(t *testing.T, s *models.Store, campaign int64, firm, user *int64, status string, due *time.Time) *models.Assignment {
	t.Helper()
	now := s.Now().UTC()
	a := models.Assignment{CampaignID: campaign, VersionID: 1, EnterpriseID: firm, WechatUserID: user, Status: status,
		DueAt: due, CreatedAt: now, UpdatedAt: now}
	if err := s.DB().Create(&a).Error; err != nil {
		t.Fatal(err)
	}
	return &a
}

func TestOpenAssignment(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		now := inboundNow
		pin(s, &now)
		firm := modelstest.Enterprise(t, s, nil).ID
		other := modelstest.Enterprise(t, s, nil).ID
		user := int64(7)
		soon, later := now.AddDate(0, 0, 3), now.AddDate(0, 0, 10)
		if _, err := s.OpenAssignment(ctx, firm, 0); models.ErrorCode(err) != models.ENOTFOUND {
			t.Fatalf("OpenAssignment with none = %v, want ENOTFOUND", err)
		}
		undated := assignment(t, s, 1, &firm, nil, models.AssignmentPending, nil)
		assignment(t, s, 2, &firm, nil, models.AssignmentSubmitted, &soon) // closed: skipped
		late := assignment(t, s, 3, &firm, nil, models.AssignmentReturned, &later)
		assignment(t, s, 4, &other, nil, models.AssignmentPending, &soon)
		mine := assignment(t, s, 5, nil, &user, models.AssignmentOverdue, &later)

		tests := []struct {
			name       string
			firm, user int64
			want       int64
		}{
			{"OKDatedBeforeUndated", firm, 0, late.ID},
			{"OKCitizen", 0, user, mine.ID},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				got, err := s.OpenAssignment(ctx, tc.firm, tc.user)
				if err != nil {
					t.Fatal(err)
				}
				if got.ID != tc.want {
					t.Errorf("OpenAssignment(%d, %d) = %d, want %d", tc.firm, tc.user, got.ID, tc.want)
				}
			})
		}
		if err := s.StartAssignment(ctx, undated.ID); err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Hour)
		if err := s.StartAssignment(ctx, undated.ID); err != nil {
			t.Fatal(err)
		}
		var got models.Assignment
		if err := s.DB().Take(&got, undated.ID).Error; err != nil {
			t.Fatal(err)
		}
		if got.Status != models.AssignmentInProgress || got.StartedAt == nil || !got.StartedAt.Equal(inboundNow) {
			t.Errorf("started assignment: status %s, started %v; want in_progress at %v (the first start)", got.Status, got.StartedAt, inboundNow)
		}
	})
}

func TestSubmitAssignment(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		now := inboundNow
		pin(s, &now)
		firm := modelstest.Enterprise(t, s, nil).ID
		a := assignment(t, s, 1, &firm, nil, models.AssignmentInProgress, nil)
		yes, no := true, false
		save := func(item, value string, compliant *bool) {
			t.Helper()
			if err := s.SaveAnswer(ctx, &models.Answer{AssignmentID: a.ID, ItemID: item, Value: value, Compliant: compliant, AnsweredAt: now}); err != nil {
				t.Fatal(err)
			}
		}
		save("exits_clear", "true", &yes)
		save("exits_clear", "false", &no) // a second answer replaces the first
		save("extinguishers", "true", &yes)
		var values []string
		if err := s.DB().Model(&models.Answer{}).Where("assignment_id = ?", a.ID).Order("item_id").Pluck("value", &values).Error; err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"false", "true"}, values); diff != "" {
			t.Errorf("saved answers (-want +got):\n%s", diff)
		}

		answers := []models.Answer{{ItemID: "exits_clear", Value: "false", Compliant: &no, AnsweredAt: now}}
		findings := []models.Finding{{EnterpriseID: firm, ItemID: "exits_clear", Severity: "较重", Description: "安全出口堵塞",
			DeadlineAt: now.AddDate(0, 0, 14)}}
		if err := s.SubmitAssignment(ctx, a.ID, answers, findings); err != nil {
			t.Fatal(err)
		}
		if err := s.SubmitAssignment(ctx, a.ID, answers, nil); models.ErrorCode(err) != models.ECONFLICT {
			t.Errorf("second SubmitAssignment = %v, want ECONFLICT", err)
		}
		var got models.Assignment
		if err := s.DB().Take(&got, a.ID).Error; err != nil {
			t.Fatal(err)
		}
		if got.Status != models.AssignmentSubmitted || got.SubmittedAt == nil {
			t.Errorf("assignment status %s, submitted %v; want submitted", got.Status, got.SubmittedAt)
		}
		if n := countRows(t, s, "answers"); n != 1 {
			t.Errorf("answers has %d rows, want the 1 submitted", n)
		}
		open, err := s.OpenFindings(ctx, firm)
		if err != nil {
			t.Fatal(err)
		}
		if len(open) != 1 || open[0].Source != models.FindingSelfReported || open[0].Status != models.FindingOpen ||
			open[0].AssignmentID == nil || *open[0].AssignmentID != a.ID {
			t.Errorf("findings %+v, want one open self-reported finding of assignment %d", open, a.ID)
		}
	})
}
