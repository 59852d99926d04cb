package main

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"selfcheck/app/web"
	"selfcheck/models"
	"selfcheck/scoring"
)

// pushChunk is how many targets one transaction of a push covers: their
// assignments and notices are multi-row inserts, so a push to 100,000 firms
// is a few dozen commits.
const pushChunk = 5000

// missedGraceWorkdays is how long after its deadline an unsubmitted
// self-check is recorded in the ledger as missed; a submission after that
// adds no late mark to the miss.
const missedGraceWorkdays = 10

// workflows is the dashboard's web.Workflows: the App's campaigns, reviews
// and report queue.
type workflows struct{ a *App }

var _ web.Workflows = workflows{}

func (w workflows) PushCampaign(ctx context.Context, actor string, id int64) (int, error) {
	return w.a.pushCampaign(ctx, actor, id)
}

func (w workflows) RemindCampaign(ctx context.Context, actor string, id int64) (int, error) {
	return w.a.remindCampaign(ctx, actor, id)
}

func (w workflows) Review(ctx context.Context, actor string, id int64, accept bool, reason string) error {
	return w.a.reviewSubmission(ctx, actor, id, accept, reason)
}

func (w workflows) ActOnReport(ctx context.Context, actor string, id int64, act web.ReportAction) error {
	return w.a.actOnReport(ctx, actor, id, act)
}

func (w workflows) Workdays(from time.Time, n int) time.Time {
	return w.a.calendar.AddWorkdays(from, n)
}

// pushCampaign gives every target of a campaign its assignment, due in the
// campaign's working days, and its notice through the outbox, a chunk of
// targets per transaction. It may run again after a crash, or on another
// replica at once: assignments and outbox keys are unique, so nothing is
// pushed twice. It returns the number of targets.
func (a *App) pushCampaign(ctx context.Context, actor string, id int64) (int, error) {
	c, err := a.store.Campaign(ctx, id)
	if err != nil {
		return 0, err
	}
	if c.Status == models.CampaignPushed {
		return 0, models.Errorf(models.ECONFLICT, "该自查任务已推送")
	}
	target, err := models.CampaignTargetOf(c)
	if err != nil {
		return 0, err
	}
	due := a.calendar.AddWorkdays(a.now(), c.DeadlineDays).UTC()
	if c.DueAt != nil {
		due = *c.DueAt // a push cut short keeps its first deadline
	}
	moved, err := a.store.SetCampaignStatus(ctx, id, models.CampaignPushing, &due, models.CampaignDraft, models.CampaignScheduled, models.CampaignPushing)
	if err != nil {
		return 0, err
	}
	if !moved {
		return 0, models.Errorf(models.ECONFLICT, "该自查任务已推送")
	}
	title := c.Name
	deadline := due.In(a.cfg.TZ).Format(time.DateOnly)
	total := 0
	var after int64
	for {
		ids, err := a.store.CampaignTargets(ctx, c.Audience, target, after, pushChunk)
		if err != nil {
			return total, err
		}
		if len(ids) == 0 {
			break
		}
		err = a.store.Tx(ctx, func(tx *models.Store) error {
			if err := tx.InsertAssignments(ctx, c, ids, due); err != nil {
				return err
			}
			ns, err := a.assignedNotices(ctx, tx, c, ids, title, deadline)
			if err != nil {
				return err
			}
			return a.notifyTx(ctx, tx, ns...)
		})
		if err != nil {
			return total, fmt.Errorf("push campaign %d: %w", id, err)
		}
		total += len(ids)
		after = ids[len(ids)-1]
	}
	err = a.store.Tx(ctx, func(tx *models.Store) error {
		if _, err := tx.SetCampaignStatus(ctx, id, models.CampaignPushed, nil, models.CampaignPushing); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, "campaign.push", "campaign", strconv.FormatInt(id, 10), map[string]any{"status": c.Status},
			map[string]any{"status": models.CampaignPushed, "targets": total, "due_at": due})
	})
	return total, err
}

// assignedNotices are the campaign's notices to targets ids: one per firm
// (sent to its bound users) or per citizen.
func (a *App) assignedNotices(ctx context.Context, tx *models.Store, c *models.Campaign, ids []int64, title, deadline string) ([]notice, error) {
	ns := make([]notice, 0, len(ids))
	if !models.Households(c.Audience) {
		for _, id := range ids {
			ns = append(ns, notice{Name: NoticeAssigned, EnterpriseID: id, CampaignID: c.ID,
				Fields: map[string]string{"title": title, "deadline": deadline}})
		}
		return ns, nil
	}
	openIDs, err := tx.OpenIDsOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if o := openIDs[id]; o != "" {
			ns = append(ns, notice{Name: NoticeAssigned, CampaignID: c.ID, OpenIDs: []string{o}, Ref: "u" + strconv.FormatInt(id, 10),
				Fields: map[string]string{"firm": "居民朋友", "title": title, "deadline": deadline}})
		}
	}
	return ns, nil
}

// remindCampaign reminds every overdue target of a campaign, once a day at
// most, and returns how many notices it enqueued.
func (a *App) remindCampaign(ctx context.Context, actor string, id int64) (int, error) {
	c, err := a.store.Campaign(ctx, id)
	if err != nil {
		return 0, err
	}
	if _, err := a.store.MarkOverdue(ctx, a.now()); err != nil {
		return 0, err
	}
	today := a.today().Format("20060102")
	var firms, users []int64
	err = a.store.EachNonFiler(ctx, id, true, "", func(nf models.NonFiler) error {
		if nf.EnterpriseID != nil {
			firms = append(firms, *nf.EnterpriseID)
		} else if nf.WechatUserID != nil {
			users = append(users, *nf.WechatUserID)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	deadline := "已截止"
	if c.DueAt != nil {
		deadline = c.DueAt.In(a.cfg.TZ).Format(time.DateOnly)
	}
	fields := map[string]string{"title": c.Name, "deadline": deadline, "days": "0"}
	var ns []notice
	for _, f := range firms {
		ns = append(ns, notice{Name: NoticeReminder, EnterpriseID: f, CampaignID: id, Ref: today, Fields: fields})
	}
	err = a.store.Tx(ctx, func(tx *models.Store) error {
		openIDs, err := tx.OpenIDsOf(ctx, users)
		if err != nil {
			return err
		}
		for _, u := range users {
			if o := openIDs[u]; o != "" {
				hf := map[string]string{"firm": "居民朋友", "title": c.Name, "deadline": deadline, "days": "0"}
				ns = append(ns, notice{Name: NoticeReminder, CampaignID: id, OpenIDs: []string{o}, Ref: today + ":u" + strconv.FormatInt(u, 10), Fields: hf})
			}
		}
		for start := 0; start < len(ns); start += pushChunk {
			if err := a.notifyTx(ctx, tx, ns[start:min(start+pushChunk, len(ns))]...); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, actor, "campaign.remind", "campaign", strconv.FormatInt(id, 10), nil, map[string]any{"overdue": len(firms) + len(users)})
	})
	return len(ns), err
}

// campaignHousekeeping pushes the scheduled campaigns whose time has come
// (and pushes cut short), flags overdue assignments, and records in the
// ledger the self-checks missed beyond missedGraceWorkdays.
func (a *App) campaignHousekeeping(ctx context.Context) error {
	ids, err := a.store.DueCampaigns(ctx, a.now(), 10*time.Minute)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if n, err := a.pushCampaign(ctx, "system", id); err != nil && models.ErrorCode(err) != models.ECONFLICT {
			return err
		} else if err == nil {
			a.log.Info("scheduled campaign pushed", "campaign", id, "targets", n)
		}
	}
	if _, err := a.store.MarkOverdue(ctx, a.now()); err != nil {
		return err
	}
	return a.recordMissed(ctx)
}

// recordMissed appends a missed self-check to the ledger of each firm whose
// assignment is overdue by more than missedGraceWorkdays, a batch per run.
func (a *App) recordMissed(ctx context.Context) error {
	// Ten working days are at least fourteen calendar days.
	missed, err := a.store.MissedAssignments(ctx, a.now().AddDate(0, 0, -14), 2000)
	if err != nil {
		return err
	}
	var evs []models.CreditEvent
	for _, as := range missed {
		if !a.now().After(a.calendar.AddWorkdays(*as.DueAt, missedGraceWorkdays)) {
			continue
		}
		ev, err := a.credit.event(*as.EnterpriseID, scoring.KindSelfCheckMissed, scoring.SeverityNone, *as.DueAt, "assignment", as.ID)
		if err != nil {
			return err
		}
		evs = append(evs, ev)
	}
	return a.store.AppendAndRescore(ctx, evs, a.credit.scorer(true))
}
