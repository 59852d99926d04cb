package wechatsim

import (
	"fmt"
	"net/http"
	"sort"
	"time"
)

// Template rules.
const (
	// DedupeWindow is how long WeChat remembers a template message's
	// client_msg_id for an openid and drops a repeat.
	DedupeWindow = 10 * time.Minute
	// DefaultTemplateQuota is a template's daily send quota.
	DefaultTemplateQuota = 100000
)

// Template is one template of the account's 我的模板: its id and its
// keywords (thing1, time3 ...), with the allowed values of const keywords.
type Template struct {
	ID       string
	Keywords []string
	// Options lists the values of each const (or enum) keyword.
	Options map[string][]string
}

type templateState struct {
	byID  map[string]Template
	quota map[string]int            // per template; DefaultTemplateQuota when unset
	sent  map[string]map[string]int // day -> template id -> sends
}

func (t *templateState) init() {
	t.byID = map[string]Template{}
	t.quota = map[string]int{}
	t.sent = map[string]map[string]int{}
}

// AddTemplate adds templates to the account's 我的模板; sends to any other
// template id fail with 40037.
func (s *Server) AddTemplate(ts ...Template) {
	s.mu.Lock()
	for _, t := range ts {
		s.tpl.byID[t.ID] = t
	}
	s.mu.Unlock()
}

// SetTemplateQuota sets a template's daily send quota (45009 beyond).
func (s *Server) SetTemplateQuota(id string, n int) {
	s.mu.Lock()
	s.tpl.quota[id] = n
	s.mu.Unlock()
}

// TemplateSends returns how many messages of a template were sent today.
func (s *Server) TemplateSends(id string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tpl.sent[day(s.nowLocked())][id]
}

// CheckTemplateData returns why data does not fit the template (nil when
// it fits), as the platform checks it: every keyword present, not empty and
// of its type. Other keys (first, remark) are ignored.
func (t Template) CheckTemplateData(data map[string]string) error {
	kws := append([]string(nil), t.Keywords...)
	sort.Strings(kws)
	for _, k := range kws {
		v, ok := data[k]
		if !ok {
			return fmt.Errorf("argument invalid! data.%s.value empty", k)
		}
		if why := checkKeyword(k, v, t.Options[k]); why != "" {
			return fmt.Errorf("argument invalid! data.%s.value %s", k, why)
		}
	}
	return nil
}

func (s *Server) handleTemplateSend(w http.ResponseWriter, r *http.Request) {
	if !s.checkToken(w, r) {
		return
	}
	var m struct {
		ToUser      string `json:"touser"`
		TemplateID  string `json:"template_id"`
		URL         string `json:"url"`
		ClientMsgID string `json:"client_msg_id"`
		Data        map[string]struct {
			Value string `json:"value"`
		} `json:"data"`
	}
	body, ok := s.decode(w, r, &m)
	if !ok {
		return
	}
	data := make(map[string]string, len(m.Data))
	for k, v := range m.Data {
		data[k] = v.Value
	}
	s.mu.Lock()
	now := s.nowLocked()
	if e := s.recipientLocked(m.ToUser); e != nil {
		s.mu.Unlock()
		s.refuse(w, r, *e, m.ToUser, string(body))
		return
	}
	t, ok := s.tpl.byID[m.TemplateID]
	if !ok {
		s.mu.Unlock()
		s.refuse(w, r, errTemplateID, m.ToUser, string(body))
		return
	}
	key := m.ToUser + "\x00" + m.ClientMsgID
	if prev, ok := s.out.seen[key]; ok && m.ClientMsgID != "" && now.Sub(prev.at) < DedupeWindow {
		// WeChat answers a repeat like the original and sends nothing.
		s.out.dropped++
		s.mu.Unlock()
		writeOK(w, map[string]any{"msgid": prev.msgID})
		return
	}
	if err := t.CheckTemplateData(data); err != nil {
		s.mu.Unlock()
		s.refuse(w, r, apiError{47003, err.Error()}, m.ToUser, string(body))
		return
	}
	d := day(now)
	if s.tpl.sent[d] == nil {
		s.tpl.sent[d] = map[string]int{}
	}
	quota, set := s.tpl.quota[t.ID]
	if !set {
		quota = DefaultTemplateQuota
	}
	if s.tpl.sent[d][t.ID] >= quota {
		s.mu.Unlock()
		s.refuse(w, r, errDailyQuota, m.ToUser, string(body))
		return
	}
	s.tpl.sent[d][t.ID]++
	msgID := s.out.deliverLocked(Delivery{Kind: "template", OpenID: m.ToUser, ClientMsgID: m.ClientMsgID,
		TemplateID: m.TemplateID, Data: data, URL: m.URL, At: now})
	if m.ClientMsgID != "" {
		s.out.seen[key] = seenMsg{msgID: msgID, at: now}
	}
	s.mu.Unlock()
	writeOK(w, map[string]any{"msgid": msgID})
}
