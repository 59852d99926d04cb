package models

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Campaign statuses.
const (
	CampaignDraft     = "draft"     // created, not pushed
	CampaignScheduled = "scheduled" // to be pushed at PushAt by the worker
	CampaignPushing   = "pushing"   // a push is under way (or was cut short)
	CampaignPushed    = "pushed"    // every target has its assignment and notice
)

// CampaignTarget is a campaign's targeting filter, stored as JSON in
// Campaign.Filter. Firms match every non-empty list; households are the
// registered citizens of Streets.
type CampaignTarget struct {
	Streets       []string `json:"streets,omitempty"`
	Industries    []string `json:"industries,omitempty"`
	Grades        []string `json:"grades,omitempty"`
	EnterpriseIDs []int64  `json:"enterprise_ids,omitempty"`
}

// Households reports whether an audience is answered by citizens rather
// than firms.
func Households(audience string) bool { return audience == "household" || audience == "rental" }

// CreateCampaign stores a new campaign with its themes (comma-joined).
func (s *Store) CreateCampaign(ctx context.Context, c *Campaign, t CampaignTarget, themes []string) error {
	raw, err := json.Marshal(t)
	if err != nil {
		return fmt.Errorf("encode campaign target: %w", err)
	}
	now := s.now()
	c.ID, c.Filter, c.CreatedAt, c.UpdatedAt = 0, string(raw), now, now
	if c.Status == "" {
		c.Status = CampaignDraft
	}
	db := s.db.WithContext(ctx)
	if err := db.Create(c).Error; err != nil {
		return fmt.Errorf("create campaign: %w", err)
	}
	if err := db.Model(&Campaign{}).Where("id = ?", c.ID).Update("themes", strings.Join(themes, ",")).Error; err != nil {
		return fmt.Errorf("set themes of campaign %d: %w", c.ID, err)
	}
	return nil
}

// Campaign returns a campaign by id.
func (s *Store) Campaign(ctx context.Context, id int64) (*Campaign, error) {
	var c Campaign
	err := s.db.WithContext(ctx).Where("id = ?", id).Take(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, Errorf(ENOTFOUND, "未找到该自查任务")
	} else if err != nil {
		return nil, fmt.Errorf("campaign %d: %w", id, err)
	}
	return &c, nil
}

// LockCampaign is Campaign read with a row lock on MySQL, for a push that
// must not run twice at once.
func (s *Store) LockCampaign(ctx context.Context, id int64) (*Campaign, error) {
	var c Campaign
	db := s.db.WithContext(ctx)
	if s.dialect == "mysql" {
		db = db.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	err := db.Where("id = ?", id).Take(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, Errorf(ENOTFOUND, "未找到该自查任务")
	} else if err != nil {
		return nil, fmt.Errorf("lock campaign %d: %w", id, err)
	}
	return &c, nil
}

// Campaigns returns the latest campaigns, newest first.
func (s *Store) Campaigns(ctx context.Context, limit int) ([]Campaign, error) {
	var out []Campaign
	if err := s.db.WithContext(ctx).Order("id DESC").Limit(limit).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("campaigns: %w", err)
	}
	return out, nil
}

// CampaignThemes returns the themes a campaign's self-check is narrowed to
// (none: the whole questionnaire).
func (s *Store) CampaignThemes(ctx context.Context, id int64) ([]string, error) {
	var themes string
	err := s.db.WithContext(ctx).Model(&Campaign{}).Select("themes").Where("id = ?", id).Row().Scan(&themes)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("themes of campaign %d: %w", id, err)
	}
	if themes == "" {
		return nil, nil
	}
	return strings.Split(themes, ","), nil
}

// CampaignTargetOf decodes a campaign's filter.
func CampaignTargetOf(c *Campaign) (CampaignTarget, error) {
	var t CampaignTarget
	if c.Filter == "" {
		return t, nil
	}
	if err := json.Unmarshal([]byte(c.Filter), &t); err != nil {
		return t, fmt.Errorf("filter of campaign %d: %w", c.ID, err)
	}
	return t, nil
}

// SetCampaignStatus moves a campaign to status, only from one of from, and
// reports whether it moved. Pushed sets pushed_at and the due date.
func (s *Store) SetCampaignStatus(ctx context.Context, id int64, status string, dueAt *time.Time, from ...string) (bool, error) {
	now := s.now()
	set := map[string]any{"status": status, "updated_at": now}
	if status == CampaignPushed {
		set["pushed_at"] = now
	}
	if dueAt != nil {
		set["due_at"] = dueAt.UTC()
	}
	res := s.db.WithContext(ctx).Model(&Campaign{}).Where("id = ? AND status IN ?", id, from).Updates(set)
	if res.Error != nil {
		return false, fmt.Errorf("set campaign %d %s: %w", id, status, res.Error)
	}
	return res.RowsAffected > 0, nil
}

// DueCampaigns returns the ids of campaigns the worker should push now:
// scheduled ones whose time has come, and pushes cut short (still pushing
// after stale).
func (s *Store) DueCampaigns(ctx context.Context, now time.Time, stale time.Duration) ([]int64, error) {
	var ids []int64
	err := s.db.WithContext(ctx).Model(&Campaign{}).
		Where("(status = ? AND push_at <= ?) OR (status = ? AND updated_at < ?)", CampaignScheduled, now.UTC(), CampaignPushing, now.Add(-stale).UTC()).
		Order("id").Pluck("id", &ids).Error
	if err != nil {
		return nil, fmt.Errorf("due campaigns: %w", err)
	}
	return ids, nil
}

// CampaignTargets returns up to limit ids of the firms (or, for a household
// audience, the registered citizens) a campaign targets, above after, in id
// order: call it again with the last id for the next page.
func (s *Store) CampaignTargets(ctx context.Context, audience string, t CampaignTarget, after int64, limit int) ([]int64, error) {
	db := s.db.WithContext(ctx)
	var ids []int64
	var q *gorm.DB
	if Households(audience) {
		q = db.Table("wechat_users").Select("id").Where("id > ? AND subscribed = ? AND community_code <> ''", after, true)
		if len(t.Streets) > 0 {
			q = q.Where("street_code IN ?", t.Streets)
		}
		q = q.Order("id")
	} else {
		q = db.Table("enterprises e").Select("e.id").Where("e.id > ? AND e.status = ?", after, "active")
		if len(t.Streets) > 0 {
			q = q.Where("e.street_code IN ?", t.Streets)
		}
		if len(t.Industries) > 0 {
			q = q.Where("e.industry IN ?", t.Industries)
		}
		if len(t.EnterpriseIDs) > 0 {
			q = q.Where("e.id IN ?", t.EnterpriseIDs)
		}
		if len(t.Grades) > 0 {
			q = q.Joins("JOIN enterprise_scores sc ON sc.enterprise_id = e.id").Where("sc.grade IN ?", t.Grades)
		}
		q = q.Order("e.id")
	}
	if err := q.Limit(limit).Pluck("id", &ids).Error; err != nil {
		return nil, fmt.Errorf("targets of campaign: %w", err)
	}
	return ids, nil
}

// InsertAssignments gives each target its assignment of campaign c, due at
// due, in multi-row inserts; a target that already has one keeps it, so a
// push cut short can be run again.
func (s *Store) InsertAssignments(ctx context.Context, c *Campaign, targets []int64, due time.Time) error {
	if len(targets) == 0 {
		return nil
	}
	now := s.now()
	rows := make([]Assignment, len(targets))
	for i := range targets {
		rows[i] = Assignment{CampaignID: c.ID, VersionID: c.VersionID, Status: AssignmentPending, DueAt: &due, CreatedAt: now, UpdatedAt: now}
		if Households(c.Audience) {
			rows[i].WechatUserID = &targets[i]
		} else {
			rows[i].EnterpriseID = &targets[i]
		}
	}
	db := s.db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true})
	if s.dialect == "mysql" {
		db = s.db.WithContext(ctx).Clauses(clause.Insert{Modifier: "IGNORE"})
	}
	if err := db.CreateInBatches(&rows, 1000).Error; err != nil {
		return fmt.Errorf("insert %d assignments of campaign %d: %w", len(rows), c.ID, err)
	}
	return nil
}

// CampaignProgress is where a campaign stands: its assignments by status
// and its notices by delivery.
type CampaignProgress struct {
	Targets    int64            `json:"targets"`
	ByStatus   map[string]int64 `json:"by_status"`
	InProgress int64            `json:"in_progress"`
	// Submitted counts submitted, accepted and returned assignments.
	Submitted int64        `json:"submitted"`
	Overdue   int64        `json:"overdue"`
	Notices   OutboxCounts `json:"notices"`
}

// ProgressOf counts a campaign's assignments by status and its outbox rows
// (pushed = enqueued, delivered = sent).
func (s *Store) ProgressOf(ctx context.Context, campaignID int64) (*CampaignProgress, error) {
	var rows []struct {
		Status string
		N      int64
	}
	err := s.db.WithContext(ctx).Model(&Assignment{}).Select("status, COUNT(*) AS n").
		Where("campaign_id = ?", campaignID).Group("status").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("progress of campaign %d: %w", campaignID, err)
	}
	p := &CampaignProgress{ByStatus: map[string]int64{}}
	for _, r := range rows {
		p.ByStatus[r.Status] = r.N
		p.Targets += r.N
	}
	p.InProgress = p.ByStatus[AssignmentInProgress]
	p.Submitted = p.ByStatus[AssignmentSubmitted] + p.ByStatus[AssignmentAccepted] + p.ByStatus[AssignmentReturned]
	p.Overdue = p.ByStatus[AssignmentOverdue]
	if p.Notices, err = s.CountOutbox(ctx, campaignID); err != nil {
		return nil, err
	}
	return p, nil
}

// MarkOverdue flags the open assignments due before now as overdue and
// returns how many it flagged.
func (s *Store) MarkOverdue(ctx context.Context, now time.Time) (int64, error) {
	res := s.db.WithContext(ctx).Model(&Assignment{}).
		Where("status IN ? AND due_at < ?", []string{AssignmentPending, AssignmentInProgress}, now.UTC()).
		Updates(map[string]any{"status": AssignmentOverdue, "updated_at": s.now()})
	if res.Error != nil {
		return 0, fmt.Errorf("mark overdue assignments: %w", res.Error)
	}
	return res.RowsAffected, nil
}

// NonFiler is an assignment not yet submitted, with its firm or citizen.
type NonFiler struct {
	AssignmentID int64      `json:"assignment_id"`
	EnterpriseID *int64     `json:"enterprise_id,omitempty"`
	WechatUserID *int64     `json:"wechat_user_id,omitempty"`
	Name         string     `json:"name"`
	USCC         string     `json:"uscc"`
	StreetCode   string     `json:"street_code"`
	Industry     string     `json:"industry"`
	ContactPhone string     `json:"contact_phone" gorm:"serializer:pii"`
	Status       string     `json:"status"`
	DueAt        *time.Time `json:"due_at"`
}

// nonFilerStatuses are the statuses of an assignment still to be filed.
var nonFilerStatuses = []string{AssignmentPending, AssignmentInProgress, AssignmentOverdue}

// EachNonFiler calls fn for each unsubmitted assignment of a campaign (only
// overdue ones with overdueOnly), in id order, a page at a time; a street
// scope sees only its firms.
func (s *Store) EachNonFiler(ctx context.Context, campaignID int64, overdueOnly bool, street string, fn func(NonFiler) error) error {
	statuses := nonFilerStatuses
	if overdueOnly {
		statuses = []string{AssignmentOverdue}
	}
	var after int64
	for {
		var page []NonFiler
		q := s.db.WithContext(ctx).Table("assignments a").
			Select("a.id AS assignment_id, a.enterprise_id, a.wechat_user_id, a.status, a.due_at, COALESCE(e.name, '') AS name, "+
				"COALESCE(e.uscc, '') AS uscc, COALESCE(e.street_code, u.street_code, '') AS street_code, COALESCE(e.industry, '') AS industry, "+
				"COALESCE(e.contact_phone, '') AS contact_phone").
			Joins("LEFT JOIN enterprises e ON e.id = a.enterprise_id").
			Joins("LEFT JOIN wechat_users u ON u.id = a.wechat_user_id").
			Where("a.campaign_id = ? AND a.status IN ? AND a.id > ?", campaignID, statuses, after)
		if street != "" {
			q = q.Where("COALESCE(e.street_code, u.street_code) = ?", street)
		}
		if err := q.Order("a.id").Limit(1000).Scan(&page).Error; err != nil {
			return fmt.Errorf("non-filers of campaign %d: %w", campaignID, err)
		}
		for _, nf := range page {
			if err := fn(nf); err != nil {
				return err
			}
		}
		if len(page) < 1000 {
			return nil
		}
		after = page[len(page)-1].AssignmentID
	}
}

// MissedAssignments returns enterprise assignments still overdue whose due
// date is before limit and whose miss is not on the ledger yet.
func (s *Store) MissedAssignments(ctx context.Context, limit time.Time, max int) ([]Assignment, error) {
	var out []Assignment
	err := s.db.WithContext(ctx).Where("status = ? AND due_at < ? AND enterprise_id IS NOT NULL", AssignmentOverdue, limit.UTC()).
		Where("NOT EXISTS (SELECT 1 FROM credit_events c WHERE c.enterprise_id = assignments.enterprise_id AND c.source_type = ? "+
			"AND c.source_id = assignments.id AND c.kind = ?)", "assignment", "selfcheck_missed").
		Order("due_at, id").Limit(max).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("missed assignments: %w", err)
	}
	return out, nil
}

// OpenIDsOf returns the openids of WeChat users by id, for those who still
// follow the account.
func (s *Store) OpenIDsOf(ctx context.Context, userIDs []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(userIDs))
	for start := 0; start < len(userIDs); start += 1000 {
		var rows []WechatUser
		err := s.db.WithContext(ctx).Select("id, openid").
			Where("id IN ? AND subscribed = ?", userIDs[start:min(start+1000, len(userIDs))], true).Find(&rows).Error
		if err != nil {
			return nil, fmt.Errorf("openids of %d users: %w", len(userIDs), err)
		}
		for _, u := range rows {
			out[u.ID] = u.OpenID
		}
	}
	return out, nil
}
