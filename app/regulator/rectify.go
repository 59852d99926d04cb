package regulator

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"selfcheck/models"
	"selfcheck/scoring"
)

// notRectifiedGraceWorkdays is how long after its deadline an open finding
// is recorded as not rectified (隐患未整改). Until then a late fix counts as
// rectified late; after it, the neglect stands and a later fix adds nothing.
const notRectifiedGraceWorkdays = 20

// closeFinding closes a finding (销号) rectified at rectifiedAt, and returns
// the ledger event (rectified on time or late, unless already recorded as
// not rectified) and the notice due.
func (s *Service) closeFinding(ctx context.Context, tx *models.Store, f *models.Finding, rectifiedAt time.Time, by, how string) ([]models.CreditEvent, []notice, error) {
	now := s.now()
	if err := tx.UpdateFinding(ctx, f.ID, map[string]any{"status": models.FindingClosed, "rectified_at": rectifiedAt.UTC(), "closed_at": now.UTC()}); err != nil {
		return nil, nil, err
	}
	fu, err := tx.Followup(ctx, f)
	if err != nil {
		return nil, nil, err
	}
	kind, label := scoring.KindRectifiedOnTime, "按期整改"
	if rectifiedAt.After(f.DeadlineAt) {
		kind, label = scoring.KindRectifiedLate, "逾期整改"
	}
	var evs []models.CreditEvent
	if fu.NotRectifiedAt == nil {
		ev, err := s.credit.Event(f.EnterpriseID, kind, scoring.Severity(f.Severity), rectifiedAt, "finding", f.ID)
		if err != nil {
			return nil, nil, err
		}
		evs = append(evs, ev)
	} else {
		label = "逾期未整改已记录，本次销号不再计分"
	}
	err = tx.AddFindingSteps(ctx, models.FindingStep{FindingID: f.ID, EnterpriseID: f.EnterpriseID, Step: models.StepClosed, Actor: by,
		Note: how + "，" + label + "，销号"})
	ns := []notice{{Name: NoticeRectificationClosed, EnterpriseID: f.EnterpriseID, FindingID: f.ID,
		Fields: map[string]string{"item": s.itemName(f.ItemID), "result": label}}}
	return evs, ns, err
}

// verifyFix decides a firm's fix report from its photos (复查): accepted, the
// finding is closed; refused (a reason is required), it is open again. A
// 严重 finding is never closed from photos: it needs a re-visit.
func (s *Service) verifyFix(ctx context.Context, by string, rectificationID int64, accept bool, note string) error {
	note = strings.TrimSpace(note)
	if !accept && note == "" {
		return models.Errorf(models.EINVALID, "不通过时请填写理由")
	}
	return s.store.Tx(ctx, func(tx *models.Store) error {
		var notices []notice
		r, err := tx.Rectification(ctx, rectificationID)
		if err != nil {
			return err
		}
		if r.Kind != models.RectificationFix {
			return models.Errorf(models.EINVALID, "这是延期申请，请按延期申请处理")
		}
		f, err := tx.LockFinding(ctx, r.FindingID)
		if err != nil {
			return err
		}
		fu, err := tx.Followup(ctx, f)
		if err != nil {
			return err
		}
		if accept && (fu.RevisitRequired || f.Severity == string(scoring.SeveritySerious)) {
			return models.Errorf(models.EINVALID, "重大隐患须经现场复查方可销号，请安排复查")
		}
		status := models.RectificationRejected
		if accept {
			status = models.RectificationAccepted
		}
		if err := tx.DecideRectification(ctx, r.ID, status, by, note); err != nil {
			return err
		}
		if !accept {
			if err := tx.UpdateFinding(ctx, f.ID, map[string]any{"status": models.FindingOpen, "rectified_at": nil}); err != nil {
				return err
			}
			notices = append(notices, notice{Name: NoticeFixRejected, EnterpriseID: f.EnterpriseID, FindingID: f.ID, Ref: fmt.Sprint(r.ID),
				Fields: map[string]string{"item": s.itemName(f.ItemID), "reason": note, "deadline": f.DeadlineAt.In(s.loc).Format(time.DateOnly)}})
			if err := tx.AddFindingSteps(ctx, models.FindingStep{FindingID: f.ID, EnterpriseID: f.EnterpriseID,
				Step: models.StepFixRejected, Actor: by, Note: clip("照片复核不通过："+note, 1000)}); err != nil {
				return err
			}
			return s.enqueue(ctx, tx, notices)
		}
		if err := tx.AddFindingSteps(ctx, models.FindingStep{FindingID: f.ID, EnterpriseID: f.EnterpriseID,
			Step: models.StepFixAccepted, Actor: by, Note: clip("照片复核通过 "+note, 1000)}); err != nil {
			return err
		}
		evs, ns, err := s.closeFinding(ctx, tx, f, r.CreatedAt, by, "照片复核合格")
		if err != nil {
			return err
		}
		if err := tx.AppendAndRescore(ctx, evs, s.credit.Scorer(true)); err != nil {
			return err
		}
		return s.enqueue(ctx, tx, ns)
	})
}

// scheduleRevisit plans a re-visit (复查) of a finding on day on, with two
// certified inspectors of the item's department drawn at random (双随机);
// the seed is recorded in the finding's file.
func (s *Service) scheduleRevisit(ctx context.Context, by string, findingID int64, on time.Time, dept string) (*models.Visit, error) {
	if s.day(on).Before(s.today()) {
		return nil, models.Errorf(models.EINVALID, "复查日期不能早于今天")
	}
	people, err := s.store.ActiveInspectors(ctx)
	if err != nil {
		return nil, err
	}
	var roster []string
	for _, p := range people {
		if p.Department == dept && p.Drawable(s.day(on)) {
			roster = append(roster, strconv.FormatInt(p.ID, 10))
		}
	}
	seed := randomSeed()
	drawn, err := scoring.DrawInspectors(roster, 2, seed)
	if err != nil {
		return nil, models.Errorf(models.EINVALID, "%s持证执法人员不足2人，无法安排复查", dept)
	}
	var v *models.Visit
	err = s.store.Tx(ctx, func(tx *models.Store) error {
		f, err := tx.LockFinding(ctx, findingID)
		if err != nil {
			return err
		}
		if f.Status == models.FindingClosed {
			return models.Errorf(models.ECONFLICT, "该隐患已销号")
		}
		items, _ := json.Marshal([]string{f.ItemID})
		team, _ := json.Marshal(drawn)
		v = &models.Visit{EnterpriseID: f.EnterpriseID, PlannedOn: s.day(on).UTC(), Items: string(items),
			Inspectors: strings.ReplaceAll(string(team), `"`, "")}
		if err := tx.CreateVisit(ctx, v); err != nil {
			return err
		}
		fu, err := tx.Followup(ctx, f)
		if err != nil {
			return err
		}
		fu.RevisitVisitID = &v.ID
		if err := tx.SaveFollowup(ctx, fu); err != nil {
			return err
		}
		day := s.day(on).Format(time.DateOnly)
		notices := []notice{{Name: NoticeVisitScheduled, EnterpriseID: f.EnterpriseID, FindingID: f.ID, VisitID: v.ID,
			Fields: map[string]string{"item": s.itemName(f.ItemID), "date": day}}}
		if err := tx.AddFindingSteps(ctx, models.FindingStep{FindingID: f.ID, EnterpriseID: f.EnterpriseID, Step: models.StepRevisitPlanned, Actor: by,
			Note: fmt.Sprintf("安排 %s 现场复查（检查任务#%d），执法人员从%s名录 %d 人中随机抽取，种子 %d", day, v.ID, dept, len(roster), seed)}); err != nil {
			return err
		}
		return s.enqueue(ctx, tx, notices)
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// decideDeferral approves or refuses a firm's request to defer a finding's
// deadline, with a reason either way. A finding is deferred once at most: the
// new deadline adds the severity's working days again.
func (s *Service) decideDeferral(ctx context.Context, by string, rectificationID int64, approve bool, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return models.Errorf(models.EINVALID, "请填写批准或不批准延期的理由")
	}
	return s.store.Tx(ctx, func(tx *models.Store) error {
		r, err := tx.Rectification(ctx, rectificationID)
		if err != nil {
			return err
		}
		if r.Kind != models.RectificationDefer {
			return models.Errorf(models.EINVALID, "这是整改报告，不是延期申请")
		}
		f, err := tx.LockFinding(ctx, r.FindingID)
		if err != nil {
			return err
		}
		if approve && f.Deferred {
			return models.Errorf(models.ECONFLICT, "每个整改事项只能延期一次，该事项已延期")
		}
		status, step, result := models.RectificationRejected, models.StepDeferralRefused, "不批准延期"
		deadline := f.DeadlineAt
		if approve {
			status, step, result = models.RectificationAccepted, models.StepDeferralGranted, "批准延期"
			deadline = s.calendar.AddWorkdays(f.DeadlineAt, rectifyWorkdays[f.Severity])
			if err := tx.UpdateFinding(ctx, f.ID, map[string]any{"deadline_at": deadline.UTC(), "deferred": true}); err != nil {
				return err
			}
		}
		if err := tx.DecideRectification(ctx, r.ID, status, by, reason); err != nil {
			return err
		}
		day := deadline.In(s.loc).Format(time.DateOnly)
		notices := []notice{{Name: NoticeDeferralDecided, EnterpriseID: f.EnterpriseID, FindingID: f.ID, Ref: fmt.Sprint(r.ID),
			Fields: map[string]string{"result": result, "reason": reason, "deadline": day}}}
		if err := tx.AddFindingSteps(ctx, models.FindingStep{FindingID: f.ID, EnterpriseID: f.EnterpriseID, Step: step, Actor: by,
			Note: clip(fmt.Sprintf("%s（整改期限 %s）：%s", result, day, reason), 1000)}); err != nil {
			return err
		}
		return s.enqueue(ctx, tx, notices)
	})
}

// randomSeed draws a fresh seed for the inspector draws.
func randomSeed() uint64 {
	var b [8]byte
	rand.Read(b[:])
	return binary.LittleEndian.Uint64(b[:]) >> 1 // fits a signed BIGINT
}
