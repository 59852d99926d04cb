package regulator

import (
	"context"
	"fmt"
	"sort"
	"strconv"

	"selfcheck/bot"
	"selfcheck/models"
)

// Notice names: what happened, each sent with its own text and template
// message (templates/messages/notices.yaml, WECHAT_TEMPLATES). The value is
// the bot topic; bot.TopicFields lists the Fields each one uses.
const (
	NoticeAssigned            = string(bot.TopicAssigned)
	NoticeReminder            = string(bot.TopicReminder)
	NoticeAccepted            = string(bot.TopicAccepted)
	NoticeReturned            = string(bot.TopicReturned)
	NoticeRectificationDue    = string(bot.TopicFindingDue)
	NoticeRectificationListed = string(bot.TopicFindingListed)
	NoticeOverdue             = string(bot.TopicFindingOverdue)
	NoticeNotRectified        = string(bot.TopicFindingNeglected)
	NoticeRectificationClosed = string(bot.TopicFindingClosed)
	NoticeFixRejected         = string(bot.TopicFixRejected)
	NoticeVisitScheduled      = string(bot.TopicVisitScheduled)
	NoticeDeferralDecided     = string(bot.TopicDeferralDecided)
	NoticeGradeDrop           = string(bot.TopicGradeDrop)
	NoticeReportStatus        = string(bot.TopicReportStatus)
	NoticeFollowup            = string(bot.TopicFollowup)
)

// notice is something to tell WeChat users: a Notice* name, what it is about
// and the values of its fields. It goes to OpenIDs, or to the users bound
// to EnterpriseID. The ids (and Ref, when the same event may be told twice,
// as a second reminder) make it sent once however often notify is called.
type notice struct {
	Name         string
	EnterpriseID int64
	CampaignID   int64
	AssignmentID int64
	FindingID    int64
	VisitID      int64
	// Ticket is a citizen report's ticket number.
	Ticket  string
	OpenIDs []string
	// Ref tells apart notices of one name about the same thing.
	Ref    string
	Fields map[string]string
	// Path is a link under PUBLIC_BASE_URL a template message opens.
	Path string
}

// notify enqueues notices in the outbox; the outbox worker of any replica
// sends them. Campaign notices are template messages; the others are
// customer-service messages while the user's 48-hour window is open and
// template messages otherwise. Failing to enqueue is logged and returned:
// callers whose change has committed may ignore the error.
func (s *Service) notify(ctx context.Context, ns ...notice) error {
	err := s.notifyTx(ctx, s.store, ns...)
	if err != nil {
		s.Log.Error("enqueue notices", "notices", len(ns), "err", err)
	}
	return err
}

// notifyTx is notify inside a transaction: tx is the Store that
// models.Store.Tx hands its function, so the notices commit (or roll back)
// with the change they announce.
func (s *Service) notifyTx(ctx context.Context, tx *models.Store, ns ...notice) error {
	if len(ns) == 0 {
		return nil
	}
	bns, err := s.botNotices(ctx, tx, ns)
	if err != nil {
		return err
	}
	return s.outbox(ctx, tx, bns...)
}

// botNotices converts notices, filling in each firm's name as "firm" when
// the caller left it out.
func (s *Service) botNotices(ctx context.Context, tx *models.Store, ns []notice) ([]bot.Notice, error) {
	names := map[int64]string{}
	// A campaign notifies thousands of firms at once: look their names up in
	// one query rather than one each.
	var missing []int64
	for _, n := range ns {
		if _, ok := n.Fields["firm"]; !ok && n.EnterpriseID != 0 {
			missing = append(missing, n.EnterpriseID)
		}
	}
	if len(missing) > 1 {
		es, err := tx.EnterprisesByID(ctx, missing)
		if err != nil {
			return nil, fmt.Errorf("notices: firm names: %w", err)
		}
		for id, e := range es {
			names[id] = e.Name
		}
	}
	out := make([]bot.Notice, 0, len(ns))
	for _, n := range ns {
		fields := n.Fields
		if _, ok := fields["firm"]; !ok && n.EnterpriseID != 0 {
			name, ok := names[n.EnterpriseID]
			if !ok {
				e, err := tx.Enterprise(ctx, n.EnterpriseID)
				if err != nil {
					return nil, fmt.Errorf("notice %s: %w", n.Name, err)
				}
				name, names[n.EnterpriseID] = e.Name, e.Name
			}
			fields = make(map[string]string, len(n.Fields)+1)
			for k, v := range n.Fields {
				fields[k] = v
			}
			fields["firm"] = name
		}
		out = append(out, bot.Notice{Topic: bot.Topic(n.Name), Ref: n.ref(), EnterpriseID: n.EnterpriseID,
			OpenIDs: n.OpenIDs, CampaignID: n.CampaignID, Fields: fields, Path: n.Path})
	}
	return out, nil
}

// ref is the notice's identity within its name: its ids, Ref and fields,
// so that the same notice with the same content is sent once, and a changed
// one (a new deadline) again.
func (n notice) ref() string {
	r := ""
	add := func(k string, id int64) {
		if id != 0 {
			r += k + strconv.FormatInt(id, 10) + ":"
		}
	}
	add("e", n.EnterpriseID)
	add("c", n.CampaignID)
	add("a", n.AssignmentID)
	add("f", n.FindingID)
	add("v", n.VisitID)
	if n.Ticket != "" {
		r += "t" + n.Ticket + ":"
	}
	keys := make([]string, 0, len(n.Fields))
	for k := range n.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		r += k + "=" + n.Fields[k] + ";"
	}
	return r + n.Ref
}

// Notice is a notice as Notify takes it.
type Notice = notice

// Notify enqueues notices in the outbox outside any workflow: for commands
// and for checking every notice type against the WeChat platform.
func (s *Service) Notify(ctx context.Context, ns ...Notice) error { return s.notify(ctx, ns...) }
