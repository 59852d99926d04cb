package regulator

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// gradeDropLookback is how far back each housekeeping run looks for grade
// drops. It exceeds the run interval, so a drop is never missed; a drop seen
// twice is one notice, keyed by its snapshot.
const gradeDropLookback = 3 * time.Hour

// NotifyGradeDrops tells the firms whose grade fell to C or D why, with the
// reasons of the score in force, and returns how many it told.
func (s *Service) NotifyGradeDrops(ctx context.Context) (int, error) {
	drops, err := s.store.GradeDrops(ctx, s.now().Add(-gradeDropLookback))
	if err != nil {
		return 0, err
	}
	for _, d := range drops {
		r, err := s.ExplainCredit(ctx, d.EnterpriseID)
		if err != nil {
			return 0, err
		}
		reasons := strings.Join(r.Reasons, "；")
		if len(r.Overrides) > 0 {
			reasons = r.Overrides[0].Text + "；" + reasons
		}
		err = s.notify(ctx, notice{
			Name: NoticeGradeDrop, EnterpriseID: d.EnterpriseID, Ref: fmt.Sprintf("snapshot:%d", d.SnapshotID),
			Fields: map[string]string{
				"from": d.From, "grade": d.To, "score": r.Shown.StringFixed(0), "reasons": reasons,
				"effective": d.ComputedAt.In(s.loc).Format(time.DateOnly),
			},
		})
		if err != nil {
			return 0, err
		}
	}
	return len(drops), nil
}
