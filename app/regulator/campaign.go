package regulator

import (
	"context"
	"fmt"
	"strconv"
	"time"

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

// pushCampaign gives every target of a campaign its assignment, due in the
// campaign's working days, and its notice through the outbox, a chunk of
// targets per transaction. It may run again after a crash, or on another
// replica at once: assignments and outbox keys are unique, so nothing is
// pushed twice. It returns the number of targets.
func (s *Service) pushCampaign(ctx context.Context, actor string, id int64) (int, error) {
	c, err := s.store.Campaign(ctx, id)
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
	due := s.calendar.AddWorkdays(s.now(), c.DeadlineDays).UTC()
	if c.DueAt != nil {
		due = *c.DueAt // a push cut short keeps its first deadline
	}
	moved, err := s.store.SetCampaignStatus(ctx, id, models.CampaignPushing, &due, models.CampaignDraft, models.CampaignScheduled, models.CampaignPushing)
	if err != nil {
		return 0, err
	}
	if !moved {
		return 0, models.Errorf(models.ECONFLICT, "该自查任务已推送")
	}
	title := c.Name
	deadline := due.In(s.loc).Format(time.DateOnly)
	total := 0
	var after int64
	for {
		ids, err := s.store.CampaignTargets(ctx, c.Audience, target, after, pushChunk)
		if err != nil {
			return total, err
		}
		if len(ids) == 0 {
			break
		}
		err = s.store.Tx(ctx, func(tx *models.Store) error {
			if err := tx.InsertAssignments(ctx, c, ids, due); err != nil {
				return err
			}
			ns, err := s.assignedNotices(ctx, tx, c, ids, title, deadline)
			if err != nil {
				return err
			}
			return s.notifyTx(ctx, tx, ns...)
		})
		if err != nil {
			return total, fmt.Errorf("push campaign %d: %w", id, err)
		}
		total += len(ids)
		after = ids[len(ids)-1]
	}
	err = s.store.Tx(ctx, func(tx *models.Store) error {
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
func (s *Service) assignedNotices(ctx context.Context, tx *models.Store, c *models.Campaign, ids []int64, title, deadline string) ([]notice, error) {
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
func (s *Service) remindCampaign(ctx context.Context, actor string, id int64) (int, error) {
	c, err := s.store.Campaign(ctx, id)
	if err != nil {
		return 0, err
	}
	if _, err := s.store.MarkOverdue(ctx, s.now()); err != nil {
		return 0, err
	}
	today := s.today().Format("20060102")
	var firms, users []int64
	err = s.store.EachNonFiler(ctx, id, true, "", func(nf models.NonFiler) error {
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
		deadline = c.DueAt.In(s.loc).Format(time.DateOnly)
	}
	fields := map[string]string{"title": c.Name, "deadline": deadline, "days": "0"}
	var ns []notice
	for _, f := range firms {
		ns = append(ns, notice{Name: NoticeReminder, EnterpriseID: f, CampaignID: id, Ref: today, Fields: fields})
	}
	err = s.store.Tx(ctx, func(tx *models.Store) error {
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
			if err := s.notifyTx(ctx, tx, ns[start:min(start+pushChunk, len(ns))]...); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, actor, "campaign.remind", "campaign", strconv.FormatInt(id, 10), nil, map[string]any{"overdue": len(firms) + len(users)})
	})
	return len(ns), err
}

// CampaignHousekeeping pushes the scheduled campaigns whose time has come
// (and pushes cut short), flags overdue assignments, and records in the
// ledger the self-checks missed beyond missedGraceWorkdays.
func (s *Service) CampaignHousekeeping(ctx context.Context) error {
	ids, err := s.store.DueCampaigns(ctx, s.now(), 10*time.Minute)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if n, err := s.pushCampaign(ctx, "system", id); err != nil && models.ErrorCode(err) != models.ECONFLICT {
			return err
		} else if err == nil {
			s.Log.Info("scheduled campaign pushed", "campaign", id, "targets", n)
		}
	}
	if _, err := s.store.MarkOverdue(ctx, s.now()); err != nil {
		return err
	}
	return s.recordMissed(ctx)
}

// recordMissed appends a missed self-check to the ledger of each firm whose
// assignment is overdue by more than missedGraceWorkdays, a batch per run.
func (s *Service) recordMissed(ctx context.Context) error {
	// Ten working days are at least fourteen calendar days.
	missed, err := s.store.MissedAssignments(ctx, s.now().AddDate(0, 0, -14), 2000)
	if err != nil {
		return err
	}
	var evs []models.CreditEvent
	for _, as := range missed {
		if !s.now().After(s.calendar.AddWorkdays(*as.DueAt, missedGraceWorkdays)) {
			continue
		}
		ev, err := s.credit.Event(*as.EnterpriseID, scoring.KindSelfCheckMissed, scoring.SeverityNone, *as.DueAt, "assignment", as.ID)
		if err != nil {
			return err
		}
		evs = append(evs, ev)
	}
	return s.store.AppendAndRescore(ctx, evs, s.credit.Scorer(true))
}
