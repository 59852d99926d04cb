package wechatsim

import (
	"encoding/json"
	"net/http"
	"sync"
	"time"
)

// DedupeWindow is how long WeChat remembers a template message's
// client_msg_id for an openid and drops a repeat.
const DedupeWindow = 10 * time.Minute

// Delivery is one message the stand-in delivered to a user: a repeat of a
// client_msg_id is dropped, not delivered.
type Delivery struct {
	Kind        string // "template" or "custom"
	OpenID      string
	ClientMsgID string
	TemplateID  string
	// Data holds a template message's field values by field name.
	Data map[string]string
	URL  string
	Text string // a customer-service text
	At   time.Time
}

// outbound is the stand-in's state for sends, QR codes and faults.
type outbound struct {
	mu         sync.Mutex
	deliveries []Delivery
	perOpenID  map[string]int
	seen       map[string]seenMsg // openid + "\x00" + client_msg_id
	dropped    int
	closed     map[string]bool // openids whose customer-service window is closed
	qr         map[string]string
	faults     map[string][]Fault
}

type seenMsg struct {
	msgID int64
	at    time.Time
}

func (s *Server) registerOutbound() {
	s.out.perOpenID = map[string]int{}
	s.out.seen = map[string]seenMsg{}
	s.out.closed = map[string]bool{}
	s.out.qr = map[string]string{}
	s.out.faults = map[string][]Fault{}
	s.mux.HandleFunc("POST /cgi-bin/message/template/send", s.handleTemplateSend)
	s.mux.HandleFunc("POST /cgi-bin/message/custom/send", s.handleCustomSend)
	s.mux.HandleFunc("POST /cgi-bin/qrcode/create", s.handleQRCreate)
}

func (s *Server) handleTemplateSend(w http.ResponseWriter, r *http.Request) {
	if !s.ValidToken(r.URL.Query().Get("access_token")) {
		writeJSON(w, map[string]any{"errcode": 40001, "errmsg": "invalid credential, access_token is invalid or not latest"})
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
	if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
		writeJSON(w, map[string]any{"errcode": 47001, "errmsg": "data format error"})
		return
	}
	switch {
	case m.ToUser == "":
		writeJSON(w, map[string]any{"errcode": 40003, "errmsg": "invalid openid"})
		return
	case m.TemplateID == "":
		writeJSON(w, map[string]any{"errcode": 40037, "errmsg": "invalid template_id"})
		return
	}
	now := time.Now()
	o := &s.out
	o.mu.Lock()
	defer o.mu.Unlock()
	key := m.ToUser + "\x00" + m.ClientMsgID
	if prev, ok := o.seen[key]; ok && m.ClientMsgID != "" && now.Sub(prev.at) < DedupeWindow {
		// WeChat answers a repeat like the original and sends nothing.
		o.dropped++
		writeJSON(w, map[string]any{"errcode": 0, "errmsg": "ok", "msgid": prev.msgID})
		return
	}
	data := make(map[string]string, len(m.Data))
	for k, v := range m.Data {
		data[k] = v.Value
	}
	msgID := int64(len(o.deliveries) + 1)
	o.deliveries = append(o.deliveries, Delivery{Kind: "template", OpenID: m.ToUser, ClientMsgID: m.ClientMsgID,
		TemplateID: m.TemplateID, Data: data, URL: m.URL, At: now})
	o.perOpenID[m.ToUser]++
	if m.ClientMsgID != "" {
		o.seen[key] = seenMsg{msgID: msgID, at: now}
	}
	writeJSON(w, map[string]any{"errcode": 0, "errmsg": "ok", "msgid": msgID})
}

func (s *Server) handleCustomSend(w http.ResponseWriter, r *http.Request) {
	if !s.ValidToken(r.URL.Query().Get("access_token")) {
		writeJSON(w, map[string]any{"errcode": 40001, "errmsg": "invalid credential, access_token is invalid or not latest"})
		return
	}
	var m struct {
		ToUser  string `json:"touser"`
		MsgType string `json:"msgtype"`
		Text    struct {
			Content string `json:"content"`
		} `json:"text"`
	}
	if err := json.NewDecoder(r.Body).Decode(&m); err != nil || m.MsgType != "text" {
		writeJSON(w, map[string]any{"errcode": 47001, "errmsg": "data format error"})
		return
	}
	if m.ToUser == "" {
		writeJSON(w, map[string]any{"errcode": 40003, "errmsg": "invalid openid"})
		return
	}
	o := &s.out
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed[m.ToUser] {
		writeJSON(w, map[string]any{"errcode": 45015, "errmsg": "response out of time limit or subscription is canceled"})
		return
	}
	o.deliveries = append(o.deliveries, Delivery{Kind: "custom", OpenID: m.ToUser, Text: m.Text.Content, At: time.Now()})
	o.perOpenID[m.ToUser]++
	writeJSON(w, map[string]any{"errcode": 0, "errmsg": "ok"})
}

// CloseWindow makes customer-service sends to openID fail with 45015, as
// when the user has not written for 48 hours.
func (s *Server) CloseWindow(openID string) {
	s.out.mu.Lock()
	s.out.closed[openID] = true
	s.out.mu.Unlock()
}

// Deliveries returns a copy of every message delivered so far.
func (s *Server) Deliveries() []Delivery {
	d, _ := s.DeliveriesSince(0)
	return d
}

// DeliveriesSince returns the messages delivered after the first since, and
// the index to ask from next time; the simulator chat polls it.
func (s *Server) DeliveriesSince(since int) ([]Delivery, int) {
	s.out.mu.Lock()
	defer s.out.mu.Unlock()
	since = min(max(since, 0), len(s.out.deliveries))
	return append([]Delivery(nil), s.out.deliveries[since:]...), len(s.out.deliveries)
}

// DeliveredTo returns how many messages openID received.
func (s *Server) DeliveredTo(openID string) int {
	s.out.mu.Lock()
	defer s.out.mu.Unlock()
	return s.out.perOpenID[openID]
}

// DeliveryCounts returns how many messages each openid received.
func (s *Server) DeliveryCounts() map[string]int {
	s.out.mu.Lock()
	defer s.out.mu.Unlock()
	out := make(map[string]int, len(s.out.perOpenID))
	for k, v := range s.out.perOpenID {
		out[k] = v
	}
	return out
}

// Dropped returns how many template sends were dropped as repeats of a
// client_msg_id.
func (s *Server) Dropped() int {
	s.out.mu.Lock()
	defer s.out.mu.Unlock()
	return s.out.dropped
}
