package wechatsim

import (
	"net/http"
	"time"
)

// MaxTextBytes is the longest customer-service text the platform takes,
// in bytes of UTF-8 (45002 beyond).
const MaxTextBytes = 2048

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

// outbound is the stand-in's record of delivered messages, guarded by
// Server.mu.
type outbound struct {
	deliveries []Delivery
	perOpenID  map[string]int
	seen       map[string]seenMsg // openid + "\x00" + client_msg_id
	dropped    int
	faults     map[string][]Fault
}

type seenMsg struct {
	msgID int64
	at    time.Time
}

func (o *outbound) init() {
	o.perOpenID = map[string]int{}
	o.seen = map[string]seenMsg{}
	o.faults = map[string][]Fault{}
}

func (o *outbound) deliverLocked(d Delivery) int64 {
	o.deliveries = append(o.deliveries, d)
	o.perOpenID[d.OpenID]++
	return int64(len(o.deliveries))
}

func (s *Server) handleCustomSend(w http.ResponseWriter, r *http.Request) {
	if !s.checkToken(w, r) {
		return
	}
	var m struct {
		ToUser  string `json:"touser"`
		MsgType string `json:"msgtype"`
		Text    struct {
			Content string `json:"content"`
		} `json:"text"`
	}
	body, ok := s.decode(w, r, &m)
	if !ok {
		return
	}
	var e *apiError
	switch {
	case m.MsgType != "text":
		e = &errDataFormat
	case m.Text.Content == "":
		e = &errEmptyContent
	case len(m.Text.Content) > MaxTextBytes:
		e = &errContentTooLong
	}
	s.mu.Lock()
	if e == nil {
		e = s.recipientLocked(m.ToUser)
	}
	if e == nil {
		e = s.customAllowedLocked(m.ToUser)
	}
	if e != nil {
		s.mu.Unlock()
		s.refuse(w, r, *e, m.ToUser, string(body))
		return
	}
	s.out.deliverLocked(Delivery{Kind: "custom", OpenID: m.ToUser, Text: m.Text.Content, At: s.nowLocked()})
	s.mu.Unlock()
	writeOK(w, nil)
}

// CloseWindow ends openID's customer-service window, as when the user has
// not written for 48 hours: sends fail with 45015.
func (s *Server) CloseWindow(openID string) {
	s.mu.Lock()
	u := s.userLocked(openID)
	u.lastMsg, u.lastEvent = time.Time{}, time.Time{}
	s.mu.Unlock()
}

// Deliveries returns a copy of every message delivered so far.
func (s *Server) Deliveries() []Delivery {
	d, _ := s.DeliveriesSince(0)
	return d
}

// DeliveriesSince returns the messages delivered after the first since, and
// the index to ask from next time; the simulator chat polls it.
func (s *Server) DeliveriesSince(since int) ([]Delivery, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	since = min(max(since, 0), len(s.out.deliveries))
	return append([]Delivery(nil), s.out.deliveries[since:]...), len(s.out.deliveries)
}

// DeliveredTo returns how many messages openID received.
func (s *Server) DeliveredTo(openID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out.perOpenID[openID]
}

// DeliveryCounts returns how many messages each openid received.
func (s *Server) DeliveryCounts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.out.perOpenID))
	for k, v := range s.out.perOpenID {
		out[k] = v
	}
	return out
}

// Dropped returns how many template sends were dropped as repeats of a
// client_msg_id.
func (s *Server) Dropped() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out.dropped
}
