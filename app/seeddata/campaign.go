package seeddata

import (
	"fmt"
	"strings"
	"time"

	"selfcheck/models"
)

// campaignPlan is one self-check campaign of the generated history: pushed
// monthsAgo months before Now to the firms carrying one of tags (every firm
// when tags is empty). The open campaign was pushed days ago and is running.
type campaignPlan struct {
	title     string
	tags      []string
	monthsAgo int
	open      bool
}

var campaignPlans = []campaignPlan{
	{"综合自查", nil, 23, false},
	{"燃气安全专项自查", []string{"用气", "燃气经营"}, 20, false},
	{"消防安全专项自查", []string{"人员密集", "公众聚集", "三小", "消防安全重点单位", "出租屋"}, 17, false},
	{"食品安全专项自查", []string{"餐饮", "食品经营", "食品生产"}, 14, false},
	{"综合自查", nil, 11, false},
	{"安全生产专项自查", []string{"制造", "危化", "仓储物流", "粉尘"}, 8, false},
	{"电动自行车与燃气安全专项自查", []string{"电动车", "用气", "三小"}, 5, false},
	{"消防安全专项自查", []string{"人员密集", "公众聚集", "三小", "消防安全重点单位", "出租屋"}, 2, false},
	{"综合自查", nil, 0, true},
}

// deadlineDays is the working-day deadline of every generated campaign; the
// generated due date is two calendar weeks after the push.
const deadlineDays = 10

// Campaigns returns the campaigns of the generated history, in push order,
// without ids. Run stores them before the firms' assignments.
func (g *Generator) Campaigns() []models.Campaign {
	out := make([]models.Campaign, len(campaignPlans))
	for k, p := range campaignPlans {
		push, due := g.campaignDates(k)
		status := "closed"
		if p.open {
			status = "pushed"
		}
		filter := "{}"
		if len(p.tags) > 0 {
			filter = `{"tags":["` + strings.Join(p.tags, `","`) + `"]}`
		}
		out[k] = models.Campaign{
			Name:         fmt.Sprintf("%d年%d月%s", push.Year(), push.Month(), p.title),
			VersionID:    g.cfg.QuestionnaireVersionID,
			Audience:     "enterprise",
			Filter:       filter,
			DeadlineDays: deadlineDays,
			DueAt:        ptr(due.UTC()),
			PushAt:       ptr(push.UTC()),
			Status:       status,
			CreatedBy:    "seed",
			CreatedAt:    push.UTC(),
			UpdatedAt:    push.UTC(),
		}
	}
	return out
}

// campaignDates returns when campaign k was pushed and when it is due.
func (g *Generator) campaignDates(k int) (push, due time.Time) {
	now := g.cfg.Now
	p := campaignPlans[k]
	day := now.AddDate(0, -p.monthsAgo, 0)
	if p.open {
		day = now.AddDate(0, 0, -5)
	}
	push = time.Date(day.Year(), day.Month(), day.Day(), 9, 30, 0, 0, now.Location())
	due = time.Date(day.Year(), day.Month(), day.Day()+15, 0, 0, 0, 0, now.Location())
	return push, due
}

// targets reports whether campaign k goes to a firm with the given tags.
func targets(k int, firmTags []string) bool {
	tags := campaignPlans[k].tags
	if len(tags) == 0 {
		return true
	}
	for _, t := range tags {
		if contains(firmTags, t) {
			return true
		}
	}
	return false
}

func ptr[T any](v T) *T { return &v }
