package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"selfcheck/models"
)

// CustomWindow is how long after a user's last message a customer-service
// message may be sent: WeChat allows 48 hours, and last_inbound_at is written
// at most hourly, so one hour is kept in hand.
const CustomWindow = 47 * time.Hour

// Outbox turns notices into outbox messages, one per recipient, each with a
// stable key; the Sender delivers them.
type Outbox struct {
	store     *models.Store
	texts     texts
	templates Templates
	baseURL   string

	// Now is the clock; it defaults to time.Now.
	Now func() time.Time
}

// NewOutbox returns an Outbox on store with the notice texts read from
// messages (the templates directory) and the WECHAT_TEMPLATES mapping, which
// must be valid; an empty mapping means the account's template messages are
// not configured yet: notices then carry what a template needs, and wait for
// it (see Sender.Templates). publicBaseURL (PUBLIC_BASE_URL) prefixes
// relative links.
func NewOutbox(store *models.Store, messages fs.FS, templates Templates, publicBaseURL string) (*Outbox, error) {
	t, err := loadNoticeTexts(messages)
	if err != nil {
		return nil, err
	}
	if len(templates) > 0 {
		if err := templates.Validate(); err != nil {
			return nil, fmt.Errorf("wechat templates: %w", err)
		}
	}
	return &Outbox{store: store, texts: t, templates: templates, baseURL: strings.TrimRight(publicBaseURL, "/"), Now: time.Now}, nil
}

// In returns a copy of the Outbox that writes through tx, so that notices
// commit with the change they announce.
func (o *Outbox) In(tx *models.Store) *Outbox {
	c := *o
	c.store = tx
	return &c
}

// payload is what an outbox row carries: the customer-service text and the
// template message, so that the sender can fall back from one to the other.
type payload struct {
	Text     string        `json:"text"`
	Template *templateBody `json:"template,omitempty"`
	// Fields and Path are kept when no template was configured at enqueue,
	// so that the sender can render one once WECHAT_TEMPLATES is set.
	Fields map[string]string `json:"fields,omitempty"`
	Path   string            `json:"path,omitempty"`
}

// templateBody is a rendered template message.
type templateBody struct {
	ID   string            `json:"id"`
	URL  string            `json:"url,omitempty"`
	Data map[string]string `json:"data"`
}

// Enqueue writes one outbox message per recipient of each notice and returns
// how many were new. A campaign notice is a template message; any other is a
// customer-service message if the recipient wrote within CustomWindow, else
// a template message. Enqueuing the same notice (topic, ref, recipient)
// again adds nothing. A firm with no bound user gets nothing, and a user
// known to have unfollowed the account gets nothing.
func (o *Outbox) Enqueue(ctx context.Context, ns ...Notice) (int64, error) {
	var firms []int64
	for i, n := range ns {
		if _, ok := TopicFields[n.Topic]; !ok {
			return 0, fmt.Errorf("notice %d: unknown topic %q", i, n.Topic)
		}
		if n.Ref == "" {
			return 0, fmt.Errorf("notice %d (%s): Ref is required", i, n.Topic)
		}
		if len(n.OpenIDs) == 0 && n.EnterpriseID != 0 {
			firms = append(firms, n.EnterpriseID)
		}
	}
	bound, err := o.store.BoundOpenIDsOf(ctx, firms)
	if err != nil {
		return 0, err
	}
	var followers, all []string
	for _, n := range ns {
		all = append(all, recipients(n, bound)...)
		if !campaignTopic(n.Topic) {
			followers = append(followers, recipients(n, bound)...)
		}
	}
	// WeChat refuses anything sent to a user who unfollowed (43004).
	gone, err := o.store.UnsubscribedAmong(ctx, all)
	if err != nil {
		return 0, err
	}
	last, err := o.store.LastInbound(ctx, followers)
	if err != nil {
		return 0, err
	}
	now := o.Now()
	var rows []models.OutboxMessage
	for _, n := range ns {
		p := o.render(n)
		raw, err := json.Marshal(p)
		if err != nil {
			return 0, fmt.Errorf("encode %s notice: %w", n.Topic, err)
		}
		for _, openID := range recipients(n, bound) {
			if gone[openID] {
				continue
			}
			kind := models.OutboxTemplate
			if t, ok := last[openID]; ok && !campaignTopic(n.Topic) && now.Sub(t) < CustomWindow {
				kind = models.OutboxCustom
			}
			m := models.OutboxMessage{MsgKey: msgKey(n.Topic, n.Ref, openID), Kind: kind, Topic: string(n.Topic),
				OpenID: openID, Payload: string(raw)}
			if n.CampaignID != 0 {
				m.CampaignID = &n.CampaignID
			}
			if n.EnterpriseID != 0 {
				m.EnterpriseID = &n.EnterpriseID
			}
			rows = append(rows, m)
		}
	}
	return o.store.EnqueueOutbox(ctx, rows)
}

func recipients(n Notice, bound map[int64][]string) []string {
	if len(n.OpenIDs) > 0 {
		return n.OpenIDs
	}
	return bound[n.EnterpriseID]
}

// msgKey is the outbox key and client_msg_id of a notice to one user: 32 hex
// characters of a hash of topic, ref and openid, stable across retries.
func msgKey(t Topic, ref, openID string) string {
	sum := sha256.Sum256([]byte(string(t) + "\x00" + ref + "\x00" + openID))
	return hex.EncodeToString(sum[:16])
}

// render fills the notice's text and template message.
func (o *Outbox) render(n Notice) payload {
	p := payload{Text: fill(o.texts[string(n.Topic)], n.Fields)}
	if p.Template = o.renderTemplate(n.Topic, n.Fields, n.Path); p.Template == nil {
		p.Fields, p.Path = n.Fields, n.Path
	}
	return p
}

// renderTemplate fills the template message of a topic, or returns nil when
// the mapping has none.
func (o *Outbox) renderTemplate(topic Topic, fields map[string]string, path string) *templateBody {
	n := Notice{Topic: topic, Fields: fields, Path: path}
	spec, ok := o.templates[n.Topic]
	if !ok {
		return nil
	}
	t := &templateBody{ID: spec.ID, Data: make(map[string]string, len(spec.Fields))}
	for k, v := range spec.Fields {
		t.Data[k] = clipKeyword(k, fill(v, n.Fields))
	}
	link := n.Path
	if spec.URL != "" {
		link = fill(spec.URL, n.Fields)
	}
	if strings.HasPrefix(link, "/") && o.baseURL != "" {
		link = o.baseURL + link
	}
	if strings.HasPrefix(link, "http://") || strings.HasPrefix(link, "https://") {
		t.URL = link
	}
	return t
}
